"""kasane's spreadsheet template: its columns in order, and the words a cell may use for each choice. The
reader (``table_import.py``) and the writer (``sheets.py``) share them, so export → edit → import meets the
same columns both ways."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from kasane.resources.models import Category, Funding, Load, OrganizationKind, Status

# Header → the model field it fills, for the columns read as plain text or ○/×; the others are read one by
# one (table_import.py) and written one by one (sheets.py). HEADERS is the template's order.
SERVICE_TEXT = {
    "名称": "name",
    "内容": "description",
    "参加する人ができること": "activities",
    "対象・条件": "eligibility",
    "費用": "cost",
    "担当者": "contact_name",
    "電話番号": "contact_phone",
    "申込方法": "application",
}
FLAGS = {
    "人と話すのが苦手でも参加しやすい": "suits_shy",
    "送迎あり": "transport_provided",
    "受け入れ先になれる": "hosts_participants",
    "受け入れ経験あり": "hosted_before",
}
LOCATION_TEXT = {
    "場所": "name",
    "住所": "address",
    "交通・アクセス": "transportation",
    "バリアフリー": "accessibility",
}
SCHEDULE_COLUMNS = ("曜日", "開始時刻", "終了時刻", "日程の補足")
ID_HEADER = "ID"
HEADERS = (
    "名称", "ふりがな", "運営団体", "団体の種類", "種類", "財源", "内容", "参加する人ができること",
    "体への負担", *FLAGS, "対象・条件", "費用", "受け入れ可能な人数", "場所", "住所", "圏域",
    "交通・アクセス", "バリアフリー", *SCHEDULE_COLUMNS, "担当者", "電話番号", "メールアドレス", "申込方法",
    "状況", ID_HEADER,
)  # fmt: skip
EXAMPLE_MARK = "（例）"
TRUE_WORDS = {"○", "◯", "〇", "はい", "あり", "有", "有り", "可", "yes", "y", "true", "1", "✓", "✔"}
FALSE_WORDS = {"×", "✕", "☓", "いいえ", "なし", "無", "無し", "不可", "no", "n", "false", "0", "-", "ー", ""}


def fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _aliases(choices: Any, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Each choice read by its code, its label and the parts of its label (「補助なし（自主運営）」 also as
    「補助なし」 and 「自主運営」)."""
    found: dict[str, str] = {}
    for code, label in choices.choices:
        for word in [code, label, *re.split(r"[・（）()]", label)]:
            if word.strip():
                found.setdefault(fold(word), code)
    found.update({fold(k): v for k, v in (extra or {}).items()})
    return found


CATEGORY_WORDS = _aliases(
    Category, {"こども食堂": Category.KODOMO_SHOKUDO, "子供食堂": Category.KODOMO_SHOKUDO}
)
FUNDING_WORDS = _aliases(Funding, {"なし": Funding.NONE})
LOAD_WORDS = _aliases(Load)
STATUS_WORDS = _aliases(Status, {"休止": Status.PAUSED, "活動中": Status.ACTIVE})
KIND_WORDS = _aliases(OrganizationKind)
