from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kasane.lib.dates import wareki_datetime
from kasane.staff.setup import AreaSpec, Setup, SetupRefused, set_up

# (option, what to ask, required)
QUESTIONS = (
    ("code", "全国地方公共団体コード（6桁・検査数字つき。例：032018）", True),
    ("name", "市町村名（例：盛岡市）", True),
    ("division", "事業を担当する課（例：盛岡市 地域福祉課）", True),
    ("admin_username", "最初の管理者のユーザー名（半角英数字。例：admin.chiiki）", True),
    ("admin_name", "管理者の氏名（例：地域 太郎）", True),
    ("admin_kana", "管理者のふりがな（例：ちいき たろう）", False),
    ("admin_email", "管理者のメールアドレス（省略可）", False),
)


def parse_area(text: str) -> AreaSpec:
    """「北部圏域=北山町,北上町」: an area's name, then the 町名 it covers."""
    name, _sep, towns = text.partition("=")
    listed = tuple(t.strip() for t in towns.replace("、", ",").split(",") if t.strip())
    return AreaSpec(name.strip(), listed)


class Command(BaseCommand):
    help = (
        "導入する市町村を設定します：市町村（全国地方公共団体コード）、日常生活圏域と町名、事業の担当課、"
        "最初の管理者（市の事業担当）。同じ内容で何度実行しても変わりません。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", help="全国地方公共団体コード（6桁）")
        parser.add_argument("--name", help="市町村名")
        parser.add_argument("--division", help="事業を担当する課の名前")
        parser.add_argument("--admin-username", help="最初の管理者のユーザー名")
        parser.add_argument("--admin-name", help="管理者の氏名")
        parser.add_argument("--admin-kana", default=None, help="管理者のふりがな")
        parser.add_argument("--admin-email", default=None, help="管理者のメールアドレス")
        parser.add_argument(
            "--area",
            action="append",
            default=[],
            help="日常生活圏域と町名（例：北部圏域=北山町,北上町）。圏域ごとに繰り返します。",
        )
        parser.add_argument(
            "--no-input", action="store_true", help="足りない項目を尋ねず、エラーにします（スクリプト用）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        answers = self._answers(options)
        setup = Setup(
            code=answers["code"],
            name=answers["name"],
            division=answers["division"],
            admin_username=answers["admin_username"],
            admin_name=answers["admin_name"],
            admin_kana=answers["admin_kana"],
            admin_email=answers["admin_email"],
            areas=tuple(parse_area(text) for text in options["area"]),
        )
        try:
            result = set_up(setup)
        except SetupRefused as refused:
            problems = "\n".join(f"・{p}" for p in refused.problems)
            raise CommandError(f"設定できませんでした。\n{problems}") from None
        city = result.municipality
        if result.added_areas:
            added = "、".join(result.added_areas)
            self.stdout.write(self.style.SUCCESS(f"{city.name}に日常生活圏域を加えました：{added}"))
            return
        if not result.created:
            self.stdout.write(
                f"{city.prefecture.name}{city.name}（{city.code}）は設定済みです。何も変更していません。"
            )
            return
        admin = result.admin
        self.stdout.write(
            self.style.SUCCESS(f"{city.prefecture.name}{city.name}（{city.code}）を設定しました。")
        )
        areas = "、".join(a.name for a in city.areas.all()) or "（なし。あとで画面から登録できます）"
        self.stdout.write(f"  日常生活圏域：{areas}")
        self.stdout.write(f"  担当課：{result.division.name}")
        self.stdout.write(f"  最初の管理者：{admin.full_name}（ユーザー名 {admin.username}・市の事業担当）")
        self.stdout.write(f"  仮パスワード：{result.password}")
        expires = wareki_datetime(admin.temporary_password_expires_at)
        self.stdout.write(
            f"  仮パスワードの期限：{expires}。この画面にしか表示しません。"
            "管理者本人に安全な方法で渡してください。\n"
            "  最初のログインで、本人がパスワードを決め、二段階認証（認証アプリの確認コード）を登録します。\n"
            "  続けて、機関一覧から相談支援機関を、職員管理から職員を登録してください。"
        )

    def _answers(self, options: dict[str, Any]) -> dict[str, str]:
        interactive = not options["no_input"] and sys.stdin.isatty()
        answers: dict[str, str] = {}
        missing = []
        for key, question, required in QUESTIONS:
            value = options.get(key)
            if value is None and interactive:
                value = input(f"{question}：").strip()
            if not value and required:
                missing.append(question.split("（")[0])
            answers[key] = value or ""
        if missing:
            raise CommandError("次の項目を指定してください：" + "、".join(missing))
        return answers
