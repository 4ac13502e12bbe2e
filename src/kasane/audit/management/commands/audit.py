from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kasane.audit.heads import head_file, publish_head
from kasane.audit.verify import verify_chain


class Command(BaseCommand):
    help = (
        "監査ログを扱います。verify: 鍵付きの連鎖ハッシュと署名付きの控えを照合し、改ざん・削除・挿入を検出します。"
        "publish-head: 監査ログの件数と最新のハッシュを署名付きの控えとしてデータベースの外に書き出します（毎日実行）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="監査ログの連鎖と控えを検証する")
        verify.add_argument(
            "--backup",
            action="store_true",
            help="復元したバックアップを検査する（バックアップより新しい控えとは照合しない）",
        )
        publish = sub.add_parser("publish-head", help="監査ログの控え（署名付き）を書き出す")
        publish.add_argument(
            "--restored",
            action="store_true",
            help="pg_restore などで復元した直後に使う（復元で置き換わった記録の控えを以後照合しない）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "publish-head":
            head = publish_head(kind="restore" if options["restored"] else "head")
            self.stdout.write(self.style.SUCCESS(f"{head.label}を {head_file()} に書き出しました。"))
            self.stdout.write(head.line())
            return
        report = verify_chain(backup=options["backup"])
        if report.ok:
            heads = (
                f"控え {report.heads_checked} 件と一致"
                if report.heads_checked
                else "控えはまだありません。kasane audit publish-head を毎日実行してください"
            )
            self.stdout.write(
                self.style.SUCCESS(f"監査ログは正常です（{report.checked} 件を検証、{heads}）。")
            )
            return
        problems = []
        if report.first_break is not None:
            brk = report.first_break
            problems.append(f"#{brk.entry_id} {brk.reason}（それ以前の {report.checked} 件は正常）")
        problems.extend(report.head_problems)
        raise CommandError("監査ログの異常を検出しました：\n" + "\n".join(f"・{p}" for p in problems))
