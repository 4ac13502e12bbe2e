"""What an agency and staff list would change, row by row; nothing is written here.

Each agency row is checked by the agency screen's own form (``AgencyForm``), so a file cannot register what the
screen would refuse; each staff row by the staff screen's rules (user name, ふりがな, mail, an agency the
administrator manages, a role they may grant). A row is new, an update, unchanged, or an error with every
problem of the row in one message. A blank cell never changes what is registered.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.validators import validate_email
from django.db.models.functions import Lower

from kasane.accounts.models import Role, User
from kasane.agencies.forms import AgencyForm
from kasane.agencies.models import Agency, AgencyKind, OperationForm, SupportField
from kasane.staff.forms import StaffCreateForm, reserved_full_name, reserved_username
from kasane.staff.import_file import AGENCIES, AGENCY_COLUMNS, STAFF, STAFF_COLUMNS, Sheet, truth
from kasane.tenancy.models import Area, Municipality

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"
ADD_MEMBERSHIP = "add_membership"
ACTION_LABELS = {
    NEW: "新規",
    UPDATE: "更新",
    ADD_MEMBERSHIP: "所属の追加",
    UNCHANGED: "変更なし",
    ERROR: "エラー",
}
LABELS = {key: names[0] for key, names in (AGENCY_COLUMNS | STAFF_COLUMNS).items()}
_FIELD_SPLIT = ("、", ",", "，", "・", "/", "／")


@dataclass
class Importer:
    """Who imports, and what they may touch."""

    municipality: Municipality
    user: User
    may_edit_agencies: bool
    agencies: list[Agency]  # the agencies they manage
    roles: list[Role]  # the roles they may grant


@dataclass
class Plan:
    rows: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {f"{sheet}_{action}": 0 for sheet in (AGENCIES, STAFF) for action in ACTION_LABELS}
        for row in self.rows:
            counts[f"{row['sheet']}_{row['action']}"] += 1
        counts["errors"] = sum(1 for r in self.rows if r["action"] == ERROR)
        counts["changes"] = sum(1 for r in self.rows if r["action"] not in (ERROR, UNCHANGED))
        return counts


def key(text: str) -> str:
    """How names are matched: NFKC, no spaces. Never stored."""
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("\u3000", "")


def build(sheets: Iterable[Sheet], importer: Importer) -> Plan:
    plan = Plan()
    # key(name) → line, for staff rows naming an agency the file adds (or fails to: then -line).
    new_agencies: dict[str, int] = {}
    for sheet in sheets:
        if sheet.kind == AGENCIES:
            for line, values in sheet.rows:
                row = _agency_row(line, values, sheet.present, importer, new_agencies)
                if row["action"] in (NEW, ERROR) and row["name"] and key(row["name"]) not in new_agencies:
                    new_agencies[key(row["name"])] = line if row["action"] == NEW else -line
                plan.rows.append(row)
        else:
            plan.rows.extend(_staff_rows(sheet, importer, new_agencies))
    return plan


def _problem(sheet: str, line: int, name: str, problems: list[str]) -> dict[str, Any]:
    return {"sheet": sheet, "line": line, "action": ERROR, "name": name, "problems": problems}


def labelled(label: str, message: str) -> str:
    """「電話番号：…」, unless the message already names its field."""
    message = message.rstrip("。")
    return message if not label or message.startswith(label) else f"{label}：{message}"


# Agencies -------------------------------------------------------------------------------------------------


def _agency_row(
    line: int, values: dict[str, str], present: frozenset[str], importer: Importer, seen: dict[str, int]
) -> dict[str, Any]:
    name = values.get("name", "")
    if not importer.may_edit_agencies:
        return _problem(AGENCIES, line, name, ["機関を登録・更新する権限がありません"])
    if not name:
        return _problem(AGENCIES, line, name, ["機関名がありません"])
    if key(name) in seen:
        return _problem(AGENCIES, line, name, [f"機関名「{name}」が{seen[key(name)]}行目と重複しています"])
    existing = next((a for a in importer.agencies if key(a.name) == key(name)), None)
    problems: list[str] = []
    unreadable: set[str] = set()
    data = agency_data(existing)
    # Taken before validating: the form's clean writes the new values onto the instance.
    before = agency_data(existing) if existing else None
    for field_name in present:
        text = values.get(field_name, "")
        if not text:
            continue  # a blank cell changes nothing
        try:
            data[field_name] = _agency_value(field_name, text, importer.municipality)
        except ValueError as exc:
            problems.append(str(exc))
            unreadable.add(field_name)
    if existing is None:
        data["name"] = name
    form = AgencyForm(data=data, instance=existing, municipality=importer.municipality)
    if not form.is_valid():
        problems += [
            labelled(LABELS.get(f) or str(form.fields[f].label if f in form.fields else ""), str(m))
            for f, messages in form.errors.items()
            if f not in unreadable
            for m in messages
        ]
    if problems:
        return _problem(AGENCIES, line, name, problems)
    changes = _agency_changes(existing, form) if existing else []
    action = NEW if existing is None else (UPDATE if changes else UNCHANGED)
    return {
        "sheet": AGENCIES,
        "line": line,
        "action": action,
        "name": name,
        "agency_id": existing.pk if existing else None,
        "data": data,
        "before": before,
        "changes": changes,
        "summary": _agency_summary(form),
    }


def agency_data(agency: Agency | None) -> dict[str, Any]:
    """The form's data as the agency stands (or a new agency's defaults)."""
    if agency is None:
        return {"is_listed": True, "runs_collaboration": False}
    form = AgencyForm(instance=agency, municipality=agency.municipality)  # type: ignore[arg-type]
    data: dict[str, Any] = {}
    for name, bound in form.fields.items():
        value = form.initial.get(name)
        if isinstance(bound, forms.ModelMultipleChoiceField):
            value = [v.pk if hasattr(v, "pk") else v for v in (value or [])]
        data[name] = value if value is not None else ""
    return data


def _agency_value(field_name: str, text: str, municipality: Municipality) -> Any:
    label = LABELS[field_name]
    if field_name == "kind":
        kinds = {key(lbl): value for value, lbl in AgencyKind.choices if value != AgencyKind.PREFECTURE}
        if key(text) not in kinds:
            raise ValueError(f"種別「{text}」は選択肢にありません")
        return kinds[key(text)]
    if field_name == "operation_form":
        operation = {key(lbl): value for value, lbl in OperationForm.choices}
        if key(text) not in operation:
            raise ValueError(f"運営形態「{text}」は直営・委託・補助のいずれかにしてください")
        return operation[key(text)]
    if field_name == "support_fields":
        by_name = {key(f.name): f.pk for f in SupportField.objects.all()}
        names = [n for n in _split(text) if n]
        unknown = [n for n in names if key(n) not in by_name]
        if unknown:
            raise ValueError(f"分野「{'」「'.join(unknown)}」は選択肢にありません")
        return [by_name[key(n)] for n in names]
    if field_name == "area":
        area = next(
            (a for a in Area.objects.filter(municipality=municipality) if key(a.name) == key(text)), None
        )
        if area is None:
            raise ValueError(f"担当圏域「{text}」は登録されていません")
        return area.pk
    if field_name in ("runs_collaboration", "is_listed"):
        try:
            return bool(truth(text))
        except ValueError:
            raise ValueError(f"{label}「{text}」は ○ か × で入力してください") from None
    return text


def _split(text: str) -> list[str]:
    for mark in _FIELD_SPLIT[1:]:
        text = text.replace(mark, _FIELD_SPLIT[0])
    return [part.strip() for part in text.split(_FIELD_SPLIT[0])]


def _agency_changes(agency: Agency, form: AgencyForm) -> list[list[str]]:
    changes = []
    for name in form.changed_data:
        if name not in AGENCY_COLUMNS:
            continue
        before = _shown(form, name, form.initial.get(name))
        after = _shown(form, name, form.cleaned_data.get(name))
        if before != after:
            changes.append([LABELS[name], before, after])
    return changes


def _shown(form: AgencyForm, name: str, value: Any) -> str:
    """A value as the preview shows it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "○" if value else "×"
    bound = form.fields[name]
    if isinstance(bound, forms.ModelMultipleChoiceField):
        chosen = {v.pk if hasattr(v, "pk") else v for v in value}
        return "、".join(str(o) for o in bound.queryset if o.pk in chosen)  # type: ignore[union-attr]
    if isinstance(bound, forms.ModelChoiceField):
        pk = value.pk if hasattr(value, "pk") else value
        return next((str(o) for o in bound.queryset if o.pk == pk), "")  # type: ignore[union-attr]
    if isinstance(bound, forms.ChoiceField):
        return str(dict(bound.choices).get(value, value))  # type: ignore[arg-type]
    return str(value)


def _agency_summary(form: AgencyForm) -> str:
    data = form.cleaned_data
    parts = [
        _shown(form, "kind", data.get("kind")),
        _shown(form, "operation_form", data.get("operation_form")),
        _shown(form, "support_fields", data.get("support_fields")),
    ]
    return "・".join(p for p in parts if p)


# Staff ----------------------------------------------------------------------------------------------------


def _staff_rows(sheet: Sheet, importer: Importer, new_agencies: dict[str, int]) -> list[dict[str, Any]]:
    usernames = [v.get("username", "") for _, v in sheet.rows]
    wanted = {n.lower() for n in usernames if n}
    existing: dict[str, User] = {
        u.username.lower(): u
        for u in User.objects.annotate(lowered=Lower("username"))
        .filter(lowered__in=wanted)
        .prefetch_related("memberships__agency", "memberships__role")
    }
    first_line: dict[str, tuple[int, str]] = {}  # username → (line, full name) of its first row
    seen_memberships: dict[tuple[str, str, str], int] = {}
    rows = []
    for line, values in sheet.rows:
        rows.append(_staff_row(line, values, importer, new_agencies, existing, first_line, seen_memberships))
    return rows


def _staff_row(
    line: int,
    values: dict[str, str],
    importer: Importer,
    new_agencies: dict[str, int],
    existing: dict[str, User],
    first_line: dict[str, tuple[int, str]],
    seen: dict[tuple[str, str, str], int],
) -> dict[str, Any]:
    username = values.get("username", "")
    full_name = values.get("full_name", "")
    problems = _person_problems(values)
    agency = next((a for a in importer.agencies if key(a.name) == key(values.get("agency", ""))), None)
    agency_name = values.get("agency", "")
    if not agency_name:
        problems.append("所属機関がありません")
    elif agency is None and new_agencies.get(key(agency_name), 0) < 0:
        line_of = -new_agencies[key(agency_name)]
        problems.append(f"所属機関「{agency_name}」は、機関シートの{line_of}行目のエラーを直すと登録できます")
    elif agency is None and key(agency_name) not in new_agencies:
        problems.append(f"所属機関「{agency_name}」は登録されていないか、管理できる機関ではありません")
    role = next(
        (r for r in importer.roles if key(values.get("role", "")) in (key(r.name), key(r.code))), None
    )
    if not values.get("role"):
        problems.append("役割がありません")
    elif role is None:
        problems.append(f"役割「{values['role']}」は選択肢にないか、付与できない役割です")
    lowered = username.lower()
    if lowered in first_line and first_line[lowered][1] != full_name:
        problems.append(f"ユーザー名「{username}」が{first_line[lowered][0]}行目と別の氏名で書かれています")
    membership_key = (lowered, key(agency_name), key(values.get("role", "")))
    if membership_key in seen:
        problems.append(f"{seen[membership_key]}行目と同じ所属・役割です")
    user = existing.get(lowered)
    # The second agency of someone this file adds: the account comes from the earlier row.
    action = ADD_MEMBERSHIP if user is None and lowered in first_line else NEW
    if user is not None and not problems:
        action = existing_user_action(user, full_name, agency, role, importer, problems)
    if problems:
        return _problem(STAFF, line, username or full_name, problems)
    if lowered not in first_line:
        first_line[lowered] = (line, full_name)
    seen[membership_key] = line
    assert role is not None
    return {
        "sheet": STAFF,
        "line": line,
        "action": action,
        "name": username,
        "username": username,
        "full_name": full_name,
        "full_name_kana": values.get("full_name_kana", ""),
        "email": values.get("email", ""),
        "user_id": user.pk if user else None,
        "agency_id": agency.pk if agency else None,
        "agency_name": agency.name if agency else agency_name,
        "role_id": role.pk,
        "role_name": role.name,
    }


def _person_problems(values: dict[str, str]) -> list[str]:
    """The staff screen's own checks of user name, 氏名, ふりがな and mail."""
    form = StaffCreateForm()
    problems = [
        p
        for p in (
            reserved_username(values.get("username", "")),
            reserved_full_name(values.get("full_name", "")),
        )
        if p
    ]
    for name in ("username", "full_name", "full_name_kana", "email"):
        text = values.get(name, "")
        if not text:
            if form.fields[name].required:
                problems.append(f"{LABELS[name]}がありません")
            continue
        try:
            form.fields[name].clean(text)
            if name == "email":
                validate_email(text)
        except forms.ValidationError as exc:
            problems.append(labelled(LABELS[name], "".join(exc.messages)))
    return problems


def existing_user_action(
    user: User,
    full_name: str,
    agency: Agency | None,
    role: Role | None,
    importer: Importer,
    problems: list[str],
) -> str:
    """An account that exists already: unchanged if it has this membership, else one more membership — but
    only for someone the administrator may change, named as the account is (so a typo cannot attach a
    membership to someone else)."""
    manageable = {a.pk for a in importer.agencies}
    active = [m for m in user.memberships.all() if m.is_active]
    if user.pk == importer.user.pk:
        problems.append("ご自身の所属はこの取り込みでは変更できません")
        return ERROR
    if not any(m.agency_id in manageable for m in user.memberships.all()) or any(
        m.agency_id not in manageable for m in active
    ):
        problems.append("このユーザー名はすでに使われています")
        return ERROR
    if key(user.full_name) != key(full_name):
        problems.append(f"このユーザー名の職員は「{user.full_name}」として登録されています")
        return ERROR
    if (
        agency is not None
        and role is not None
        and any(m.agency_id == agency.pk and m.role_id == role.pk for m in active)
    ):
        return UNCHANGED
    return ADD_MEMBERSHIP
