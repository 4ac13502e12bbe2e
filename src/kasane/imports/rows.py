"""The rows of a municipality's list, read with the columns staff mapped, into households and persons (not
saved); every problem of every row, by line.

Dates are read as staff write them, 和暦 or 西暦 (昭和45年3月2日, S45.3.2, 1970/3/2, an Excel date); ふりがな in
any width or script becomes hiragana (ﾀｶﾊｼ → たかはし); names are kept exactly as typed (NFKC would fold some
compatibility kanji). Rows with the same 世帯番号 make one household; its main person is the row whose 続柄 is
本人 (or 世帯主), else its first row. A row without 世帯番号 is a household of its own.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from kasane.casework.forms.consultations import ConsultationForm
from kasane.casework.models import Household, Person, Relationship, Sex
from kasane.casework.models.consultations import Channel, ConsentVariant, Response, Topic, Visitor
from kasane.imports.columns import CONSULTATION_KEYS
from kasane.lib.dates import parse_date_input
from kasane.tenancy.models import Municipality

LENGTHS = {"name": 60, "kana": 60, "address": 200, "phone": 30, "mobile": 30, "email": 120}
LABELS = {
    "name": "氏名",
    "kana": "ふりがな",
    "address": "住所",
    "phone": "電話",
    "mobile": "携帯",
    "email": "メールアドレス",
}
SEX_WORDS = {
    Sex.MALE: ("男", "男性", "m", "male", "1"),
    Sex.FEMALE: ("女", "女性", "f", "female", "2"),
    Sex.OTHER: ("その他",),
    Sex.UNANSWERED: ("", "不明", "未回答", "回答なし", "-", "0", "9"),
}
# A column the file lacks: every 相談受付 gets this value, and the check says so.
CONSULTATION_DEFAULTS = {
    "channel": (Channel.OTHER, "その他"),
    "visitor": (Visitor.SELF, "本人"),
    "response": (Response.CONTINUE, "自機関で継続支援"),
}
DEFAULT_LABELS = {"channel": "相談の方法", "visitor": "相談に来た人", "response": "対応"}
KINDS: dict[str, Any] = {"channel": Channel, "visitor": Visitor, "response": Response}
RELATIONSHIP_BY_LABEL = {label: value for value, label in Relationship.choices} | {
    "世帯主": Relationship.SELF
}


@dataclass
class Parsed:
    # (line, household, members) with unsaved records, in file order.
    families: list[tuple[int, Household, list[tuple[int, Person]]]] = field(default_factory=list)
    # (line, person, the 相談受付 form's data) for the rows that record one.
    consultations: list[tuple[int, Person, dict[str, Any]]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    # What a missing column becomes for every 相談受付 (label → value shown), said on the check.
    defaults: dict[str, str] = field(default_factory=dict)

    @property
    def persons(self) -> int:
        return sum(len(members) for _, _, members in self.families)


def hiragana(text: str) -> str:
    """ﾀｶﾊｼ, タカハシ, たかはし → たかはし; the space between family and given name kept."""
    folded = unicodedata.normalize("NFKC", text).strip()
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in folded)


def _sex(text: str) -> str:
    value = unicodedata.normalize("NFKC", text).strip().lower()
    for sex, words in SEX_WORDS.items():
        if value in words:
            return str(sex)
    raise ValueError(f"性別「{text}」は 男・女・その他 のいずれかにしてください")


def _relationship(text: str) -> str:
    value = unicodedata.normalize("NFKC", text).strip()
    if value in RELATIONSHIP_BY_LABEL:
        return str(RELATIONSHIP_BY_LABEL[value])
    raise ValueError(f"続柄「{text}」は読み取れません（例：本人、妻、長男、母）")


def read_rows(
    table: list[list[str]], mapping: dict[str, str], *, today: dt.date, municipality: Municipality
) -> Parsed:
    """The table's rows under its first non-empty row (the headings), read through ``mapping``."""
    parsed = Parsed()
    columns = {key: int(index) for index, key in mapping.items() if key}
    consulting = any(key in columns for key in CONSULTATION_KEYS)
    if consulting:
        parsed.defaults = {
            DEFAULT_LABELS[key]: label
            for key, (_, label) in CONSULTATION_DEFAULTS.items()
            if key not in columns
        }
    started = False
    groups: dict[str, tuple[int, Household, list[tuple[int, Person]]]] = {}
    for number, cells in enumerate(table, start=1):
        if not any(c.strip() for c in cells):
            continue
        if not started:
            started = True  # the headings
            continue

        def cell(key: str, cells: list[str] = cells) -> str:
            index = columns.get(key)
            return cells[index].strip(" \t\r\n\u3000") if index is not None and index < len(cells) else ""

        problems: list[str] = []
        person = _person(cell, problems, today)
        intake = _consultation(cell, problems, municipality) if consulting else None
        if problems:
            parsed.problems.append((number, "。".join(problems) + "。"))
            continue
        if intake is not None:
            parsed.consultations.append((number, person, intake))
        key = cell("household_key")
        if key and key in groups:
            groups[key][2].append((number, person))
            continue
        family = (number, Household(address=person.address), [(number, person)])
        parsed.families.append(family)
        if key:
            groups[key] = family
    for _, household, members in parsed.families:
        _choose_main(household, members)
    return parsed


def _person(cell: Any, problems: list[str], today: dt.date) -> Person:
    name = cell("name") or " ".join(p for p in (cell("family_name"), cell("given_name")) if p)
    kana = cell("kana") or " ".join(p for p in (cell("family_kana"), cell("given_kana")) if p)
    person = Person(name=name, kana=hiragana(kana), address=cell("address"), phone=cell("phone"))
    person.mobile = cell("mobile")
    person.email = cell("email")
    person.notes = cell("notes")
    person.relationship = ""  # not given: decided with the household (_choose_main)
    if not name:
        problems.append("氏名がありません")
    for attribute, limit in LENGTHS.items():
        value = getattr(person, attribute)
        if len(value) > limit:
            problems.append(f"{LABELS[attribute]}が長すぎます（{limit}文字まで）")
    if person.email:
        try:
            validate_email(person.email)
        except ValidationError:
            problems.append(f"メールアドレス「{person.email}」の形が正しくありません")
    try:
        person.sex = _sex(cell("sex"))
    except ValueError as exc:
        problems.append(str(exc))
    if cell("birth_date"):
        try:
            person.birth_date = parse_date_input(cell("birth_date"))
            if person.birth_date > today:
                problems.append(f"生年月日「{cell('birth_date')}」が今日より後です")
        except ValueError as exc:
            problems.append(f"生年月日「{cell('birth_date')}」：{str(exc).rstrip('。')}")
    if cell("relationship"):
        try:
            person.relationship = _relationship(cell("relationship"))
        except ValueError as exc:
            problems.append(str(exc))
    return person


def _topics(text: str) -> tuple[list[str], str]:
    """相談内容 as kasane's topics; words that are none of them become その他, with the words kept."""
    by_label = {unicodedata.normalize("NFKC", label): value for value, label in Topic.choices}
    chosen: list[str] = []
    other: list[str] = []
    for part in re.split(r"[、,，/／\n]+", unicodedata.normalize("NFKC", text)):
        part = part.strip()
        if not part:
            continue
        value = by_label.get(part)
        if value is None:
            other.append(part)
            value = Topic.OTHER
        if value not in chosen:
            chosen.append(str(value))
    return chosen, "、".join(other)[:100]


def _choice(kind: Any, text: str, label: str, problems: list[str]) -> str:
    value = unicodedata.normalize("NFKC", text).strip()
    found = {unicodedata.normalize("NFKC", lbl): v for v, lbl in kind.choices}.get(value)
    if found is None:
        problems.append(f"{label}「{text}」は次のいずれかにしてください：{'、'.join(kind.labels)}")
        return ""
    return str(found)


def _consultation(cell: Any, problems: list[str], municipality: Municipality) -> dict[str, Any] | None:
    """The 相談受付 form's data for a row with 受付日, checked by the form itself; None for a row without one."""
    consultation_cells = [cell(key) for key in CONSULTATION_KEYS]
    if not cell("received_on"):
        if any(consultation_cells):
            problems.append("相談の受付日がありません（相談の列がある行には受付日が必要です）")
        return None
    topics, topic_other = _topics(cell("topics"))
    data: dict[str, Any] = {
        "received_at_0": cell("received_on"),
        "received_at_1": "09:00",
        "topics": topics,
        "topic_other": topic_other,
        "complaint": cell("complaint"),
        "consent_variant": ConsentVariant.WITHOUT,
    }
    for key, (value, _) in CONSULTATION_DEFAULTS.items():
        data[key] = _choice(KINDS[key], cell(key), DEFAULT_LABELS[key], problems) if cell(key) else value
    form = ConsultationForm(data=data, municipality=municipality)
    if not form.is_valid():
        for name, messages in form.errors.items():
            label = (
                "相談の受付日"
                if name == "received_at"
                else str(form.fields[name].label if name in form.fields else "")
            )
            if name in CONSULTATION_DEFAULTS and not data[name]:
                continue  # already said by _choice
            problems += [
                f"{label}：{str(m).rstrip('。')}" if label else str(m).rstrip("。") for m in messages
            ]
    return data


def _choose_main(household: Household, members: list[tuple[int, Person]]) -> None:
    """本人 (or 世帯主) is the main person, else the first row; a member whose 続柄 the file does not give is
    recorded as その他（同居人など）, which staff correct on the household page."""
    main = next((p for _, p in members if p.relationship == Relationship.SELF), members[0][1])
    for _, person in members:
        person.is_main = person is main
        if person is main:
            person.relationship = Relationship.SELF
        elif person.relationship in ("", Relationship.SELF):
            person.relationship = Relationship.OTHER
    household.address = main.address or household.address
