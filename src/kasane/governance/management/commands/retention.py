from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kasane.governance import retention
from kasane.lib.dates import wareki
from kasane.tenancy.models import Municipality


class Command(BaseCommand):
    help = (
        "保存期間を過ぎた世帯の個人情報を匿名化します。既定は確認のみ（何も変更しません）。"
        "--apply で実行します。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--municipality", metavar="CODE", help="市町村コード（6桁）。省略するとすべての市町村"
        )
        parser.add_argument("--apply", action="store_true", help="確認だけでなく、実際に匿名化する")

    def handle(self, *args: Any, **options: Any) -> None:
        municipalities = Municipality.objects.order_by("code")
        if options["municipality"]:
            municipalities = municipalities.filter(code=options["municipality"])
            if not municipalities.exists():
                raise CommandError(f"市町村コード {options['municipality']} の市町村はありません。")
        for municipality in municipalities:
            self._one(municipality, apply=options["apply"])
        if not options["apply"]:
            self.stdout.write("確認のみです。匿名化するには --apply を付けて実行してください。")

    def _one(self, municipality: Municipality, *, apply: bool) -> None:
        plan = retention.preview(municipality)
        self.stdout.write(
            f"{municipality.name}（{municipality.code}）：保存期間 {plan.years}年、"
            f"最後の記録が{wareki(plan.last_kept_day)}以前の世帯が対象 — {plan.households}世帯"
        )
        for tally in plan.tallies:
            if tally.count:
                span = f"{wareki(tally.oldest)}〜{wareki(tally.newest)}" if tally.oldest else ""
                self.stdout.write(f"  {tally.label}：{tally.count}件　{span}")
        for tally in plan.unlinked:
            if tally.count:
                span = f"{wareki(tally.oldest)}〜{wareki(tally.newest)}" if tally.oldest else ""
                self.stdout.write(f"  {tally.label}：{tally.count}件　{span}")
        for label, count in plan.kept_back:
            self.stdout.write(f"  （対象外）{label}の記録があるため匿名化できない世帯：{count}世帯")
        if apply:
            outcome = retention.anonymise_due(municipality)
            self.stdout.write(
                self.style.SUCCESS(f"  {len(outcome.household_ids)}世帯の個人情報を匿名化しました。")
            )
