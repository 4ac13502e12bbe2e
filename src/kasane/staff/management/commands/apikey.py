"""`kasane apikey create|revoke|list`: the same keys as 職員管理 › APIキー, for whoever runs the server."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kasane.accounts.apikeys.models import API_SCOPES, ApiKey
from kasane.accounts.apikeys.services import KeyRefused, issue_key, revoke_key
from kasane.agencies.models import Agency
from kasane.audit.actor import Actor
from kasane.lib.dates import TOKYO, wareki_datetime


class Command(BaseCommand):
    help = "他のシステムが API を使うための APIキーを発行・失効・一覧表示します。"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="APIキーを発行します（キーは一度だけ表示されます）")
        create.add_argument("--name", required=True, help="システム名（例：生活困窮自立支援システム）")
        create.add_argument("--agency", required=True, type=int, help="キーが職員として動く機関の番号")
        create.add_argument(
            "--scope",
            action="append",
            required=True,
            choices=API_SCOPES,
            help="付ける権限（繰り返して複数指定）",
        )
        create.add_argument("--expires", help="有効期限（この日の終わりまで。例：2027-03-31）")
        revoke = actions.add_parser("revoke", help="APIキーを失効させます")
        revoke.add_argument("key", help="キーの識別子（例：kasane_1a2b3c4d）")
        actions.add_parser("list", help="APIキーの一覧を表示します")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except KeyRefused as refusal:
            raise CommandError(str(refusal)) from None

    def _create(self, options: dict[str, Any]) -> None:
        agency = Agency.objects.filter(pk=options["agency"], municipality__isnull=False).first()
        if agency is None:
            raise CommandError("その番号の市町村の機関はありません。")
        key, secret = issue_key(
            name=options["name"],
            agency=agency,
            scopes=options["scope"],
            expires_at=_end_of(options["expires"]) if options["expires"] else None,
            actor=Actor(municipality=agency.municipality),
        )
        self.stdout.write(f"「{key.name}」のAPIキーを発行しました（{agency.name}、識別子 {key.label}）。")
        self.stdout.write("キーは今回だけ表示されます。保存されないため、あとから確認することはできません。")
        self.stdout.write(secret)

    def _revoke(self, options: dict[str, Any]) -> None:
        prefix = options["key"].removeprefix("kasane_")
        key = ApiKey.objects.select_related("agency__municipality").filter(prefix=prefix).first()
        if key is None:
            raise CommandError("その識別子のAPIキーはありません。")
        revoke_key(key, actor=Actor(municipality=key.agency.municipality))
        self.stdout.write(f"「{key.name}」のAPIキー（{key.label}）を失効させました。")

    def _list(self, options: dict[str, Any]) -> None:
        for key in ApiKey.objects.select_related("agency"):
            used = wareki_datetime(key.last_used_at) or "未使用"
            self.stdout.write(
                f"{key.label}\t{key.status_label()}\t{key.name}\t{key.agency.name}\t"
                f"{','.join(key.scopes)}\t最終利用 {used}"
            )


def _end_of(text: str) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError("有効期限は YYYY-MM-DD の形で指定してください。") from None
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=TOKYO)
