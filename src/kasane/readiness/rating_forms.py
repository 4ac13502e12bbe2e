"""The form that rates all five items of a municipality on one screen: one small form per item, each saying
what is wrong with it in its own place."""

from __future__ import annotations

from typing import Any

from django import forms

from kasane.lib.dates import today
from kasane.lib.forms import JapaneseDateField
from kasane.readiness.models import ReadinessRating
from kasane.readiness.rating_services import Entry, rated_on_problem
from kasane.readiness.themes import ReadinessItem, Stage, Tool
from kasane.tenancy.models import Municipality

NOT_RATED = "（未評価のまま）"


class ItemRatingForm(forms.Form):
    """One item. Left as it was (same stage, same tools, no new evidence) it records nothing."""

    stage = forms.TypedChoiceField(label="段階", coerce=int, empty_value=None, required=False)
    evidence = forms.CharField(
        label="根拠",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="段階を変えるときは必須です。そう判断した具体的な事実を書きます。",
    )
    tools_used = forms.MultipleChoiceField(
        label="活用した取り組み", choices=Tool.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    rated_on = JapaneseDateField(
        label="評価日", required=False, allow_future=False, help_text="和暦でも入力できます（例：R8.12.7）"
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        item: ReadinessItem,
        current: ReadinessRating | None,
        opened: ReadinessRating | None = None,
        **kwargs: Any,
    ) -> None:
        self.item = item
        self.current = current
        # The rating the page showed when it was opened (the posted based_on): what "changed" is judged
        # against, so a colleague's rating made meanwhile does not count as a change typed here.
        self.opened = opened if args and args[0] is not None else current
        kwargs.setdefault(
            "initial",
            {
                "stage": current.stage if current else "",
                "tools_used": list(current.tools_used) if current else [],
                "rated_on": today(),
                "based_on": current.pk if current else None,
            },
        )
        kwargs["prefix"] = item.value
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, str]] = list(Stage.choices)
        self.fields["stage"].choices = choices if current else [("", NOT_RATED), *choices]  # type: ignore[attr-defined]
        self.changed = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        opened, current = self.opened, self.current
        stage, evidence = data.get("stage"), (data.get("evidence") or "").strip()
        tools = sorted(data.get("tools_used") or [])
        stage_changed = stage != (opened.stage if opened else None)
        tools_changed = tools != sorted(opened.tools_used if opened else [])
        self.changed = stage_changed or tools_changed or bool(evidence)
        if not self.changed:
            return data  # left alone: whatever was rated meanwhile does not matter here
        if data.get("based_on") != (current.pk if current else None):
            self.rated_meanwhile()
            return data
        if stage is None:
            self.add_error("stage", "段階を選んでください。")
        if not evidence:
            message = (
                "段階を変えるときは、根拠を入力してください。"
                if stage_changed
                else "根拠を入力してください。"
            )
            self.add_error("evidence", message)
        rated_on = data.get("rated_on")
        if rated_on is None:
            self.add_error("rated_on", "評価日を入力してください。")
        elif problem := rated_on_problem(rated_on, current):
            self.add_error("rated_on", problem)
        data["evidence"] = evidence
        return data

    def rated_meanwhile(self, current: ReadinessRating | None = None) -> None:
        """Refuse the item, and point the form at the rating now standing (what it says is shown beside
        it), so that the next submit, once that rating is read, goes through."""
        if current is not None:
            self.current = current
        self.add_error(
            None,
            "この項目は、画面を開いた後にほかの職員が評価を記録しました。"
            "上の「現在の評価」を確かめて、もう一度記録してください。",
        )
        based_on = self.current.pk if self.current else ""
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict: the copy may be changed
        data[self.add_prefix("based_on")] = based_on
        self.data = data
        self.initial = {**self.initial, "based_on": based_on}
        if self.current is not None:
            self.initial["stage"] = self.current.stage

    def entry(self) -> Entry:
        data = self.cleaned_data
        return Entry(
            item=self.item.value,
            stage=data["stage"],
            evidence=data["evidence"],
            tools_used=list(data["tools_used"]),
            rated_on=data["rated_on"],
            based_on=data["based_on"],
        )


class RatingGridForm:
    """The five item forms together: valid when every one is, and the entries of those that changed."""

    def __init__(
        self, data: Any, current: dict[str, ReadinessRating], *, municipality: Municipality | None = None
    ) -> None:
        opened = self._opened(data, municipality) if data is not None else {}
        self.forms = [
            ItemRatingForm(
                data,
                item=item,
                current=current.get(item.value),
                opened=opened.get(_posted_id(data, item) or 0) if data is not None else None,
            )
            for item in ReadinessItem
        ]

    @staticmethod
    def _opened(data: Any, municipality: Municipality | None) -> dict[int, ReadinessRating]:
        """The ratings the page was opened on, by id (one query)."""
        ids = [pk for item in ReadinessItem if (pk := _posted_id(data, item)) is not None]
        if not ids or municipality is None:
            return {}
        return {r.pk: r for r in ReadinessRating.objects.filter(municipality=municipality, pk__in=ids)}

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.forms])  # every form checked, so every error shows

    def entries(self) -> list[Entry]:
        return [form.entry() for form in self.forms if form.changed]

    def rated_meanwhile(self, items: list[str], latest: dict[str, ReadinessRating]) -> None:
        """The save was refused (someone rated these items between the check and the save): show it on the
        items, keeping what was typed."""
        for form in self.forms:
            if form.item.value in items:
                form.rated_meanwhile(latest.get(form.item.value))

    @property
    def invalid(self) -> list[ItemRatingForm]:
        return [form for form in self.forms if form.errors]


def _posted_id(data: Any, item: ReadinessItem) -> int | None:
    text = str(data.get(f"{item.value}-based_on", "") or "")
    return int(text) if text.isascii() and text.isdecimal() and len(text) <= 12 else None
