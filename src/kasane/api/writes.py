"""What every write of the API shares: the page's form fed from a JSON body, its refusal as a 422 in the API's
Japanese shape, a refused step of a workflow as 409, and links to related records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import Enum
from typing import Annotated, Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import QueryDict
from django.urls import reverse
from ninja import Schema, Status
from pydantic import BaseModel, Field

from kasane.api import errors
from kasane.lib.dates import TOKYO

# Lines staff type, as long as the form's field takes; no NUL (PostgreSQL text cannot hold one).
_NO_NUL = r"^[^\x00]*$"
Text30 = Annotated[str, Field(max_length=30, pattern=_NO_NUL)]
Text60 = Annotated[str, Field(max_length=60, pattern=_NO_NUL)]
Text100 = Annotated[str, Field(max_length=100, pattern=_NO_NUL)]
Text200 = Annotated[str, Field(max_length=200, pattern=_NO_NUL)]
# Text without a limit of its own (a note, a complaint), bounded so that one body stays a reasonable size.
LongText = Annotated[str, Field(max_length=10_000, pattern=_NO_NUL)]


class Link(Schema):
    """A related record: its number and where the API answers for it."""

    id: int
    url: str


def link(name: str, record_id: int | None) -> dict[str, Any] | None:
    """The record ``record_id`` as answered by the API operation ``name`` (its function's name)."""
    if record_id is None:
        return None
    return {"id": record_id, "url": reverse(f"api:{name}", args=[record_id])}


def form_value(value: Any) -> Any:
    """One value of a JSON body as the page's form reads it from a post."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, list):
        return [form_value(v) for v in value]
    return str(value) if isinstance(value, int) else value


def form_data(payload: BaseModel, prefix: str = "", exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The payload's fields as the page's post would carry them (``prefix-name`` for a prefixed form). A
    ``False`` is left out, as an unticked box is."""
    data: dict[str, Any] = {}
    for name in type(payload).model_fields:
        if name in exclude:
            continue
        value = form_value(getattr(payload, name))
        if value is False:
            continue
        data[f"{prefix}-{name}" if prefix else name] = value
    return data


def as_post(data: dict[str, Any]) -> QueryDict:
    """Form data as a browser posts it: every value a string, a ticked box "on", a list as repeated keys."""
    post = QueryDict(mutable=True)
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        post.setlist(name, ["on" if v is True else str(v) for v in values])
    return post


def moment_data(name: str, moment: dt.datetime) -> dict[str, str]:
    """A date-and-time field of the page (two boxes, Tokyo time); a moment without a zone is Tokyo time."""
    try:
        local = moment.astimezone(TOKYO) if moment.tzinfo else moment
    except OverflowError:
        local = moment  # at the calendar's very edge: the form refuses the date as it was sent
    return {f"{name}_0": local.date().isoformat(), f"{name}_1": f"{local:%H:%M}"}


Loc = tuple[str | int, ...]


def refused(
    form: forms.BaseForm | forms.BaseFormSet | None,
    loc: Loc = ("body", "payload"),
    where: Mapping[str, Loc] | None = None,
) -> list[dict[str, Any]]:
    """A refused form's errors, one per message, at ``loc`` + the field's name in the body (``where`` names
    those the body puts elsewhere); the form's own errors at ``loc``."""
    found: list[dict[str, Any]] = []
    if form is None:
        return found
    if isinstance(form, forms.BaseFormSet):
        if not form.is_bound:
            return found
        found += [{"loc": list(loc), "message": str(e)} for e in form.non_form_errors()]
        for index, row in enumerate(form.forms):
            found += refused(row, (*loc, index), where)
        return found
    if not form.is_bound:
        return found
    for name, messages in form.errors.items():
        at = list(loc) if name == NON_FIELD_ERRORS else [*loc, *(where or {}).get(name, (name,))]
        found += [{"loc": at, "message": str(m)} for m in messages]
    return found


def invalid(found: list[dict[str, Any]]) -> Status[Any]:
    """422: the body was read, but the page's rules refuse it (the same words as on the page)."""
    return Status(422, {"detail": errors.MESSAGES[422], "errors": found})


def conflict(message: str) -> Status[Any]:
    """409: the record is not in a state that allows this step now (the page's own message)."""
    return Status(409, {"detail": message})
