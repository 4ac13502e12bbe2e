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

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            entries = check_backup(path, verify_trail=True)
            if not options["yes"]:
                answer = input(
                    f"{path}（監査ログ {entries} 件）で現在のデータを上書きします。よろしいですか [y/N]: "
                )
                if answer.strip().lower() not in {"y", "yes"}:
                    raise CommandError("中止しました。")
            restore_from(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        with transaction.atomic():
            audit.log("system.restore", details={"source": str(path)})
        self.stdout.write(self.style.SUCCESS(f"{path} から復元しました。"))
