"""What many records share: who wrote them (``Authored``), and how the audit trail names them
(``AuditLabelled``: "支援プラン No.12", the noun and the number, never the content, since the trail is kept
forever and must not keep names or free text)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models


class AuditLabelled:
    """Names the record in the audit trail by ``audit_noun`` and its number."""

    audit_noun: ClassVar[str]
    pk: Any

    @property
    def audit_label(self) -> str:
        return f"{self.audit_noun} No.{self.pk}"


class Authored(models.Model):
    """A record a member of staff wrote: the account (kept null if it is ever removed), the name as it was
    when written, and when."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
