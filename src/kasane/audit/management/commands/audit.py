from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kasane.audit.heads import head_file, publish_head
from kasane.audit.verify import verify_chain


class Command(BaseCommand):
    help = (
        "監査ログを扱います。verify: 鍵付きの連鎖ハッシュと署名付きの控えを照合し、改ざん・削除・挿入を検出します"
        "（前回の検証済み地点から。--full で最初の記録から）。"
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
        verify.add_argument(
            "--full",
            action="store_true",
            help="検証済み地点を使わず、すべての連鎖を最初の記録から検証する（検証済み地点より前の書き換えも検出）",
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
        report = verify_chain(backup=options["backup"], full=options["full"])
        if report.ok:
            heads = (
                f"控え {report.heads_checked} 件と一致"
                if report.heads_checked
                else "控えはまだありません。kasane audit publish-head を毎日実行してください"
            )
            walked = f"{report.chains} 本の連鎖の {report.checked} 件を"
            if report.resumed:
                walked += (
                    f"検証。うち {report.resumed} 本は前回の検証済み地点から検証しました。"
                    "それより前の記録まで確かめるには --full を付けてください"
                )
            else:
                walked += "最初の記録から検証"
            self.stdout.write(self.style.SUCCESS(f"監査ログは正常です（{walked}。{heads}）。"))
            return
        problems = [f"{brk.where}（#{brk.entry_id}）：{brk.reason}" for brk in report.breaks]
        problems.extend(report.checkpoint_problems)
        problems.extend(report.head_problems)
        raise CommandError("監査ログの異常を検出しました：\n" + "\n".join(f"・{p}" for p in problems))
