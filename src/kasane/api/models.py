"""What the API keeps of its own: the idempotency keys of creates (``kasane.api.idempotency``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    """A create already answered for this caller under this key. No personal data: the body's fingerprint,
    and the kind and number of the record it created, which is shown again through its access helper."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    # SHA-256 of the operation and its body: the same key with another request is refused.
    fingerprint = models.CharField(max_length=64)
    kind = models.CharField(max_length=40)
    record_id = models.BigIntegerField()
    status = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_key_per_user")]
        # Expired rows are cleared per caller as it creates again.
        indexes = [models.Index(fields=["user", "created_at"], name="api_idempotency_expiry")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.record_id}"
