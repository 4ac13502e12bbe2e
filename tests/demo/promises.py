"""What the demo promises (README, the demo's docstrings, the tests built on it), checked on a loaded demo.

``broken_promises(today)`` names every promise the loaded demo does not keep on ``today``; ``fingerprint``
describes the city without its dates, so that demos built on different days can be compared: the same
households, people (by age), referrals, cases and dispatches in the same states, whatever the day. The register
and 参加支援 have theirs in ``promises_participation``, 地域づくり in ``promises_community``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Q
from django.utils import timezone

from kasane.accounts.models import User
from kasane.casework.models import (
    Case,
    CaseEvent,
    CaseStatus,
    Consent,
    Consultation,
    DecisionKind,
    Household,
    Outcome,
    Person,
    Plan,
    PlanStatus,
    Referral,
    ReferralEvent,
    Status,
)
from kasane.casework.visibility import Viewer
from kasane.demo import loader as demo
from kasane.dispatch.models import Dispatch, DispatchStatus
from kasane.events.models import Event
from kasane.lib.dates import TOKYO, fiscal_year, fiscal_year_bounds
from kasane.meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    ItemKind,
    Meeting,
    MeetingBody,
    MeetingStatus,
    Pledge,
)
from kasane.meetings.rules import attendance_problems, host_problems
from kasane.outreach.models import AgencyVisit, Contact, HomeVisit, Method, Source, Stage, StageChange, Target
from kasane.outreach.models import Outcome as ContactOutcome
from kasane.outreach.queries import planned_this_week, stale_targets
from kasane.questionnaires.models import Questionnaire
from kasane.questionnaires.models import Status as QuestionnaireStatus
from kasane.readiness.models import ReadinessRating
from kasane.tenancy.models import Municipality

from .promises_community import community_print, community_promises
from .promises_participation import participation_print, participation_promises


def broken_promises(today: dt.date) -> list[str]:
    city = Municipality.objects.get(code=demo.DEMO_MUNICIPALITY_CODE)
    checks: dict[str, bool] = {}
    checks.update(_case_journey(city, today))
    checks.update(_nothing_in_the_future(city, today))
    checks.update(_meetings(city, today))
    checks.update(_backup_support(city, today))
    checks.update(_outreach(city, today))
    checks.update(participation_promises(city, today))
    checks.update(community_promises(city, today))
    return [name for name, kept in checks.items() if not kept]


def _case_journey(city: Municipality, today: dt.date) -> dict[str, bool]:
    cases = Case.objects.filter(municipality=city)
    referrals = Referral.objects.filter(municipality=city)
    requested = referrals.filter(status=Status.REQUESTED)
    active_plans = Plan.objects.filter(case__municipality=city, status=PlanStatus.ACTIVE)
    reopened = cases.filter(events__action="再開する")
    son, mother = (Person.objects.get(municipality=city, name=n) for n in ("菅原 修", "菅原 トミ子"))
    carer = Person.objects.get(municipality=city, name="佐藤 美月")
    return {
        "ケースがすべての状態にある": set(cases.values_list("status", flat=True)) == set(CaseStatus.values),
        "再開したケースが1件（アセスメント中）": reopened.count() == 1
        and reopened.get().status == CaseStatus.ASSESSMENT,
        "同意の撤回で終結したケースが1件": cases.filter(consent__withdrawn_on__isnull=False).count() == 1,
        "つなぎがすべての状態にある": set(referrals.values_list("status", flat=True)) == set(Status.values),
        "回答期限を過ぎた依頼中のつなぎ": requested.filter(reply_by__lt=today).exists(),
        "回答期限前の依頼中のつなぎ": requested.filter(reply_by__gte=today).exists(),
        "辞退のあと別の機関に出し直したつなぎ": referrals.filter(
            resent_from__status=Status.DECLINED
        ).exists(),
        "多機関協働へのつなぎ（依頼中・受理・辞退）": {Status.REQUESTED, Status.ACCEPTED, Status.DECLINED}
        <= set(referrals.filter(to_collaboration=True).values_list("status", flat=True)),
        "見直し日を過ぎたプラン": active_plans.filter(next_review_on__lt=today).exists(),
        "見直し日前のプラン": active_plans.filter(next_review_on__gte=today).exists(),
        "会議で修正となったプラン": Decision.objects.filter(
            case__municipality=city, kind=DecisionKind.PLAN_APPROVAL, outcome=Outcome.REVISE
        ).exists(),
        "8050世帯（母80代・息子50代、支援中）": son.household_id == mother.household_id
        and 80 <= (mother.age(today) or 0) < 90
        and 50 <= (son.age(today) or 0) < 60
        and cases.get(household=son.household).status == CaseStatus.SUPPORT,
        "ヤングケアラー（17歳、会議待ち）": carer.age(today) == 17
        and cases.get(household=carer.household).status == CaseStatus.AWAITING_MEETING,
        "世帯は約300": 280 <= Household.objects.filter(municipality=city).count() <= 320,
    }


def _nothing_in_the_future(city: Municipality, today: dt.date) -> dict[str, bool]:
    """Records of what has happened are dated today at the latest; only what is planned lies ahead."""
    tomorrow_starts = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=TOKYO)
    return {
        "未来の相談はない": not Consultation.objects.filter(
            municipality=city, received_at__gte=tomorrow_starts
        ).exists(),
        "未来の同意・撤回はない": not Consent.objects.filter(
            Q(obtained_on__gt=today) | Q(withdrawn_on__gt=today), person__municipality=city
        ).exists(),
        "未来のつなぎの記録はない": not Referral.objects.filter(
            municipality=city, created_at__gte=tomorrow_starts
        ).exists()
        and not ReferralEvent.objects.filter(referral__municipality=city, at__gte=tomorrow_starts).exists(),
        "未来のケースの出来事はない": not CaseEvent.objects.filter(
            case__municipality=city, on__gt=today
        ).exists()
        and not Case.objects.filter(
            Q(opened_on__gte=today) | Q(closed_on__gt=today), municipality=city
        ).exists(),
        "未来の会議決定はない": not Decision.objects.filter(
            case__municipality=city, decided_on__gt=today
        ).exists(),
        "未来の誓約はない": not Pledge.objects.filter(body__municipality=city, pledged_on__gt=today).exists(),
        "開催済みの会議は今日まで": not Meeting.objects.filter(
            municipality=city, status=MeetingStatus.HELD, held_on__gt=today
        ).exists(),
    }


def _meetings(city: Municipality, today: dt.date) -> dict[str, bool]:
    sittings = Meeting.objects.filter(municipality=city)
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    pledged = set(
        Pledge.objects.current(today).filter(body__municipality=city).values_list("user__username", flat=True)
    )
    items = AgendaItem.objects.filter(meeting__municipality=city, kind=ItemKind.SUPPORT_CASE)
    return {
        "先月の会議（開催済み）": sittings.filter(
            held_on__gte=last_month, held_on__lt=this_month, status=MeetingStatus.HELD
        ).exists(),
        "今月の会議": sittings.filter(held_on__year=today.year, held_on__month=today.month).exists(),
        "次の会議が予定されている": sittings.filter(
            held_on__gte=today, status=MeetingStatus.SCHEDULED
        ).exists(),
        "shiとkyodoは今年度の誓約済み、soudaninは未誓約": {"shi", "kyodo"} <= pledged
        and "soudanin" not in pledged,
        "支援会議（§106-6）の議題と未完了の宿題": items.count() >= 2
        and ActionItem.objects.filter(item__in=items, done_on__isnull=True).exists(),
        "会議体の主催と開催済みの回の出席が規則どおり（kasane.meetings.rules）": _as_the_rules_say(city),
    }


def _as_the_rules_say(city: Municipality) -> bool:
    bodies = MeetingBody.objects.filter(municipality=city).select_related("host_agency", "collaboration_host")
    held = (
        Meeting.objects.filter(municipality=city, status=MeetingStatus.HELD)
        .select_related("body__host_agency", "body__collaboration_host")
        .prefetch_related("attendance__agency")
    )
    return not any(host_problems(b, b.kinds) for b in bodies) and not any(
        attendance_problems(m, [a for a in m.attendance.all() if a.present]) for m in held
    )


def _backup_support(city: Municipality, today: dt.date) -> dict[str, bool]:
    year = fiscal_year(today)
    events = Event.objects.filter(prefecture=city.prefecture)
    questionnaires = Questionnaire.objects.filter(prefecture=city.prefecture)
    this_year = Dispatch.objects.filter(municipality__prefecture=city.prefecture, fiscal_year=year)
    last_year = Dispatch.objects.filter(municipality__prefecture=city.prefecture, fiscal_year=year - 1)
    rated_years = {fiscal_year(d) for d in ReadinessRating.objects.values_list("rated_on", flat=True)}
    return {
        "前年度と今年度の研修・情報共有の場": {year - 1, year}
        <= set(events.values_list("fiscal_year", flat=True)),
        "開催済みと今後の研修・情報共有の場": events.filter(starts_on__lt=today).exists()
        and events.filter(starts_on__gte=today).exists(),
        "前年度の研修・情報共有の場はすべて開催済み": not events.filter(
            fiscal_year=year - 1, starts_on__gte=today
        ).exists(),
        "受付中と受付終了のアンケート": {QuestionnaireStatus.OPEN, QuestionnaireStatus.CLOSED}
        <= set(questionnaires.values_list("status", flat=True)),
        "回答の集まったアンケート（研修前・研修後の組を含む）": questionnaires.filter(
            status=QuestionnaireStatus.CLOSED, responses__isnull=False
        ).exists()
        and questionnaires.filter(pair__isnull=False, responses__isnull=False).exists(),
        "前年度の専門家派遣6件（成果整理済）": last_year.count() == 6
        and set(last_year.values_list("status", flat=True)) == {DispatchStatus.CONCLUDED},
        "今年度の専門家派遣4件（それぞれ別の段階）": this_year.count() == 4
        and len(set(this_year.values_list("status", flat=True))) == 4,
        "2年度分の体制整備の評価": {year - 1, year} <= rated_years,
    }


def _outreach(city: Municipality, today: dt.date) -> dict[str, bool]:
    """The 社協's outreach year, as kyodo (its CSW) sees it (README; kasane.demo.city.outreach)."""
    viewer = Viewer.of(User.objects.get(username="kyodo"), city)
    assert viewer is not None
    targets = Target.objects.filter(municipality=city)
    contacts = Contact.objects.filter(target__municipality=city)
    visits = AgencyVisit.objects.filter(municipality=city)
    home_visits = HomeVisit.objects.filter(target__municipality=city)
    last_year, this_year = (fiscal_year_bounds(fiscal_year(today) + n)[0] for n in (-1, 0))
    visits_in_window = not visits.filter(Q(on__lt=last_year) | Q(on__gt=today)).exists()
    # In the 年度's first two weeks its visits may all still lie in the previous one.
    this_year_too = (today - this_year).days < 14 or visits.filter(on__gte=this_year).exists()
    son = Person.objects.get(municipality=city, name="菅原 修")
    osamu = targets.filter(person=son).first()
    consultation = Case.objects.get(household=son.household).consultation
    began = consultation.received_at.astimezone(TOKYO).date() if consultation else today
    reached_before = osamu is not None and osamu.contacts.filter(on__lt=began).count() >= 4
    handed_over = (
        osamu is not None
        and osamu.stage == Stage.HANDED_OVER
        and osamu.consultation is not None
        and osamu.consultation.person_id == son.pk
    )
    open_visits = home_visits.filter(returned_at__isnull=True)
    tomorrow_starts = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=TOKYO)
    in_the_future = (
        contacts.filter(on__gt=today).exists()
        or visits.filter(on__gt=today).exists()
        or StageChange.objects.filter(target__municipality=city, on__gt=today).exists()
        or home_visits.filter(returned_at__gte=tomorrow_starts).exists()
    )
    return {
        "アウトリーチ：対象15人がすべての段階に": targets.count() == 15
        and set(targets.values_list("stage", flat=True)) == set(Stage.values),
        "アウトリーチ：接触のすべての結果と方法": set(contacts.values_list("outcome", flat=True))
        == set(ContactOutcome.values)
        and set(contacts.values_list("method", flat=True)) == set(Method.values),
        "アウトリーチ：関係機関等への訪問が約40件（前年度と今年度）": 35 <= visits.count() <= 45
        and visits_in_window
        and this_year_too,
        "アウトリーチ：修は母の相談受付の前から接触があり、本人の相談受付で多機関協働へ": reached_before
        and handed_over,
        "アウトリーチ：支援会議の議題から把握した対象": targets.filter(
            source=Source.SUPPORT_MEETING, meeting_item__kind=ItemKind.SUPPORT_CASE
        ).exists(),
        "アウトリーチ：帰所未確認の訪問が1件（帰所予定の前）": open_visits.count() == 1
        and not open_visits.filter(expected_back_at__lte=timezone.now()).exists(),
        "アウトリーチ：帰所を確認した訪問": home_visits.filter(returned_at__isnull=False).count() >= 3,
        "アウトリーチ：接触が30日以上途絶えた対象": stale_targets(viewer, today, 30).count() >= 2,
        "アウトリーチ：今週の予定": len(planned_this_week(viewer, today)) >= 3,
        "アウトリーチ：未来の接触・訪問・段階の変更はない": not in_the_future,
    }


def fingerprint() -> dict[str, Any]:
    """The city without its dates: who lives where, at what age, and where each record stands."""
    from kasane.lib.dates import today

    day = today()
    city = Municipality.objects.get(code=demo.DEMO_MUNICIPALITY_CODE)
    households = []
    for household in Household.objects.filter(municipality=city).select_related("owner_agency"):
        members = sorted(
            (p.family_name, p.relationship, p.sex, p.age(day) or -1) for p in household.members.all()
        )
        households.append((household.owner_agency.name, tuple(members)))
    referrals = Counter(
        (r.from_agency.name, r.to_agency.name, r.status, r.basis, r.resent_from_id is not None)
        for r in Referral.objects.filter(municipality=city).select_related("from_agency", "to_agency")
    )
    cases = sorted(Case.objects.filter(municipality=city).values_list("title", "status"))
    year = fiscal_year(day)
    dispatches = sorted(
        (d.municipality.name, d.fiscal_year - year, d.status)
        for d in Dispatch.objects.select_related("municipality")
    )
    items = sorted(
        AgendaItem.objects.filter(meeting__municipality=city).values_list("kind", "title", "outcome")
    )
    return {
        "households": sorted(households),
        "referrals": sorted(referrals.items()),
        "cases": cases,
        "dispatches": dispatches,
        "agenda items": items,
        "consents": Consent.objects.filter(person__municipality=city).count(),
        "outreach": _outreach_print(city),
        "participation": participation_print(city, day),
        "community": community_print(city),
    }


def _outreach_print(city: Municipality) -> dict[str, Any]:
    contacts = Contact.objects.filter(target__municipality=city)
    return {
        "targets": sorted(
            Target.objects.filter(municipality=city).values_list("label", "stage", "close_reason", "route")
        ),
        "contacts": sorted(Counter(contacts.values_list("method", "with_whom", "outcome")).items()),
        "visits": sorted(
            AgencyVisit.objects.filter(municipality=city).values_list(
                "counterpart_kind", "counterpart", "purpose"
            )
        ),
        "home visits": HomeVisit.objects.filter(target__municipality=city).count(),
    }
