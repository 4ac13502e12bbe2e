from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kasane import audit
from kasane.core.backup import BackupError, check_backup, restore_from


class Command(BaseCommand):
    help = "バックアップを検査したうえで、SQLite データベースを復元します。アプリを停止してから実行してください。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="復元するバックアップファイル")
        parser.add_argument("--yes", action="store_true", help="確認せずに上書きする")
        parser.add_argument(
            "--without-head",
            action="store_true",
            help="バックアップの控え（.head）なしで復元する（末尾を削られたバックアップを見分けられません）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            without_head = bool(options["without_head"])
            entries = check_backup(path, verify_trail=True, without_head=without_head)
            if not options["yes"]:
                answer = input(
                    f"{path}（監査ログ {entries} 件）で現在のデータを上書きします。よろしいですか [y/N]: "
                )
                if answer.strip().lower() not in {"y", "yes"}:
                    raise CommandError("中止しました。")
            restore_from(path, without_head=without_head)
        except BackupError as error:
            raise CommandError(str(error)) from None
        with transaction.atomic():
            audit.log("system.restore", details={"source": str(path), "head_checked": not without_head})
        self.stdout.write(self.style.SUCCESS(f"{path} から復元しました。"))
