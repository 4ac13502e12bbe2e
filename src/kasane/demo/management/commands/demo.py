from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from kasane.audit.heads import head_file
from kasane.demo import loader as demo
from kasane.dispatch.models import Dispatch
from kasane.events.models import Event
from kasane.questionnaires.models import Questionnaire, Response
from kasane.readiness.models import MunicipalityProfile


class Command(BaseCommand):
    help = "デモ用の市（かさね市）を用意して、アプリを起動します。2回目以降はデータを引き継ぎます。"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="待ち受けるポート（既定: 8000）")
        parser.add_argument("--reset", action="store_true", help="データを消去して最初から作り直す")
        parser.add_argument("--no-serve", action="store_true", help="データを用意するだけで、起動しない")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["port"] <= 65535:
            raise CommandError("--port には 1〜65535 の番号を指定してください。")
        if options["reset"]:
            self._reset()
        call_command("migrate", interactive=False, verbosity=0)
        if demo.demo_loaded():
            self.stdout.write("既存のデモデータを使います（作り直すときは --reset）。")
        else:
            self.stdout.write("デモ用の市のデータを作成しています…")
            demo.load_demo()
            c = demo.last_case_counts
            if c:
                self.stdout.write(
                    f"世帯 {c['households']}・{c['persons']}人、相談 {c['consultations']}件、"
                    f"つなぎ {c['referrals']}件、ケース {c['cases']}件を用意しました。"
                )
            if c.get("outreach_targets"):
                self.stdout.write(
                    f"アウトリーチ（社協・kyodo）：関係機関等への訪問 {c['agency_visits']}件、"
                    f"対象 {c['outreach_targets']}人（接触 {c['outreach_contacts']}回）を用意しました。"
                )
            if c.get("resources"):
                self.stdout.write(
                    f"参加支援：社会資源 {c['resources']}件、参加支援 {c['engagements']}件"
                    f"（受け入れ {c['placements']}件）、資源開拓 {c['developments']}件を用意しました。"
                )
            if c.get("places"):
                self.stdout.write(
                    f"地域づくり：居場所 {c['places']}か所、開催記録 {c['gatherings']}件、"
                    f"コーディネート {c['coordinations']}件、ハブラボ {c['platform_sessions']}回を用意しました。"
                )
            self.stdout.write(self._backup_summary())
        self._print_accounts(demo.demo_accounts(), demo.DEMO_PASSWORD, options["port"])
        if not options["no_serve"]:
            call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)

    def _backup_summary(self) -> str:
        """後方支援: counted from what the demo just created, for ken and fasi to explore (the ハブラボ's
        questionnaires are かさね市's own)."""
        prefectural = Questionnaire.objects.filter(municipality__isnull=True)
        answers = Response.objects.filter(questionnaire__municipality__isnull=True)
        return (
            f"後方支援（北海道）：市町村 {MunicipalityProfile.objects.count()}、研修・会議 {Event.objects.count()}回、"
            f"アンケート {prefectural.count()}件（回答 {answers.count()}件）、"
            f"専門家派遣 {Dispatch.objects.count()}件を用意しました。"
        )

    def _reset(self) -> None:
        if connection.vendor != "sqlite":
            raise CommandError(
                "--reset は SQLite でだけ使えます。PostgreSQL ではデータベースを作り直してください。"
            )
        path = Path(settings.DATABASES["default"]["NAME"])
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        # The audit trail's heads described the database just removed; the new one starts its own.
        head_file().unlink(missing_ok=True)
        self.stdout.write(f"データを消去しました: {path}")

    def _print_accounts(self, accounts: list[Any], password: str, port: int) -> None:
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"kasane デモ： http://127.0.0.1:{port}/ をブラウザで開いてください。"))
        out.write(f"データの保存先: {settings.DATA_DIR}")
        out.write("")
        out.write("デモ用アカウント（パスワードはすべて共通）:")
        width = max((len(a.username) for a in accounts), default=8)
        for account in accounts:
            out.write(
                f"  {account.username.ljust(width)}  {account.role_name}（{account.agency_name}・{account.full_name}）"
            )
        out.write(f"パスワード: {password}")
        out.write("")
