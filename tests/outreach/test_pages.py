"""The outreach pages as staff use them: the start page's lists (mine, stale, open, handed over, closed), the
stage funnel, this week's plan and the 帰所確認 queue; a target's page and its small forms, posted as the page
posts them (each form has its own prefix); registering a target. The pages' query counts are pinned in
test_query_counts.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from kasane.casework.models import Status
from kasane.outreach import queries
from kasane.outreach.models import (
    CloseReason,
    Contact,
    HomeVisit,
    Outcome,
    OutreachSettings,
    Route,
    Source,
    Stage,
    Target,
)
from tests import factories
from tests.clock import TOKYO

from .helpers import DAY, days_ago, target, viewer

pytestmark = pytest.mark.django_db

INDEX = "/outreach/"


def page_of(client: Any, path: str, **kwargs: Any) -> str:
    response = client.get(path, **kwargs)
    assert response.status_code == 200, path
    return str(response.content.decode())


def section(page: str, title_id: str) -> str:
    """One section of the start page, from its heading to the next section."""
    start = page.index(f'id="{title_id}"')
    end = page.find("</section>", start)
    return page[start:end]


def listed(client: Any, shown: str) -> str:
    return section(page_of(client, f"{INDEX}?list={shown}"), "list-title")


def labels_in(client: Any, shown: str) -> set[str]:
    """The labels of the targets shown in one list of the start page."""
    rows = listed(client, shown)
    return {t.label for t in Target.objects.all() if f">{t.label}</a>" in rows}


def contacted(t: Target, on: dt.date, **extra: Any) -> Contact:
    return factories.outreach_contact(t, on=on, **extra)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TOKYO)


def stale_days(w: dict[str, Any], days: int) -> None:
    OutreachSettings.objects.update_or_create(municipality=w["municipality"], defaults={"stale_days": days})


# --- the lists ---------------------------------------------------------------------------------------------


def test_each_list_shows_its_targets(w: dict[str, Any], client_for: Any) -> None:
    matrix = w["o"]["target"].label
    contacted(target(w, "担当・接触中"), days_ago(2))
    contacted(target(w, "他の職員の担当", lead_user=w["users"]["reader"]), days_ago(2))
    contacted(target(w, "長く途絶えている", stage=Stage.PERSON), days_ago(45))
    contacted(target(w, "つないだ", stage=Stage.HANDED_OVER), days_ago(60))
    contacted(target(w, "終えた", stage=Stage.CLOSED), days_ago(60))
    client = client_for(w["users"]["coordinator"])
    mine = {matrix, "担当・接触中", "長く途絶えている", "つないだ"}
    assert labels_in(client, "mine") == mine
    assert labels_in(client, "unknown") == mine  # an unknown list is the default one
    assert labels_in(client, "stale") == {"長く途絶えている"}
    assert labels_in(client, "open") == {matrix, "担当・接触中", "他の職員の担当", "長く途絶えている"}
    assert labels_in(client, "handed_over") == {"つないだ"}
    assert labels_in(client, "closed") == {"終えた"}
    # Another agency's staff see none of them, in any list.
    other = client_for(w["users"]["soudanin"])
    for shown in ("mine", "stale", "open", "handed_over", "closed"):
        assert labels_in(other, shown) == set(), shown


def test_the_longest_without_contact_comes_first(w: dict[str, Any], client_for: Any) -> None:
    contacted(target(w, "先週"), days_ago(7))
    target(w, "まだ接触なし")
    contacted(target(w, "先月"), days_ago(31))
    page = listed(client_for(w["users"]["coordinator"]), "open")
    order = sorted(["先週", "まだ接触なし", "先月", w["o"]["target"].label], key=page.index)
    assert order == ["まだ接触なし", "先月", "先週", w["o"]["target"].label]


def test_a_list_that_names_people_is_audited(w: dict[str, Any], client_for: Any) -> None:
    from kasane.audit.models import AuditEntry

    target(w, "名前のない対象")
    page_of(client_for(w["users"]["coordinator"]), f"{INDEX}?list=open")
    entry = AuditEntry.objects.get(action="outreach_target.listed")
    assert entry.details == {"persons": [w["r"]["son"].pk], "count": 1}


@pytest.mark.parametrize(
    ("days", "stale"),
    [
        (30, {"35日前", "把握から35日・接触なし"}),
        (10, {"35日前", "20日前", "把握から35日・接触なし", "把握から15日・接触なし"}),
    ],
)
def test_stale_follows_the_municipalitys_setting(
    w: dict[str, Any], client_for: Any, days: int, stale: set[str]
) -> None:
    stale_days(w, days)
    contacted(target(w, "35日前"), days_ago(35))
    contacted(target(w, "20日前"), days_ago(20))
    contacted(target(w, "10日前"), days_ago(10))  # exactly ten days: not yet stale
    target(w, "把握から35日・接触なし", raised_on=days_ago(35))
    target(w, "把握から15日・接触なし", raised_on=days_ago(15))
    target(w, "把握から10日・接触なし", raised_on=days_ago(10))
    contacted(target(w, "つないだ", stage=Stage.HANDED_OVER), days_ago(60))
    contacted(target(w, "終えた", stage=Stage.CLOSED), days_ago(60))
    client = client_for(w["users"]["coordinator"])
    assert labels_in(client, "stale") == stale
    assert f"最後の接触から{days}日を過ぎた対象です" in page_of(client, f"{INDEX}?list=stale")
    # The target's own page warns the same way.
    for t in Target.objects.filter(
        owner_agency=w["agencies"]["shakyo"], stage__in=[Stage.ATTEMPTING, Stage.HANDED_OVER]
    ):
        warned = f"最後の接触から{days}日を過ぎています。" in page_of(client, f"/outreach/targets/{t.pk}/")
        assert warned == (t.label in stale), t.label


def test_the_stale_days_default_to_30(w: dict[str, Any], client_for: Any) -> None:
    contacted(target(w, "31日前"), days_ago(31))
    contacted(target(w, "30日前"), days_ago(30))
    assert labels_in(client_for(w["users"]["coordinator"]), "stale") == {"31日前"}


# --- the funnel, this week, 帰所確認 -------------------------------------------------------------------------


def test_the_funnel_counts_the_agencys_targets_by_stage(w: dict[str, Any], client_for: Any) -> None:
    for stage, n in ((Stage.ATTEMPTING, 3), (Stage.FAMILY, 2), (Stage.CLOSED, 1)):
        for i in range(n):
            target(w, f"{stage}-{i}", stage=stage)
    target(w, "北部包括の対象", owner_agency=w["agencies"]["houkatsu_north"])
    counts = {stage: n for stage, _label, n in queries.funnel(viewer(w))}
    assert counts == {
        Stage.INFORMATION: 1,  # the matrix world's target
        Stage.ATTEMPTING: 3,
        Stage.FAMILY: 2,
        Stage.PERSON: 0,
        Stage.TRUST: 0,
        Stage.HANDED_OVER: 0,
        Stage.WATCHING: 0,
        Stage.CLOSED: 1,
    }
    page = page_of(client_for(w["users"]["coordinator"]), INDEX)
    assert '<span class="queue__count">3</span>接触の試み' in page
    assert '<span class="queue__count">2</span>家族とつながる' in page
    assert '<span class="queue__count">0</span>信頼関係' in page
    assert [n for _s, _l, n in queries.funnel(viewer(w, "soudanin"))] == [0, 1, 0, 0, 0, 0, 0, 0]


def test_this_weeks_plan_runs_from_monday_to_sunday(w: dict[str, Any], client_for: Any) -> None:
    monday, sunday = dt.date(2026, 11, 23), dt.date(2026, 11, 29)
    week = target(w, "今週の対象")
    contacted(week, days_ago(5), next_step="電話する", next_on=dt.date(2026, 11, 25))
    contacted(
        week, days_ago(1), next_step="再訪する", next_on=dt.date(2026, 11, 27)
    )  # the latest plan counts
    contacted(
        target(w, "来週の対象"), days_ago(1), next_step="来週の訪問", next_on=sunday + dt.timedelta(days=1)
    )
    contacted(
        target(w, "先週の対象"), days_ago(3), next_step="先週の訪問", next_on=monday - dt.timedelta(days=1)
    )
    contacted(target(w, "終えた", stage=Stage.CLOSED), days_ago(3), next_step="終えた訪問", next_on=DAY)
    contacted(target(w, "次の一手なし"), days_ago(3), next_on=dt.date(2026, 11, 28))
    visits = target(w, "訪問の対象")
    name = w["users"]["coordinator"].full_name
    for leaves in (
        at(monday, 0, 30),
        at(sunday + dt.timedelta(days=1), 0, 30),
        at(monday - dt.timedelta(days=1), 23),
    ):
        HomeVisit.objects.create(
            target=visits,
            agency=visits.owner_agency,
            visitor_name=name,
            leaves_at=leaves,
            expected_back_at=leaves + dt.timedelta(hours=1),
        )
    planned = [(p.on, p.target.label, p.what) for p in queries.planned_this_week(viewer(w), DAY)]
    assert planned == [
        (monday, "訪問の対象", f"訪問（{name}）"),
        (DAY, w["o"]["target"].label, f"訪問（{name}）"),  # the matrix world's visit, today
        (dt.date(2026, 11, 27), "今週の対象", "再訪する"),
        (dt.date(2026, 11, 28), "次の一手なし", "次の接触"),
    ]
    page = page_of(client_for(w["users"]["coordinator"]), INDEX)
    assert (
        "再訪する" in page
        and "電話する" not in page
        and "来週の訪問" not in page
        and "終えた訪問" not in page
    )
    assert queries.planned_this_week(viewer(w, "soudanin"), DAY) == []


def test_the_return_queue_shows_visits_past_their_expected_return(w: dict[str, Any], client_for: Any) -> None:
    t = target(w, "訪問先")
    shakyo, name = w["agencies"]["shakyo"], "kyodo 職員"
    late = HomeVisit.objects.create(
        target=t,
        agency=shakyo,
        visitor_name="遅れている職員",
        leaves_at=at(DAY, 8),
        expected_back_at=at(DAY, 9, 30),
    )
    HomeVisit.objects.create(
        target=t,
        agency=shakyo,
        visitor_name="帰った職員",
        leaves_at=at(DAY, 8),
        expected_back_at=at(DAY, 9),
        returned_at=at(DAY, 9),
        returned_confirmed_by=name,
    )
    client = client_for(w["users"]["coordinator"])
    queue = section(page_of(client, INDEX), "return-title")
    assert (
        "遅れている職員" in queue and w["o"]["home_visit"].visitor_name in queue and "帰った職員" not in queue
    )
    assert queue.count("（予定を過ぎています）") == 1  # the matrix world's visit is due back at noon
    assert queue.count('class="overdue"') == 2  # the name and the time, of the late one only
    assert late.is_overdue and not w["o"]["home_visit"].is_overdue
    assert "帰所確認（訪問中）" not in page_of(client_for(w["users"]["soudanin"]), INDEX)
    # Confirming the return takes the visit off the queue, from the start page or the target's page.
    response = client.post(f"/outreach/home-visits/{late.pk}/return/")
    assert response.status_code == 302 and response.url == INDEX
    late.refresh_from_db()
    assert late.returned_at == timezone.now() and late.returned_confirmed_by == name
    assert "遅れている職員" not in section(page_of(client, INDEX), "return-title")
    again = client.post(f"/outreach/home-visits/{late.pk}/return/", {"next": "target"}, follow=True)
    assert again.redirect_chain[0][0] == f"/outreach/targets/{t.pk}/"
    assert "すでに帰所を確認しています。" in again.content.decode()
    # Another agency's staff cannot even find it.
    assert (
        client_for(w["users"]["soudanin"]).post(f"/outreach/home-visits/{late.pk}/return/").status_code == 404
    )


# --- a target's page and its forms -------------------------------------------------------------------------


def post(client: Any, t: Target, path: str, data: dict[str, str]) -> str:
    response = client.post(f"/outreach/targets/{t.pk}/{path}", data, follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0] == f"/outreach/targets/{t.pk}/"
    return str(response.content.decode())


def contact_data(**extra: str) -> dict[str, str]:
    return {"on": "R8.11.24", "method": "visit", "with_whom": "family", "outcome": "family_talked", **extra}


def test_a_contact_is_logged_from_the_targets_page(w: dict[str, Any], client_for: Any) -> None:
    t = target(w)
    page = post(
        client_for(w["users"]["coordinator"]),
        t,
        "contacts/new/",
        contact_data(
            text="母と玄関先で話せた。", next_step="来週また訪ねる", next_on="R8.12.1", stage="family"
        ),
    )
    assert "接触を記録しました。" in page and "母と玄関先で話せた。" in page
    contact = t.contacts.get()
    assert (contact.on, contact.outcome, contact.next_on) == (
        DAY,
        Outcome.FAMILY_TALKED,
        dt.date(2026, 12, 1),
    )
    t.refresh_from_db()
    assert (t.stage, t.last_contact_on) == (Stage.FAMILY, DAY)


def test_a_contact_form_with_errors_keeps_what_was_typed(w: dict[str, Any], client_for: Any) -> None:
    t = target(w)
    client = client_for(w["users"]["coordinator"])
    typed = "雨の中、玄関先で長男と少しだけ話せた。"
    for data, error in (
        (contact_data(text=typed, outcome=""), "結果を選んでください。"),
        (contact_data(text=typed, on="R8.11.25"), "未来の日付は入力できません。"),
        (contact_data(text=typed, on="あした"), "日付"),
    ):
        response = client.post(f"/outreach/targets/{t.pk}/contacts/new/", data)
        assert response.status_code == 400
        page = response.content.decode()
        assert typed in page and error in page
    assert not t.contacts.exists()


def test_a_refused_contact_says_why_and_writes_nothing(w: dict[str, Any], client_for: Any) -> None:
    t = target(w)
    page = post(client_for(w["users"]["coordinator"]), t, "contacts/new/", contact_data(stage="person"))
    assert "「本人とつながる」にするには、本人と会えた・話せた接触記録が必要です。" in page
    assert not t.contacts.exists()


def test_the_stage_form_moves_the_stage_when_a_contact_shows_it(w: dict[str, Any], client_for: Any) -> None:
    t = target(w)
    client = client_for(w["users"]["coordinator"])
    data = {"stage-stage": "family", "stage-on": "R8.11.24", "stage-note": "母が話してくれた"}
    page = post(client, t, "stage/", data)
    assert "家族または本人と会えた・話せた接触記録が必要です。" in page
    contacted(t, days_ago(1), outcome=Outcome.FAMILY_TALKED)
    page = post(client, t, "stage/", data)
    assert "段階を変えました。" in page and "母が話してくれた" in page
    t.refresh_from_db()
    assert t.stage == Stage.FAMILY
    assert "日付を入力してください。" in post(client, t, "stage/", {"stage-stage": "trust"})


def test_handing_over_from_the_page_offers_the_persons_records(w: dict[str, Any], client_for: Any) -> None:
    son, shakyo = w["r"]["son"], w["agencies"]["shakyo"]
    intake = factories.consultation(son, shakyo)
    referral = factories.referral(intake, w["agencies"]["houkatsu_south"], None, Status.ACCEPTED)
    t = target(w, person=son, stage=Stage.TRUST)
    client = client_for(w["users"]["coordinator"])
    page = page_of(client, f"/outreach/targets/{t.pk}/")
    assert f'value="c{intake.pk}"' in page and f'value="r{referral.pk}"' in page
    assert f'value="c{w["r"]["consultation"].pk}"' not in page  # the mother's, not his
    page = post(client, t, "hand-over/", {"handover-route": "agency", "handover-record": f"c{intake.pk}"})
    assert "日付を入力してください。" in page
    page = post(
        client,
        t,
        "hand-over/",
        {"handover-route": "agency", "handover-record": f"c{intake.pk}", "handover-on": "R8.11.24"},
    )
    assert "この方のつなぎを選んでください" in page
    data = {"handover-route": "participation", "handover-record": f"c{intake.pk}", "handover-on": "R8.11.24"}
    assert "支援につなぎました。" in post(client, t, "hand-over/", data)
    t.refresh_from_db()
    assert (t.stage, t.route, t.consultation) == (Stage.HANDED_OVER, Route.PARTICIPATION, intake)


def test_closing_and_reopening_from_the_page(w: dict[str, Any], client_for: Any) -> None:
    t = target(w)
    client = client_for(w["users"]["coordinator"])
    assert "終了の理由を選んでください。" in post(client, t, "close/", {"close-on": "R8.11.24"})
    page = post(client, t, "close/", {"close-reason": "refused", "close-on": "R8.11.24", "close-note": ""})
    assert "アウトリーチを終了しました。" in page and "再開する" in page and "接触を記録する" not in page
    t.refresh_from_db()
    assert (t.stage, t.close_reason) == (Stage.CLOSED, CloseReason.REFUSED)
    assert "再開の理由を入力してください。" in post(client, t, "reopen/", {"reopen-reason": ""})
    assert "再開しました（見守り継続）。" in post(
        client, t, "reopen/", {"reopen-reason": "息子から電話があった"}
    )
    t.refresh_from_db()
    assert t.stage == Stage.WATCHING


def test_a_home_visit_is_planned_from_the_page(w: dict[str, Any], client_for: Any) -> None:
    t = target(w)
    client = client_for(w["users"]["coordinator"])
    data = {
        "visit-leaves_at_0": "R8.11.24",
        "visit-leaves_at_1": "14:00",
        "visit-expected_back_at_0": "R8.11.24",
        "visit-expected_back_at_1": "13:30",
        "visit-companions": str(w["users"]["reader"].pk),
        "visit-companions_other": "民生委員の佐藤さん",
    }
    assert "帰所予定は出発より後の時刻にしてください。" in post(client, t, "home-visits/new/", data)
    assert not t.home_visits.exists()
    page = post(client, t, "home-visits/new/", {**data, "visit-expected_back_at_1": "15:30"})
    assert "訪問の予定を登録しました。" in page
    visit = t.home_visits.get()
    assert (visit.leaves_at, visit.expected_back_at) == (at(DAY, 14), at(DAY, 15, 30))
    assert list(visit.companions.all()) == [w["users"]["reader"]]
    # Only the agency's own staff may go along.
    stranger = {
        **data,
        "visit-expected_back_at_1": "15:30",
        "visit-companions": str(w["users"]["soudanin"].pk),
    }
    post(client, t, "home-visits/new/", stranger)
    assert t.home_visits.count() == 1


def test_the_person_is_linked_from_a_search_of_those_the_user_may_see(
    w: dict[str, Any], client_for: Any
) -> None:
    t = target(w)
    client = client_for(w["users"]["coordinator"])
    page = page_of(client, f"/outreach/targets/{t.pk}/person/", data={"name": "髙橋"})
    assert "髙橋 ミツ" in page and "髙橋 一郎" in page  # the household of the case the 社協 runs
    stranger = factories.person(w["agencies"]["houkatsu_south"], "南野 花子", "みなみの はなこ")
    response = client.post(f"/outreach/targets/{t.pk}/person/", {"person": stranger.pk})
    assert response.status_code == 302 and response.url == f"/outreach/targets/{t.pk}/person/"
    t.refresh_from_db()
    assert t.person is None
    response = client.post(f"/outreach/targets/{t.pk}/person/", {"person": w["r"]["son"].pk})
    assert response.status_code == 302
    t.refresh_from_db()
    assert (t.person, t.household) == (w["r"]["son"], w["r"]["household"])


def test_outsiders_cannot_change_a_target(w: dict[str, Any], client_for: Any) -> None:
    t = target(w)
    client = client_for(w["users"]["soudanin"])
    for path, data in (
        ("contacts/new/", contact_data()),
        ("stage/", {"stage-stage": "watching", "stage-on": "R8.11.24"}),
        ("close/", {"close-reason": "settled", "close-on": "R8.11.24"}),
        ("person/", {"person": str(w["r"]["son"].pk)}),
    ):
        assert client.post(f"/outreach/targets/{t.pk}/{path}", data).status_code == 404, path
    t.refresh_from_db()
    assert t.stage == Stage.ATTEMPTING and t.person is None and not t.contacts.exists()
    # A reader of the 社協 sees the target but changes nothing.
    reader = client_for(w["users"]["reader"])
    page = page_of(reader, f"/outreach/targets/{t.pk}/")
    assert "接触を記録する" not in page and "記録を直す" not in page
    assert "アウトリーチの記録は担当機関の職員が行います。" in post(
        reader, t, "close/", {"close-reason": "settled", "close-on": "R8.11.24"}
    )
    t.refresh_from_db()
    assert t.is_open


# --- registering a target ----------------------------------------------------------------------------------


def target_data(**extra: Any) -> dict[str, Any]:
    return {
        "label": "港町の60代女性",
        "description": "郵便物が溜まっている。",
        "source": "own_work",
        "raised_on": "R8.11.20",
        **extra,
    }


def test_a_target_is_registered_from_an_agency_visit(w: dict[str, Any], client_for: Any) -> None:
    visit = w["o"]["agency_visit"]
    client = client_for(w["users"]["coordinator"])
    page = page_of(client, f"/outreach/targets/new/?visit={visit.pk}")
    assert visit.counterpart in page
    response = client.post(f"/outreach/targets/new/?visit={visit.pk}", target_data(source="agency_visit"))
    t = Target.objects.get(label="港町の60代女性")
    assert response.status_code == 302 and response.url == f"/outreach/targets/{t.pk}/"
    assert (t.agency_visit, t.raised_on, t.stage) == (visit, dt.date(2026, 11, 20), Stage.INFORMATION)


def test_a_target_from_a_support_meeting_must_name_an_item_the_user_may_see(
    w: dict[str, Any], client_for: Any
) -> None:
    item = w["m"]["support_item"]
    client = client_for(w["users"]["coordinator"])
    response = client.post("/outreach/targets/new/", target_data(source=Source.SUPPORT_MEETING))
    assert response.status_code == 200
    assert "支援会議の議題から把握した場合は、その議題を選んでください。" in response.content.decode()
    assert not Target.objects.filter(label="港町の60代女性").exists()
    # The form names the item by its sitting and number, never by what was discussed.
    page = page_of(client, "/outreach/targets/new/")
    assert f"（議題 No.{item.pk}）" in page and item.title not in page and item.subject_name not in page
    # A member of the 社協 who was not invited to the item cannot point at it.
    reader = client_for(w["users"]["reader"])
    assert f"（議題 No.{item.pk}）" not in page_of(reader, "/outreach/targets/new/")
    response = client.post(
        "/outreach/targets/new/", target_data(source=Source.SUPPORT_MEETING, meeting_item=item.pk)
    )
    assert response.status_code == 302
    assert Target.objects.get(label="港町の60代女性").meeting_item == item


def test_a_reader_cannot_point_at_an_item_they_were_not_invited_to(
    w: dict[str, Any], client_for: Any, make_user: Any
) -> None:
    from kasane.accounts.models import Membership, Role

    writer = make_user("kaku", None)
    Membership.objects.create(
        user=writer, agency=w["agencies"]["shakyo"], role=Role.objects.get(code="soudanin")
    )
    item = w["m"]["support_item"]
    response = client_for(writer).post(
        "/outreach/targets/new/", target_data(source=Source.SUPPORT_MEETING, meeting_item=item.pk)
    )
    assert response.status_code == 200 and "正しく選択してください" in response.content.decode()
    assert not Target.objects.filter(label="港町の60代女性").exists()
