"""What a column of a municipality's list can be in kasane, and a first guess from its heading.

The guess reads the headings staff and kintone apps commonly use (kintone's export names each column by its
field name, and adds レコード番号, 作成者, 作成日時, 更新者, 更新日時, which kasane does not take). Staff see the guess
on the mapping screen and change any of it before anything is checked.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

SKIP = ""


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    headings: tuple[str, ...]
    help: str = ""


TARGETS: tuple[Target, ...] = (
    Target(
        "household_key", "世帯番号（同じ値の行を1つの世帯に）", ("世帯番号", "世帯ID", "世帯コード", "世帯")
    ),
    Target("name", "氏名", ("氏名", "名前", "本人氏名", "相談者氏名", "対象者氏名")),
    Target("family_name", "姓", ("姓", "氏")),
    Target("given_name", "名", ("名",)),
    Target(
        "kana",
        "ふりがな",
        ("ふりがな", "フリガナ", "よみがな", "ヨミガナ", "カナ氏名", "氏名カナ", "氏名(カナ)"),
    ),
    Target("family_kana", "姓（ふりがな）", ("セイ", "せい", "姓カナ", "姓(カナ)")),
    Target("given_kana", "名（ふりがな）", ("メイ", "めい", "名カナ", "名(カナ)")),
    Target("sex", "性別", ("性別",)),
    Target("birth_date", "生年月日", ("生年月日", "誕生日")),
    Target("address", "住所", ("住所", "現住所", "所在地")),
    Target("phone", "電話（自宅）", ("電話", "電話番号", "自宅電話", "固定電話")),
    Target("mobile", "電話（携帯）", ("携帯", "携帯電話", "携帯番号", "携帯電話番号")),
    Target("email", "メールアドレス", ("メール", "メールアドレス", "Eメール")),
    Target("relationship", "続柄", ("続柄", "続き柄", "本人との続柄")),
    Target("notes", "備考", ("備考", "メモ", "特記事項")),
    # A row with 受付日 also records a 相談受付 for its person.
    Target("received_on", "相談の受付日", ("受付日", "相談日", "受付年月日", "初回相談日", "相談受付日")),
    Target("channel", "相談の方法（来所・電話・訪問など）", ("相談方法", "受付方法", "方法", "相談形態")),
    Target("visitor", "相談に来た人（本人・家族など）", ("相談者", "来談者", "相談者区分")),
    Target("topics", "相談内容（区分）", ("相談内容", "相談区分", "主な相談内容", "相談種別")),
    Target("complaint", "主訴（相談の概要）", ("主訴", "相談概要", "相談の概要", "相談要旨", "概要")),
    Target("response", "対応", ("対応", "対応内容", "受付時の対応")),
)
CONSULTATION_KEYS = ("received_on", "channel", "visitor", "topics", "complaint", "response")
BY_KEY = {t.key: t for t in TARGETS}
# kintone's own columns, and others that are never a person's field.
NEVER = frozenset(
    {"レコード番号", "作成者", "作成日時", "更新者", "更新日時", "ステータス", "作業者", "$id", "$revision"}
)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("　", "").strip().lower()


def guess(headings: list[str]) -> dict[str, str]:
    """Column index (as text) → target key, for the headings kasane recognises; each target at most once."""
    taken: set[str] = set()
    mapping: dict[str, str] = {}
    for index, heading in enumerate(headings):
        folded = _fold(heading)
        if not folded or heading.strip() in NEVER:
            continue
        for target in TARGETS:
            if target.key not in taken and folded in {_fold(h) for h in target.headings}:
                mapping[str(index)] = target.key
                taken.add(target.key)
                break
    return mapping
