"""Records of the case journey built directly with the ORM, for tests that need them in place."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kasane.agencies.models import Agency
from kasane.casework.models import (
    Assessment,
    Case,
    CaseEvent,
    Consent,
    Consultation,
    Household,
    Person,
    Plan,
    PlanRole,
    Referral,
    ReferralEvent,
    Relationship,
    Status,
    TeamMember,
    TeamPart,
)
from kasane.casework.services.households import index_names


def person(agency: Agency, name: str = "髙橋 ミツ", kana: str = "たかはし みつ", **extra: Any) -> Person:
    household = extra.pop("household", None)
    if household is None:
        household = Household.objects.create(
            municipality=agency.municipality,
            owner_agency=agency,
            address=extra.get("address", "テスト市北町1-2-3"),
        )
        extra.setdefault("is_main", True)
    extra.setdefault("birth_date", dt.date(1944, 4, 10))
    created = Person.objects.create(
        municipality=agency.municipality,
        owner_agency=agency,
        household=household,
        name=name,
        kana=kana,
        **extra,
    )
    index_names([created])
    return created


def consent(
    p: Person, agency: Agency, *, collaboration: bool = True, shared: list[Agency] | None = None
) -> Consent:
    c = Consent.objects.create(
        municipality=p.municipality,
        person=p,
        owner_agency=agency,
        covers_collaboration=collaboration,
        covers_meeting=True,
        obtained_on=dt.date(2026, 11, 20),
        method="written",
        obtained_by_name="テスト 職員",
    )
    if shared:
        c.shared_agencies.set(shared)
    return c


def consultation(p: Person, agency: Agency, consent_obj: Consent | None = None) -> Consultation:
    return Consultation.objects.create(
        municipality=p.municipality,
        owner_agency=agency,
        person=p,
        household=p.household,
        received_at=timezone.now(),
        topics=["withdrawal", "care"],
        main_topic="withdrawal",
        situations=["8050"],
        complaint="50代の息子が長年ひきこもっている。",
        response="collaboration",
        consent_variant="with" if consent_obj else "without",
        consent=consent_obj,
        recorded_by_name="テスト 職員",
    )


def referral(
    c: Consultation, to: Agency, consent_obj: Consent | None, status: str = Status.ACCEPTED
) -> Referral:
    r = Referral.objects.create(
        municipality=c.municipality,
        person=c.person,
        household=c.household,
        consultation=c,
        from_agency=c.owner_agency,
        from_user_name="テスト 職員",
        to_agency=to,
        to_collaboration=to.runs_collaboration,
        shared_fields=["name", "complaint"],
        shared_data={"name": c.person.name, "kana": c.person.kana, "complaint": c.complaint},
        basis="consent" if consent_obj else "law_other",
        consent=consent_obj,
        basis_note="" if consent_obj else "高齢者虐待防止法",
        message="多機関協働での支援をお願いします。",
        status=status,
    )
    ReferralEvent.objects.create(
        referral=r, status=Status.REQUESTED, actor_name="テスト 職員", agency=c.owner_agency
    )
    return r


def case(p: Person, hub: Agency, consent_obj: Consent, team: list[Agency], status: str = "support") -> Case:
    k = Case.objects.create(
        municipality=p.municipality,
        owner_agency=hub,
        household=p.household,
        person=p,
        consent=consent_obj,
        title="8050・長期ひきこもり",
        opened_on=dt.date(2026, 11, 21),
        status=status,
    )
    TeamMember.objects.create(case=k, agency=hub, part=TeamPart.LEAD, joined_on=k.opened_on)
    for agency in team:
        TeamMember.objects.create(case=k, agency=agency, part=TeamPart.SUPPORT, joined_on=k.opened_on)
    CaseEvent.objects.create(
        case=k, action="受付", to_status="intake", actor_name="テスト 職員", on=k.opened_on
    )
    Assessment.objects.create(
        case=k,
        version=1,
        assessed_on=k.opened_on,
        household_situation="母と長男の二人暮らし。",
        author_name="テスト 職員",
    )
    plan = Plan.objects.create(
        case=k,
        version=1,
        status="active" if status == "support" else "draft",
        long_term_goal="安心して暮らしたい",
        short_term_goals="月に1回、誰かと話す",
        author_name="テスト 職員",
    )
    for agency in [hub, *team]:
        PlanRole.objects.create(plan=plan, agency=agency, actions=f"{agency.name}の役割")
    return k


def journey(world: dict[str, Any]) -> dict[str, Any]:
    """The 8050 household of the tests: recorded by 北部包括, referred to and run by the hub (社協)."""
    agencies = world["agencies"]
    hub = agencies["shakyo"]
    if not hub.runs_collaboration:
        hub.runs_collaboration = True
        hub.save(update_fields=["runs_collaboration"])
    north = agencies["houkatsu_north"]
    mother = person(north)
    son = person(
        north,
        "髙橋 一郎",
        "たかはし いちろう",
        household=mother.household,
        relationship=Relationship.CHILD,
        birth_date=dt.date(1972, 6, 1),
    )
    agreed = consent(mother, north)
    intake = consultation(mother, north, agreed)
    sent = referral(intake, hub, agreed)
    k = case(mother, hub, agreed, [north])
    return {
        "mother": mother,
        "son": son,
        "consent": agreed,
        "consultation": intake,
        "referral": sent,
        "case": k,
        "plan": k.plans.get(),
        "household": mother.household,
    }


def meeting_body(
    world: dict[str, Any], *, pledged: tuple[str, ...] = ("city", "coordinator")
) -> dict[str, Any]:
    """002's 包括的支援会議: one body hosted by the city that serves as 支援会議, 重層的支援会議 and 全体推進会議,
    the hub (社協, the 多機関協働事業者) hosting the 重層的支援会議, with the city, the hub and 北部包括 as
    members; today's sitting with all three present."""
    from kasane.lib.dates import today
    from kasane.meetings.models import (
        PLEDGE_WORDING,
        Attendance,
        BodyMember,
        Meeting,
        MeetingBody,
        MeetingKind,
        Pledge,
    )

    users, agencies = world["users"], world["agencies"]
    kinds = [MeetingKind.SUPPORT, MeetingKind.LAYERED, MeetingKind.PROMOTION]
    body = MeetingBody.objects.create(
        municipality=world["municipality"],
        name="テスト市包括的支援会議",
        kinds=kinds,
        host_agency=agencies["division"],
        collaboration_host=agencies["shakyo"],
    )
    members = {"city": "division", "coordinator": "shakyo", "soudanin": "houkatsu_north"}
    day = today()
    for key, agency_key in members.items():
        BodyMember.objects.create(body=body, user=users[key], agency=agencies[agency_key], joined_on=day)
    for key in pledged:
        Pledge.objects.create(
            body=body,
            user=users[key],
            user_name=users[key].full_name,
            agency_name=agencies[members[key]].name,
            pledged_on=day,
            valid_until=Pledge.valid_until_for(day),
            wording=PLEDGE_WORDING,
        )
    meeting = Meeting.objects.create(
        municipality=world["municipality"],
        body=body,
        title="包括的支援会議（定例）",
        kinds=kinds,
        held_on=day,
        # Today's sitting has met and its host has recorded who came (the three members below).
        attendance_recorded_at=timezone.now(),
    )
    for key, agency_key in members.items():
        Attendance.objects.create(
            meeting=meeting, user=users[key], agency=agencies[agency_key], name=users[key].full_name
        )
    return {"body": body, "meeting": meeting}


def matrix_meetings(world: dict[str, Any], make_user: Any) -> dict[str, Any]:
    """The access matrix's meetings: meeting_body's 包括的支援会議 with two more members from 南部包括,
    ``pledged`` (with a 守秘義務の誓約) and ``unpledged`` (without), added to ``world["users"]``; a §106-6
    item to which city, coordinator and pledged are invited; a task from its minutes; and a resource gap."""
    from kasane.meetings.models import (
        PLEDGE_WORDING,
        ActionItem,
        AgendaItem,
        BodyMember,
        ItemKind,
        Pledge,
        ResourceGap,
    )

    users, agencies = world["users"], world["agencies"]
    users["pledged"] = make_user("kiyaku", agencies["houkatsu_south"], "soudanin")
    users["unpledged"] = make_user("mikiyaku", agencies["houkatsu_south"], "soudanin")
    m = meeting_body(world)
    body, meeting = m["body"], m["meeting"]
    for key in ("pledged", "unpledged"):
        BodyMember.objects.create(
            body=body, user=users[key], agency=agencies["houkatsu_south"], joined_on=meeting.held_on
        )
    Pledge.objects.create(
        body=body,
        user=users["pledged"],
        user_name="誓約 済",
        agency_name="南部包括",
        pledged_on=meeting.held_on,
        valid_until=Pledge.valid_until_for(meeting.held_on),
        wording=PLEDGE_WORDING,
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        kind=ItemKind.SUPPORT_CASE,
        title="ごみ屋敷の高齢男性",
        subject_name="佐藤 一",
        situation="近所から、ごみが溜まり異臭がすると相談があった。",
    )
    item.invited.set([users["city"], users["coordinator"], users["pledged"]])
    action = ActionItem.objects.create(
        item=item, assignee=users["pledged"], task="民生委員と訪問する", due_on=dt.date(2026, 12, 1)
    )
    gap = ResourceGap.objects.create(
        municipality=world["municipality"],
        title="夜間の居場所",
        description="夜間に通える居場所がない。",
        raised_on=meeting.held_on,
        raised_by_agency=agencies["shakyo"],
    )
    return {**m, "support_item": item, "action": action, "gap": gap}


def outreach_target(
    world: dict[str, Any],
    *,
    label: str = "○○町の80代女性と50代の息子の世帯",
    person: Person | None = None,
    raised_on: dt.date | None = None,
    stage: str = "information",
    **extra: Any,
) -> Any:
    """A target of the 社協's outreach (the coordinator's agency), known by a description; ``person`` links it."""
    from kasane.lib.dates import today
    from kasane.outreach.models import StageChange, Target

    day = raised_on or today()
    target = Target.objects.create(
        municipality=world["municipality"],
        owner_agency=world["agencies"]["shakyo"],
        lead_user=world["users"]["coordinator"],
        label=label,
        description=extra.pop("description", "息子が10年ほど外出していない様子。母は足が悪い。"),
        area=extra.pop("area", "○○町"),
        raised_on=day,
        person=person,
        household=person.household if person is not None else None,
        stage=stage,
        stage_changed_on=day,
        created_by_name="kyodo 職員",
        **extra,
    )
    StageChange.objects.create(target=target, to_stage=stage, on=day, author_name="kyodo 職員")
    return target


def outreach_contact(target: Any, *, on: dt.date | None = None, outcome: str = "away", **extra: Any) -> Any:
    """A contact on a target, written by its agency."""
    from kasane.lib.dates import today
    from kasane.outreach.models import Contact

    day = on or today()
    contact = Contact.objects.create(
        target=target,
        agency=target.owner_agency,
        on=day,
        method=extra.pop("method", "visit"),
        with_whom=extra.pop("with_whom", "person"),
        outcome=outcome,
        text=extra.pop("text", "訪問したが不在。メモを投函した。"),
        author_name="kyodo 職員",
        **extra,
    )
    if target.last_contact_on is None or day > target.last_contact_on:
        target.last_contact_on = day
        target.save(update_fields=["last_contact_on"])
    return contact
