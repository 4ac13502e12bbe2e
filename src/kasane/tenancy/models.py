"""都道府県 → 市町村 → (日常生活圏域). Every record that can hold personal data hangs from a municipality."""

from __future__ import annotations

from django.db import models

from kasane.lib.text import search_key


class Prefecture(models.Model):
    code = models.CharField("都道府県コード", max_length=2, unique=True)
    name = models.CharField("都道府県名", max_length=10, unique=True)

    class Meta:
        verbose_name = "都道府県"
        verbose_name_plural = "都道府県"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    prefecture = models.ForeignKey(Prefecture, on_delete=models.PROTECT, related_name="municipalities")
    code = models.CharField(
        "市町村コード", max_length=6, unique=True, help_text="全国地方公共団体コード（6桁）"
    )
    name = models.CharField("市町村名", max_length=40)
    population = models.PositiveIntegerField("人口", null=True, blank=True)

    class Meta:
        verbose_name = "市町村"
        verbose_name_plural = "市町村"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """日常生活圏域. `towns` lists the 町名 it covers, one per line, so an address can find its area."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField("圏域名", max_length=40)
    towns = models.TextField("含まれる町名", blank=True, help_text="1行に1つ。住所からの圏域判定に使います。")
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        verbose_name = "日常生活圏域"
        verbose_name_plural = "日常生活圏域"
        ordering = ["municipality", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="area_unique_name")]

    def __str__(self) -> str:
        return self.name

    def town_list(self) -> list[str]:
        return [line.strip() for line in self.towns.splitlines() if line.strip()]


def area_for_address(municipality: Municipality, address: str) -> Area | None:
    """The area whose longest listed town name appears in the address (北上町 beats 北町)."""
    key = search_key(address)
    if not key:
        return None
    best: tuple[int, Area] | None = None
    for area in municipality.areas.all():
        for town in area.town_list():
            town_key = search_key(town)
            if town_key and town_key in key and (best is None or len(town_key) > best[0]):
                best = (len(town_key), area)
    return best[1] if best else None
