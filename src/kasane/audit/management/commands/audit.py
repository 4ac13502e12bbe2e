from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kasane.audit.verify import verify_chain


class Command(BaseCommand):
    help = "監査ログを扱います。verify: 連鎖ハッシュをたどり、改ざん・削除・挿入を検出します。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="監査ログの連鎖を検証する")

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.ok:
            self.stdout.write(self.style.SUCCESS(f"監査ログは正常です（{report.checked} 件を検証）。"))
            return
        brk = report.first_break
        assert brk is not None
        raise CommandError(
            f"監査ログの異常を検出しました：#{brk.entry_id} {brk.reason}（それ以前の {report.checked} 件は正常）"
        )
