"""The audit trail: one append-only, hash-chained store of what happened.

Each entry's hash is an HMAC-SHA256, under a key held outside the database (``settings.AUDIT_KEY``), of
its own content and the previous entry's hash, so changing, deleting or inserting a row anywhere breaks the
chain at that point (``kasane audit verify`` finds it).

There is one chain per municipality (``chain`` is the municipality's id, 0 for entries that have none), so
writers in different municipalities never wait for each other; ``seq`` is the entry's place in its chain and
is hashed with it. Entries written before the chains were partitioned (``seq`` is NULL: the legacy scheme)
form one chain over the whole deployment in id order, their id hashed instead; they are verified as they were
written and never rewritten. Without the key the chain cannot be recomputed after
a change. Removing the newest entries leaves a shorter chain that is still whole; the signed heads written
outside the database (``heads.py``) catch that. Database triggers refuse UPDATE and DELETE, and the model
refuses them too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.db import models


class Basis(models.TextChoices):
    """The legal basis on which personal data was disclosed (個人情報保護法: every disclosure needs one)."""

    NONE = "", "（開示なし）"
    OWN = "own", "自機関の記録"
    CONSENT = "consent", "本人同意"
    SW106_6 = "sw106_6", "社会福祉法第106条の6（支援会議）"
    CASE_TEAM = "case_team", "支援チームへの参加"
    REFERRAL = "referral", "つなぎの受理"
    LAW_OTHER = "law_other", "その他の法令"
    OTHER = "other", "その他"


class AppendOnlyError(RuntimeError):
    pass


class AuditEntry(models.Model):
    created_at = models.DateTimeField("日時", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Snapshots: the trail must still read correctly after a user or agency is renamed or removed.
    actor_username = models.CharField("ユーザー名", max_length=150, blank=True)
    actor_name = models.CharField("氏名", max_length=60, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency_name = models.CharField("機関名", max_length=120, blank=True)
    municipality = models.ForeignKey(
        "tenancy.Municipality", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField("操作", max_length=60, db_index=True)
    object_type = models.CharField("対象の種類", max_length=60, blank=True)
    object_id = models.CharField("対象ID", max_length=64, blank=True)
    object_label = models.CharField("対象", max_length=200, blank=True)
    person_id = models.CharField("本人ID", max_length=64, blank=True, db_index=True)
    basis = models.CharField("法的根拠", max_length=20, choices=Basis.choices, blank=True)
    basis_ref = models.CharField("根拠の参照", max_length=200, blank=True, help_text="同意ID、会議ID など")
    ip_address = models.GenericIPAddressField("接続元", null=True, blank=True)
    details = models.JSONField("詳細", default=dict, blank=True)
    # NULL on the legacy rows. Not a foreign key: the chain outlives the municipality's row.
    chain = models.PositiveIntegerField("連鎖", null=True, blank=True)
    seq = models.PositiveBigIntegerField("連鎖内の番号", null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "監査ログ"
        verbose_name_plural = "監査ログ"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["municipality", "-id"], name="audit_muni_recent"),
            # The legacy rows alone, so that their end and anything appended after it are found without
            # reading the chained rows.
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="audit_legacy"),
        ]
        # Partial, so that the legacy rows (no chain) stay out of it, and so that SQLite adds it without
        # rebuilding the table (a rebuild would drop the append-only triggers). It also serves the head of a
        # chain: WHERE chain = %s AND seq IS NOT NULL ORDER BY seq DESC LIMIT 1.
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "seq"], condition=models.Q(seq__isnull=False), name="audit_chain_seq"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries cannot be deleted")

    @property
    def is_legacy(self) -> bool:
        """Written under the single global chain, before the chains were partitioned."""
        return self.seq is None

    def hashed_content(self) -> dict[str, Any]:
        """Everything an entry asserts, with its place (chain and seq; the id on a legacy row) so that
        reordering rows is detected."""
        place: dict[str, Any] = {"id": self.pk} if self.is_legacy else {"chain": self.chain, "seq": self.seq}
        return {
            **place,
            "created_at": self.created_at.isoformat(timespec="microseconds"),
            "actor": self.actor_id,
            "actor_username": self.actor_username,
            "actor_name": self.actor_name,
            "agency": self.agency_id,
            "agency_name": self.agency_name,
            "municipality": self.municipality_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_label": self.object_label,
            "person_id": self.person_id,
            "basis": self.basis,
            "basis_ref": self.basis_ref,
            "ip_address": self.ip_address,
            "details": self.details,
        }

    def _signed_bytes(self) -> bytes:
        payload = json.dumps(self.hashed_content(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return (self.prev_hash + payload).encode()

    def compute_hash(self) -> str:
        return hmac.new(audit_key(), self._signed_bytes(), hashlib.sha256).hexdigest()

    def unkeyed_hash(self) -> str:
        """The plain SHA-256 of the same bytes: what the chain held before it was keyed, and what someone
        who rewrites the table without the key can compute. Used only to say so when verification fails."""
        return hashlib.sha256(self._signed_bytes()).hexdigest()

    @property
    def action_label(self) -> str:
        from kasane.audit.actions import label  # noqa: PLC0415 - the catalogue of actions reads every app's list

        return label(self.action)


class AuditCheckpoint(models.Model):
    """A place in a chain up to which ``kasane audit verify`` found it whole, signed with the audit key, so the
    next verify starts there. ``chain`` is NULL for the legacy chain (``seq`` then holds its last id). Deleting a
    checkpoint only makes the next verify longer; forging one needs the key."""

    chain = models.PositiveIntegerField("連鎖", null=True, blank=True)
    seq = models.PositiveBigIntegerField("連鎖内の番号")
    entry_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField("日時")
    signature = models.CharField(max_length=64)

    class Meta:
        verbose_name = "監査ログの検証済み地点"
        verbose_name_plural = "監査ログの検証済み地点"
        indexes = [models.Index(fields=["chain", "-seq"], name="audit_checkpoint_latest")]

    def __str__(self) -> str:
        return f"{self.chain}:{self.seq}"

    def fields(self) -> dict[str, Any]:
        return {
            "chain": self.chain,
            "seq": self.seq,
            "entry_hash": self.entry_hash,
            "created_at": self.created_at.isoformat(timespec="microseconds"),
        }

    def compute_signature(self) -> str:
        payload = json.dumps(self.fields(), sort_keys=True, separators=(",", ":")).encode()
        return hmac.new(audit_key(), _CHECKPOINT_DOMAIN + payload, hashlib.sha256).hexdigest()

    def signed(self) -> bool:
        return hmac.compare_digest(self.signature, self.compute_signature())


# Keeps a checkpoint's signature from ever being taken for an entry's hash or a head's signature, which are made
# with the same key.
_CHECKPOINT_DOMAIN = b"kasane-audit-checkpoint\n"
GENESIS_HASH = "0" * 64
NO_MUNICIPALITY = 0


def chain_of(municipality_id: int | None) -> int:
    return municipality_id or NO_MUNICIPALITY


def audit_key() -> bytes:
    return str(settings.AUDIT_KEY).encode()
