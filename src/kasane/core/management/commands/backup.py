from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kasane.core.backup import BackupError, backup_to
from kasane.lib.env import private_dir


class Command(BaseCommand):
    help = "SQLite データベースの一貫したバックアップを取得します（稼働中でも可）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", nargs="?", help="保存先のファイル（省略時はデータディレクトリの backups/）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        if options["path"]:
            target = Path(options["path"])
        else:
            target = private_dir(settings.DATA_DIR / "backups") / f"kasane-{stamp}.sqlite3"
        try:
            backup_to(target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"バックアップを保存しました: {target}"))
