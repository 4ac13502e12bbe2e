from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import format_html

from kasane.agencies.models import Agency, AgencyKind
from kasane.casework.forms.consents import ConsentForm
from kasane.casework.forms.households import MemberForm, PersonForm
from kasane.casework.models import (
    CLOSED_AT_INTAKE,
    LIFE_FIELDS,
    LIFE_MULTI,
    CloseReason,
    ConsentVariant,
    Consultation,
    ConsultationNote,
    Person,
    Referral,
    Route,
    Situation,
    Topic,
    card_kinds_problem,
    in_list_order,
    life_summary,
    mark,
)
from kasane.casework.personal_data.consultations import age_band_label
from kasane.lib.dates import today
from kasane.lib.forms import JapaneseDateField, JapaneseDateTimeField
from kasane.tenancy.models import Municipality

# B票「ご本人について」: its four headings (仕事・住まい・健康保険・年金) are asked at every intake; the rest of the
# life situation (income, 生活保護, debts, health and disability) is asked when it comes up, and the page folds
# it away until then. 課題の特性 (issues) sits beside the 16 相談内容 instead.
_WORK_AND_HOME = ("employment", "employment_note", "housing", "housing_unstable", "housing_note")
LIFE_UP_FRONT = (*_WORK_AND_HOME, "health_insurance", "pension")
# The folded rest, in groups of rows (a row of several items shares a line on a wide screen).
LIFE_MORE_GROUPS = (
    ("収入・生活保護", (("income_sources",), ("monthly_income", "welfare"))),
    ("債務・滞納", (("debt",), ("arrears",), ("money_note",))),
    ("健康・障害", (("illness", "treatment", "mental_health", "disability_card"), ("card_kinds",))),
)
LIFE_MORE = tuple(name for _heading, rows in LIFE_MORE_GROUPS for row in rows for name in row)
# The single choices shown as radio buttons, like the check boxes of the paper form; the others are lists.
_LIFE_RADIOS = ("employment", "housing", "health_insurance", "pension")
_LIFE_SELECTS = ("welfare", "debt", "treatment", "mental_health", "disability_card")
# Items of the form the nation counts: their labels carry ※ (``casework.models.reporting``).
_REPORTED = ("received_at", "route", "topics", "situations", "employment", "issues", "response")
# Who may be named as the 紹介元, by 把握ルート: an agency only where one can have brought the person; nobody
# when the person came of their own accord.
_REFERRER_NEEDED = (Route.AGENCY, Route.MUNICIPAL)
_NO_AGENCY = (Route.SELF, Route.FAMILY, Route.NEIGHBOUR)
# A つなぎ from a 市の課 is 庁内の窓口からの紹介; from a 民生委員 registered as an agency, 民生委員.
_SENDER_ROUTE: dict[str, Route] = {AgencyKind.CITY_DIVISION: Route.MUNICIPAL, AgencyKind.MINSEI: Route.MINSEI}


# The form's items in the 申込票's order: receipt, who came, what about, the B票, the response.
_RECEIPT = ("received_at", "channel", "route", "referrer_agency", "referrer_name")
_VISITOR = ("visitor", "visitor_relation", "visitor_name", "visitor_contact")
_CONTENT = ("topics", "main_topic", "topic_other", "situations", "complaint", "wishes")
_RESPONSE = ("response", "response_note", "consent_variant")


def referral_initial(referral: Referral) -> dict[str, Any]:
    """An intake that starts from an accepted つなぎ: brought by the agency that sent it."""
    route = _SENDER_ROUTE.get(referral.from_agency.kind, Route.AGENCY)
    return {"route": route, "referrer_agency": referral.from_agency_id}


def intake_facts(consultation: Consultation) -> dict[str, Any]:
    """What the consultation's page shows of the person on the day: 性別・年代, and the life situation with ※ on
    the items the nation counts."""
    marked = {_label(name): mark("consultation", name, _label(name)) for name in LIFE_FIELDS}
    life = [(marked[label], text) for label, text in life_summary(consultation)]
    return {"life": life, "age_band": age_band_label(consultation.age_band)}


def _label(name: str) -> str:
    """The model's label of a consultation's field."""
    return str(cast("models.Field[Any, Any]", Consultation._meta.get_field(name)).verbose_name)


def _multi(name: str) -> forms.MultipleChoiceField:
    """A multi-select of the life situation: check boxes, stored as the list of codes."""
    return forms.MultipleChoiceField(
        label=_label(name),
        choices=LIFE_MULTI[name].choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def _without_blank(field: forms.ChoiceField) -> list[tuple[str, str]]:
    """A model choice field's choices less the blank Django puts first."""
    return [(value, label) for value, label in cast(Iterable[tuple[str, str]], field.choices) if value]


class ConsultationForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label="相談内容",
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "相談内容を1つ以上選んでください。"},
    )
    main_topic = forms.ChoiceField(label="最も困っていること（◎）", choices=Topic.choices, required=False)
    situations = forms.MultipleChoiceField(
        label="世帯の状況", choices=Situation.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    received_at = JapaneseDateTimeField(label="受付日時")
    referrer_agency = forms.ModelChoiceField(
        label="紹介元の機関",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="—",
        help_text="一覧にない機関や、紹介した人の名前は「紹介元（機関名・氏名）」に入力します。",
        error_messages={"invalid_choice": "紹介元の機関は一覧から選んでください。"},
    )
    income_sources = _multi("income_sources")
    arrears = _multi("arrears")
    card_kinds = _multi("card_kinds")
    issues = _multi("issues")

    class Meta:
        model = Consultation
        fields = [*_RECEIPT, *_VISITOR, *_CONTENT, *LIFE_FIELDS, *_RESPONSE]
        widgets = {
            "channel": forms.RadioSelect,
            "route": forms.RadioSelect,
            "visitor": forms.RadioSelect,
            "response": forms.RadioSelect,
            "consent_variant": forms.RadioSelect,
            "complaint": forms.Textarea(attrs={"rows": 4}),
            "wishes": forms.Textarea(attrs={"rows": 2}),
            "response_note": forms.Textarea(attrs={"rows": 2}),
            **{name: forms.RadioSelect for name in _LIFE_RADIOS},
            "monthly_income": forms.NumberInput(attrs={"min": 0, "step": 1000, "inputmode": "numeric"}),
        }
        help_texts = {
            "referrer_name": "例：〇〇病院の医療相談室、民生委員の山田さん、長女",
            "employment_note": "例：コンビニでパート（週3日）、10年前まで製造業",
            "housing_note": "例：家賃を2か月滞納し、退去を求められている",
            "monthly_income": "分かる範囲で、世帯の手取りの合計。",
            "illness": "例：糖尿病で月1回通院、腰痛",
        }
        error_messages = {
            "complaint": {"required": "主訴（相談の内容）を入力してください。"},
            "monthly_income": {
                "invalid": "世帯の月収は、円単位の数字で入力してください（例：120000）。",
                "min_value": "世帯の月収は0円以上で入力してください。",
                "max_value": "世帯の月収が大きすぎます。円単位で入力してください。",
            },
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))
        cast(forms.ChoiceField, self.fields["main_topic"]).choices = [("", "—"), *Topic.choices]
        # 本人自ら unless said otherwise: a post from before the route was asked (the API, a page left open)
        # still records.
        self.fields["route"].required = False
        referrer = cast(forms.ModelChoiceField, self.fields["referrer_agency"])
        referrer.queryset = Agency.objects.in_municipality(municipality).filter(is_active=True)
        for name in _LIFE_RADIOS:
            # The radio a blank leaves checked says what it means: not asked yet, or not known.
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = [("", "未確認"), *_without_blank(field)]
        for name in _LIFE_SELECTS:
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = [("", "—"), *_without_blank(field)]
        for name in _REPORTED:
            self.fields[name].label = mark("consultation", name, str(self.fields[name].label))

    @property
    def life_up_front(self) -> list[forms.BoundField]:
        return [self[name] for name in LIFE_UP_FRONT]

    @property
    def life_more_groups(self) -> list[tuple[str, list[list[forms.BoundField]]]]:
        return [(heading, [[self[n] for n in row] for row in rows]) for heading, rows in LIFE_MORE_GROUPS]

    @property
    def life_more_open(self) -> bool:
        """The folded part of the life situation opens when any of it holds a value or an error."""
        return any(self[n].errors or self[n].value() not in (None, "", [], False) for n in LIFE_MORE)

    def clean_received_at(self) -> Any:
        value = self.cleaned_data["received_at"]
        if value and value > timezone.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError("受付日時が未来になっています。")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        topics = data.get("topics") or []
        main = data.get("main_topic") or ""
        if main and main not in topics:
            # ◎ implies ○: the most pressing topic is one of the topics.
            data["topics"] = [*topics, main]
        if not main and len(topics) == 1:
            data["main_topic"] = topics[0]
        if Topic.OTHER in (data.get("topics") or []) and not (data.get("topic_other") or "").strip():
            self.add_error("topic_other", "「その他」を選んだときは、内容を入力してください。")
        if data.get("visitor") == "family" and not (data.get("visitor_relation") or "").strip():
            self.add_error("visitor_relation", "家族からの相談のときは、本人との続柄を入力してください。")
        self._check_referrer(data)
        for name, choices in LIFE_MULTI.items():
            if name in data:
                data[name] = in_list_order(choices, data[name] or [])
        if problem := card_kinds_problem(data.get("disability_card"), data.get("card_kinds")):
            self.add_error("card_kinds", problem)
        return data

    def _check_referrer(self, data: dict[str, Any]) -> None:
        """把握ルート and 紹介元 agree: a referral names who referred; the person's own approach names nobody;
        family and neighbours are people, not agencies."""
        route = data["route"] = data.get("route") or Route.SELF
        agency = data.get("referrer_agency")
        name = (data.get("referrer_name") or "").strip()
        if route in _REFERRER_NEEDED and agency is None and not name:
            self.add_error(
                "referrer_agency",
                f"把握ルートが「{Route(route).label}」のときは、紹介元の機関を選ぶか、機関名を入力してください。",
            )
        elif route == Route.SELF and (agency is not None or name):
            self.add_error(
                "referrer_name",
                "把握ルートが「本人自ら」のときは、紹介元は入力しません。"
                "紹介した人や機関があるときは、把握ルートを選び直してください。",
            )
        elif route in _NO_AGENCY and agency is not None:
            self.add_error(
                "referrer_agency",
                f"把握ルートが「{Route(route).label}」のときは、機関を選ばず、紹介した人の名前を入力してください。",
            )

    @property
    def wants_consent(self) -> bool:
        value = (
            self.data.get(self.add_prefix("consent_variant"))
            if self.is_bound
            else self.initial.get("consent_variant")
        )
        return value == ConsentVariant.WITH


_MEMBER_WHO = ("name", "kana", "relationship", "sex", "birth_date")


class IntakeMemberForm(MemberForm):
    """One household member named at intake (「50代の弟」): who they are to the person, as far as known."""

    class Meta(MemberForm.Meta):
        fields = [*_MEMBER_WHO, "mobile", "email", "lives_apart", "apart_note", "notes"]
        widgets = {**MemberForm.Meta.widgets, "notes": forms.TextInput()}
        help_texts = {"notes": "年齢しか分からないときは、ここに書きます（例：50代・無職）。"}
        labels = {"notes": "メモ"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model's 続柄 is 本人 until chosen; a row nobody touched must compare equal to what it showed.
        self.initial["relationship"] = ""
        # Each row's controls are named for their row (「世帯員1の氏名」) for screen readers; the eye sees 氏名.
        suffix = (self.prefix or "").rsplit("-", 1)[-1]
        row = int(suffix) + 1 if suffix.isdigit() else 0  # 0: the formset's empty_form template
        for name, bound in self.fields.items():
            if name != "notes":
                bound.help_text = ""  # said once above the rows, not in each
            bound.label = format_html('<span class="visually-hidden">世帯員{}の</span>{}', row, bound.label)


class BaseMemberFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": "相談受付で登録できる世帯員は%(num)d人までです。ほかの方は世帯の画面から追加してください。",
    }


# Three rows on the page; a larger family is added from the household's page.
MemberFormSet = forms.formset_factory(
    IntakeMemberForm, formset=BaseMemberFormSet, extra=3, max_num=3, validate_max=True
)


class IntakeForms:
    """相談受付 is three forms on one page: the consultation, the person when they are not on record yet, and
    the consent when 同意あり is chosen. They are checked together so every error shows at once; the consent
    form is only checked when it is used, so its blanks never block an intake without consent."""

    def __init__(
        self,
        data: QueryDict | None,
        files: Any,
        *,
        municipality: Municipality,
        new_person: bool,
        referral: Referral | None = None,
    ) -> None:
        self.consultation = ConsultationForm(
            data,
            municipality=municipality,
            initial=referral_initial(referral) if referral is not None else None,
        )
        self.person = PersonForm(data, prefix="p") if new_person else None
        if self.person is not None:
            # 性別 and 年代 at intake are counted (taken from the person record by the service).
            self.person.fields["sex"].label = mark("consultation", "sex", "性別")
            self.person.fields["birth_date"].label = mark("consultation", "age", "生年月日")
        # A new household's other members, when the person names them (a known person's household has its
        # own page for that).
        # A post without the rows (the API, an older page still open) names no members.
        rows = data if data is not None and "m-TOTAL_FORMS" in data else None
        self.members = MemberFormSet(rows, prefix="m") if new_person else None
        self.municipality = municipality
        self.consent = ConsentForm(
            data, files, prefix="c", municipality=municipality, initial={"obtained_on": today()}
        )

    def is_valid(self) -> bool:
        valid = self.consultation.is_valid()
        if self.person is not None:
            valid = self.person.is_valid() and valid
        if self.members is not None and self.members.is_bound:
            valid = self.members.is_valid() and valid
        if self.consultation.wants_consent:
            valid = self.consent.is_valid() and valid
        elif self.consent.is_bound:
            # Unused, it is shown again as typed but unchecked: the blanks nobody had to fill must not turn
            # the page red when it comes back for another reason (the look-alike choice).
            typed = {name: self.consent[name].value() for name in self.consent.fields}
            self.consent = ConsentForm(prefix="c", municipality=self.municipality, initial=typed)
        return valid

    def new_members(self) -> list[Person]:
        """The members typed in the rows that were used, unsaved."""
        if self.members is None or not self.members.is_bound:
            return []
        return [form.save(commit=False) for form in self.members if form.has_changed()]

    @property
    def given_consent(self) -> ConsentForm | None:
        """The consent to record with the consultation, if the person gave one."""
        return self.consent if self.consultation.wants_consent else None

    @property
    def context(self) -> dict[str, Any]:
        """The forms as the page names them, with the choices it lays out as its own checkbox grids."""
        return {
            "form": self.consultation,
            "person_form": self.person,
            "member_forms": self.members,
            "consent_form": self.consent,
            "topics": Topic.choices,
            "situations": Situation.choices,
            "issues": LIFE_MULTI["issues"].choices,
        }


class ConsultationNoteForm(forms.ModelForm):
    """One 経過, written as fast as a case's 支援経過: date (和暦 or 西暦), minutes, kind, text."""

    on = JapaneseDateField(label="日付", allow_future=False)

    class Meta:
        model = ConsultationNote
        fields = ["kind", "on", "minutes", "text"]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": "内容を入力してください。"}}


class CloseForm(forms.Form):
    on = JapaneseDateField(label="終了日", allow_future=False)
    reason = forms.ChoiceField(
        label="終了の理由",
        choices=[("", "選んでください")]
        + [c for c in CloseReason.choices if c[0] not in CLOSED_AT_INTAKE.values()],
        error_messages={"required": "終了の理由を選んでください。"},
    )
    note = forms.CharField(
        label="メモ", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="再開の理由",
        max_length=200,
        error_messages={"required": "再開の理由を入力してください。"},
        help_text="例：本人から再び電話があった、家族から状況の変化を聞いた",
    )
