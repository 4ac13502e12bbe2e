"""The chains of the trail as the database holds them: which exist, where each ends, what to call each."""

from __future__ import annotations

from django.db import connections

from kasane.audit.models import NO_MUNICIPALITY, AuditEntry
from kasane.tenancy.models import Municipality

# Every chain key with at least one entry, found by hopping along the (chain, seq) index from one key to the
# next: a few index probes per chain, however long the chains are, on SQLite and PostgreSQL alike.
_CHAIN_KEYS = """
WITH RECURSIVE keys(chain) AS (
    SELECT MIN(chain) FROM audit_auditentry WHERE seq IS NOT NULL
    UNION ALL
    SELECT (SELECT MIN(e.chain) FROM audit_auditentry e WHERE e.seq IS NOT NULL AND e.chain > keys.chain)
    FROM keys WHERE keys.chain IS NOT NULL
)
SELECT chain FROM keys WHERE chain IS NOT NULL
"""


def chain_keys(using: str = "default") -> list[int]:
    with connections[using].cursor() as cursor:
        cursor.execute(_CHAIN_KEYS)
        return [int(row[0]) for row in cursor.fetchall()]


def chain_end(chain: int, using: str = "default") -> tuple[int, str] | None:
    """The seq and hash of the chain's last entry, read from the (chain, seq) index."""
    row = (
        AuditEntry.objects.using(using)
        .filter(chain=chain, seq__isnull=False)
        .order_by("-seq")
        .values_list("seq", "entry_hash")
        .first()
    )
    return (row[0] or 0, row[1]) if row else None


def legacy_end(using: str = "default") -> tuple[int, str] | None:
    """The id and hash of the last entry written under the single global chain."""
    return (
        AuditEntry.objects.using(using)
        .filter(seq__isnull=True)
        .order_by("-id")
        .values_list("id", "entry_hash")
        .first()
    )


def chain_name(chain: int | None, using: str = "default") -> str:
    """What a report calls a chain: the municipality's name where it still exists."""
    if chain is None:
        return "分割前の連鎖"
    if chain == NO_MUNICIPALITY:
        return "市町村のない記録の連鎖"
    name = Municipality.objects.using(using).filter(pk=chain).values_list("name", flat=True).first()
    return f"{name}の連鎖" if name else f"連鎖 {chain}"
