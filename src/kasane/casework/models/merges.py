"""名寄せ's records: a merge of two records of one person, kept so that it can be undone exactly, and a pair
that staff judged to be two different people, so that it is not offered again."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q

from kasane.lib.nayose import FIELD_LABELS
from kasane.lib.records import AuditLabelled

__all__ = ["DistinctPair", "Merge"]


class Merge(AuditLabelled, models.Model):
    """``merged`` was found to be ``survivor`` recorded twice. Nothing is deleted: ``merged`` points at the
    survivor (``Person.merged_into``) and every record that pointed at it points at the survivor instead.
    ``moved`` remembers each move (``{"app.model": {"field": [pk, …]}}``) and ``unlinked`` the links a case
    held to both (its row, to be made again as it was), so that an undo puts back exactly what was moved."""

    audit_noun = "名寄せ"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("casework.Person", on_delete=models.PROTECT, related_name="+")
    survivor = models.ForeignKey("casework.Person", on_delete=models.PROTECT, related_name="+")
    probability = models.FloatField("一致の見込み")
    evidence = models.JSONField("根拠", default=dict)
    note = models.CharField("確認したこと", max_length=200)
    moved = models.JSONField(default=dict)
    unlinked = models.JSONField(default=list)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField()
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "名寄せ（まとめた記録）"
        verbose_name_plural = "名寄せ（まとめた記録）"
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"

    @property
    def percent(self) -> int:
        """The probability as the list shows it (rounded down: 0.996 is not 「100%」)."""
        return int(self.probability * 100)

    def evidence_lines(self) -> list[tuple[str, str]]:
        """(field in Japanese, the evidence in words), in the order the review screen shows them."""
        return [(FIELD_LABELS.get(key, key), words) for key, words in self.evidence.items()]

    @property
    def moved_count(self) -> int:
        return sum(len(pks) for fields in self.moved.values() for pks in fields.values())

    def moved_by_kind(self) -> list[tuple[str, int]]:
        """(the kind of record in Japanese, how many moved), for the merge's page."""
        counts: dict[str, int] = {}
        for label, fields in self.moved.items():
            model: Any = apps.get_model(label)
            name = str(model._meta.verbose_name)
            counts[name] = counts.get(name, 0) + sum(len(pks) for pks in fields.values())
        if self.unlinked:
            counts["ケースの支援対象者（重なり）"] = len(self.unlinked)
        return sorted(counts.items())


class DistinctPair(AuditLabelled, models.Model):
    """Two records staff judged to be different people (「別の人」): the pair is not offered again while the
    judgement stands. Withdrawing it keeps the row (``withdrawn_at``), so the trail and the page agree."""

    audit_noun = "名寄せ（別の人）"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    first = models.ForeignKey("casework.Person", on_delete=models.PROTECT, related_name="+")
    second = models.ForeignKey("casework.Person", on_delete=models.PROTECT, related_name="+")
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField()
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "名寄せ（別の人）"
        verbose_name_plural = "名寄せ（別の人）"
        ordering = ["-marked_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="distinct_pair_ordered"),
            models.UniqueConstraint(
                fields=["first", "second"],
                condition=Q(withdrawn_at__isnull=True),
                name="distinct_pair_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ≠ {self.second_id}"
