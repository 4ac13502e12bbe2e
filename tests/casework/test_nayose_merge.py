"""名寄せ in case work: the list of likely duplicates (only pairs whose two persons the viewer sees), the pair
page read through the access helper, merging that moves every record pointing at the person and an undo
that puts each back exactly, 「別の人」 and its withdrawal, the outsider's 404 and the pinned query count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kasane.audit.models import AuditEntry
from kasane.casework.models import AssessmentMember, DistinctPair, Merge, Person
from kasane.casework.personal_data.merges import provider as merges_provider
from kasane.casework.queries.duplicates import PAIRS_PAGE, Listed, PairRow, pairs_page
from kasane.casework.services.merges import NOT_MOVED, may_merge, pointing_fields
from kasane.casework.visibility import Viewer
from kasane.governance.models import DisclosureRequest
from kasane.lib.dates import TOKYO
from kasane.lib.nayose import PersonRecord, ScoredPair
from kasane.lib.personal_data import Scrubbed
from kasane.meetings.models import AgendaItem, ItemKind
from tests import factories
from tests.participation import helpers as participation

pytestmark = pytest.mark.django_db

BORN = dt.date(1944, 4, 10)
MOMENT = dt.datetime.combine(participation.DAY, dt.time(10), tzinfo=TOKYO)


@pytest.fixture
def w(world: dict[str, Any], make_user: Any) -> dict[str, Any]:
    world["r"] = factories.journey(world)
    agencies = world["agencies"]
    # The mother recorded a second time by 北部包括, with a variant kanji and a half-width address.
    world["twice"] = factories.person(
        agencies["houkatsu_north"],
        "高橋 ミツ",
        "たかはし みつ",
        birth_date=BORN,
        address="テスト市北町１－２－３",
    )
    # And once by 南部包括, which 北部包括 does not see.
    world["south_copy"] = factories.person(
        agencies["houkatsu_south"], "髙橋 ミツ", "タカハシ ミツ", birth_date=BORN
    )
    world["users"]["south"] = make_user("minami", agencies["houkatsu_south"], "soudanin")
    return world


def login(client_for: Any, w: dict[str, Any], key: str) -> Any:
    return client_for(w["users"][key])


def pair_url(a: Person, b: Person, action: str = "") -> str:
    low, high = sorted((a.pk, b.pk))
    return f"/people/duplicates/{low}-{high}/{action + '/' if action else ''}"


def listed_pairs(response: Any) -> set[tuple[int, int]]:
    return {(row.pair.left, row.pair.right) for row in response.context["page"].rows}


def ids(a: Person, b: Person) -> tuple[int, int]:
    low, high = sorted((a.pk, b.pk))
    return (low, high)


def test_the_list_offers_only_pairs_whose_two_persons_the_viewer_sees(
    client_for: Any, w: dict[str, Any]
) -> None:
    mother, twice = w["r"]["mother"], w["twice"]
    north = login(client_for, w, "soudanin").get("/people/duplicates/")
    assert north.status_code == 200
    assert listed_pairs(north) == {ids(mother, twice)}
    assert "同じ人の候補（名寄せ）" in north.content.decode()
    # 南部包括 sees only its own copy: no pair at all, though its copy matches the other two.
    assert w["south_copy"].owner_agency == w["agencies"]["houkatsu_south"]
    assert listed_pairs(login(client_for, w, "south").get("/people/duplicates/")) == set()
    # The hub sees the mother on its case but not 北部包括's second record.
    assert listed_pairs(login(client_for, w, "coordinator").get("/people/duplicates/")) == set()
    entry = AuditEntry.objects.filter(action="person.duplicates_listed").latest("pk")
    assert entry.details["persons"] == sorted(ids(mother, twice))


def test_the_pair_page_reads_both_records_through_the_access_helper(
    client_for: Any, w: dict[str, Any]
) -> None:
    mother, twice = w["r"]["mother"], w["twice"]
    response = login(client_for, w, "soudanin").get(pair_url(mother, twice))
    assert response.status_code == 200
    page = response.content.decode()
    assert "一致（異体字・表記の違い）" in page and "同じ人としてまとめる" in page and "別の人" in page
    reads = AuditEntry.objects.filter(action="person.compared").values_list("person_id", flat=True)
    assert sorted(reads) == sorted([str(mother.pk), str(twice.pk)])
    # The other order of the two numbers is not the pair's address.
    low, high = ids(mother, twice)
    assert login(client_for, w, "soudanin").get(f"/people/duplicates/{high}-{low}/").status_code == 404


def test_an_outsider_gets_404_on_the_pair_and_its_actions(client_for: Any, w: dict[str, Any]) -> None:
    mother, twice = w["r"]["mother"], w["twice"]
    south = login(client_for, w, "south")
    assert south.get(pair_url(mother, twice)).status_code == 404
    note = {"keep": twice.pk, "note": "電話で確認"}
    assert south.post(pair_url(mother, twice, "merge"), note).status_code == 404
    assert south.post(pair_url(mother, twice, "different")).status_code == 404
    # The hub sees the mother but not the second record: the pair is out of its reach as a whole.
    assert login(client_for, w, "coordinator").post(pair_url(mother, twice, "merge"), note).status_code == 404
    assert not Merge.objects.exists() and not DistinctPair.objects.exists()
    assert AuditEntry.objects.filter(action="access.denied").count() >= 4


def test_wrong_method_bad_input_and_no_right_to_merge(client_for: Any, w: dict[str, Any]) -> None:
    mother, son, twice = w["r"]["mother"], w["r"]["son"], w["twice"]
    north = login(client_for, w, "soudanin")
    assert north.get(pair_url(mother, twice, "merge")).status_code == 405
    blank = north.post(pair_url(mother, twice, "merge"), {"keep": twice.pk, "note": " "})
    assert blank.status_code == 200 and "このフィールドは必須です。" in blank.content.decode()
    stranger = north.post(pair_url(mother, twice, "merge"), {"keep": son.pk, "note": "確認"})
    assert stranger.status_code == 200 and "正しく選択してください" in stranger.content.decode()
    # The hub sees mother and son on its case but edits neither: it may look, not merge.
    hub = login(client_for, w, "coordinator")
    page = hub.get(pair_url(mother, son))
    assert "この記録を記録した機関で編集できる職員だけがまとめられます。" in page.content.decode()
    assert hub.post(pair_url(mother, son, "merge"), {"keep": mother.pk, "note": "確認"}).status_code == 403
    assert not Merge.objects.exists()


def test_who_may_merge(w: dict[str, Any]) -> None:
    agencies, user = w["agencies"], w["users"]["soudanin"]
    north, hub = agencies["houkatsu_north"].pk, agencies["shakyo"].pk
    mother, twice = w["r"]["mother"], w["twice"]
    at_hub = factories.person(agencies["shakyo"], "高橋 ミツ", "たかはし みつ", birth_date=BORN)

    def viewer(*edits: int) -> Viewer:
        return Viewer(user, w["municipality"], frozenset({north, hub}), frozenset(edits))

    assert may_merge(viewer(north), mother, twice) == ""
    assert may_merge(viewer(hub), mother, twice) != ""
    assert "両方の機関" in may_merge(viewer(north), mother, at_hub)
    assert may_merge(viewer(north, hub), mother, at_hub) == ""
    assert may_merge(viewer(north), mother, mother) != ""
    Person.objects.filter(pk=twice.pk).update(merged_into=at_hub)
    twice.refresh_from_db()
    assert may_merge(viewer(north, hub), mother, twice) == "すでに別の記録にまとめられた記録です。"


def snapshot() -> dict[tuple[str, str, int], int | None]:
    """Every foreign key to a person, in every model that has one (moved or not): the state a merge changes
    and an undo must put back."""
    state: dict[tuple[str, str, int], int | None] = {}
    for relation in Person._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and relation.one_to_many:
            model: Any = relation.related_model
            field = relation.field.name  # type: ignore[union-attr]
            for pk, value in model._base_manager.values_list("pk", f"{field}_id"):
                state[(model._meta.label_lower, field, pk)] = value
    return state


def without_merges(state: dict[tuple[str, str, int], int | None]) -> dict[tuple[str, str, int], int | None]:
    """The snapshot less the merge itself, which stays (undone) in the record."""
    return {key: value for key, value in state.items() if key[0] != "casework.merge"}


def every_kind_of_record(w: dict[str, Any]) -> None:
    """One record of each kind that points at the mother, beside those of the 8050 journey."""
    r, mother, twice = w["r"], w["r"]["mother"], w["twice"]
    r["case"].subjects.add(mother, r["son"])
    # The second record is on the case too: the mother's link would be there twice, so it is taken out.
    Person.objects.filter(pk=twice.pk).update(household=mother.household, is_main=False)
    r["case"].subjects.add(twice)
    # An earlier, closed case of the household had the mother alone as its subject: that link moves.
    earlier = factories.case(mother, w["agencies"]["shakyo"], r["consent"], [], status="closed")
    earlier.subjects.add(mother)
    assessment = r["case"].assessments.get()
    AssessmentMember.objects.create(assessment=assessment, person=mother, situation="足が悪い。")
    meeting = factories.meeting_body(w)["meeting"]
    AgendaItem.objects.create(meeting=meeting, kind=ItemKind.SUPPORT_CASE, title="母の見守り", person=mother)
    DisclosureRequest.objects.create(
        municipality=w["municipality"],
        number="R8-001",
        received_on=participation.DAY,
        requester_name="髙橋 ミツ",
        person=mother,
        registered_by_name="職員",
    )
    factories.outreach_target(w, person=mother)
    participation.from_referral(w)
    # A third record merged into the mother long ago follows her as well.
    factories.person(w["agencies"]["houkatsu_north"], "高橋 みつ", "", merged_into=mother)


def test_merge_moves_every_record_and_undo_restores_exactly(client_for: Any, w: dict[str, Any]) -> None:
    mother, twice = w["r"]["mother"], w["twice"]
    with time_machine.travel(MOMENT, tick=False):
        _merge_and_undo(client_for, w, mother, twice)


def _merge_and_undo(client_for: Any, w: dict[str, Any], mother: Person, twice: Person) -> None:
    every_kind_of_record(w)
    before = snapshot()
    north = login(client_for, w, "soudanin")
    response = north.post(pair_url(mother, twice, "merge"), {"keep": twice.pk, "note": "本人に電話で確認"})
    merge = Merge.objects.get()
    assert response.status_code == 302 and response.url == f"/people/merges/{merge.pk}/"
    after = snapshot()
    # Every kind of record that can point at a person pointed at the mother and now points at the survivor.
    kinds = {(model._meta.label_lower, field) for model, field in pointing_fields()}
    moved = {(label, field) for label, fields in merge.moved.items() for field in fields}
    assert moved == kinds and len(kinds) >= 11
    assert not any(v == mother.pk for (label, _f, _pk), v in after.items() if label not in NOT_MOVED)
    assert [link["row"]["person_id"] for link in merge.unlinked] == [mother.pk]
    assert Person.objects.get(pk=mother.pk).merged_into_id == twice.pk
    entries = AuditEntry.objects.filter(action="person.merged")
    assert entries.count() == 1
    assert entries.get().details["note"] == "本人に電話で確認"
    assert entries.get().details["evidence"]["name"] == "一致（異体字・表記の違い）"
    # 開示 of either person tells of the merge, with the evidence by field and what staff checked.
    (told,) = merges_provider.collect(twice)[0].records
    assert told.title == f"名寄せ No.{merge.pk}"
    texts = {f.key: f.text for f in told.fields}
    assert texts["side"] == "残した記録" and texts["note"] == "本人に電話で確認"
    assert "氏名：一致（異体字・表記の違い）" in texts["evidence"]
    # The merged person's page goes to the survivor; lists and search no longer show them.
    assert north.get(f"/people/{mother.pk}/").url == f"/people/{twice.pk}/"
    found = north.get("/people/", {"name": "ミツ"}).context["results"]
    assert mother.pk not in {p.pk for p in found} and twice.pk in {p.pk for p in found}
    assert listed_pairs(north.get("/people/duplicates/")) == set()
    # Undo: every record back where it was, the merged person a record of its own again.
    assert north.get(f"/people/merges/{merge.pk}/").status_code == 200
    assert north.post(f"/people/merges/{merge.pk}/undo/").status_code == 302
    assert without_merges(snapshot()) == without_merges(before)
    assert Person.objects.get(pk=mother.pk).merged_into_id is None
    assert AuditEntry.objects.filter(action="person.merge_undone").count() == 1
    assert north.get(f"/people/{mother.pk}/").status_code == 200
    # A second undo changes nothing.
    north.post(f"/people/merges/{merge.pk}/undo/")
    assert AuditEntry.objects.filter(action="person.merge_undone").count() == 1


def test_an_undo_waits_for_a_later_merge_of_the_survivor(client_for: Any, w: dict[str, Any]) -> None:
    mother, twice = w["r"]["mother"], w["twice"]
    third = factories.person(w["agencies"]["houkatsu_north"], "高橋 ミツ", "たかはし みつ", birth_date=BORN)
    north = login(client_for, w, "soudanin")
    north.post(pair_url(mother, twice, "merge"), {"keep": twice.pk, "note": "確認"})
    north.post(pair_url(twice, third, "merge"), {"keep": third.pk, "note": "確認"})
    first = Merge.objects.get(merged=mother)
    # The first merge's page is out of reach while its survivor is merged away; its undo too.
    assert north.post(f"/people/merges/{first.pk}/undo/").status_code == 404
    # The mother followed the second record into the third, as every record pointing at it did.
    assert Person.objects.get(pk=mother.pk).merged_into_id == third.pk
    assert north.get(f"/people/{mother.pk}/").url == f"/people/{third.pk}/"
    # Undone in reverse order, each merge puts back what it moved.
    second = Merge.objects.get(merged=twice)
    assert north.post(f"/people/merges/{second.pk}/undo/").status_code == 302
    assert Person.objects.get(pk=mother.pk).merged_into_id == twice.pk
    assert north.post(f"/people/merges/{first.pk}/undo/").status_code == 302
    assert set(Person.objects.filter(merged_into__isnull=False)) == set()


def test_mark_different_hides_the_pair_and_can_be_taken_back(client_for: Any, w: dict[str, Any]) -> None:
    mother, twice = w["r"]["mother"], w["twice"]
    north = login(client_for, w, "soudanin")
    assert north.post(pair_url(mother, twice, "different")).status_code == 302
    listing = north.get("/people/duplicates/")
    assert listed_pairs(listing) == set()
    assert [(r.pair.left, r.pair.right) for r in listing.context["different"]] == [ids(mother, twice)]
    assert AuditEntry.objects.filter(action="person.marked_different").count() == 1
    # Marking it again writes nothing more.
    north.post(pair_url(mother, twice, "different"))
    assert DistinctPair.objects.count() == 1
    assert north.post(pair_url(mother, twice, "same-again")).status_code == 302
    assert listed_pairs(north.get("/people/duplicates/")) == {ids(mother, twice)}
    assert DistinctPair.objects.get().withdrawn_at is not None
    assert north.post(pair_url(mother, twice, "same-again")).status_code == 404


def _listed(client: Any) -> tuple[int, int]:
    """(pairs on the page, queries), leaving out PostgreSQL's advisory lock of the audit append: one
    statement more per audited request there, so one pinned figure holds on both engines."""
    with CaptureQueriesContext(connection) as ctx:
        rows = len(client.get("/people/duplicates/").context["page"].rows)
    return rows, sum("pg_advisory_xact_lock" not in q["sql"] for q in ctx.captured_queries)


def test_the_list_page_costs_the_same_queries_with_more_pairs(client_for: Any, w: dict[str, Any]) -> None:
    north = login(client_for, w, "soudanin")
    north.get("/people/duplicates/")  # the id sets compiled once per process and viewer shape
    assert _listed(north) == (1, QUERIES)
    agency = w["agencies"]["houkatsu_north"]
    for i in range(5):
        born = dt.date(1950 + i, 5, 1)
        factories.person(
            agency, f"佐藤 {'一二三四五'[i]}郎", f"さとう {'いちにさんしご'[i]}ろう", birth_date=born
        )
        factories.person(
            agency, f"佐籐 {'一二三四五'[i]}郎", f"さとう {'いちにさんしご'[i]}ろう", birth_date=born
        )
    north.post(pair_url(w["r"]["mother"], w["twice"], "different"))
    north.post(pair_url(w["r"]["mother"], w["twice"], "merge"), {"keep": w["twice"].pk, "note": "確認"})
    rows, queries = _listed(north)
    assert rows >= 5 and queries == QUERIES


# The session, the user, the memberships, the visible persons, the 「別の人」 marks, the merges, and the list's
# audit entry (a savepoint, the chain's head, the insert, the release).
QUERIES = 10


def test_a_merge_that_would_break_a_rule_is_refused_and_moves_nothing(
    client_for: Any, w: dict[str, Any]
) -> None:
    mother, twice = w["r"]["mother"], w["twice"]
    with time_machine.travel(MOMENT, tick=False):
        # The hub's 参加支援 is open for both records: one person has one open engagement per agency.
        engagement = participation.from_referral(w)
        engagement.pk, engagement.person = None, twice
        engagement.save()
        before = snapshot()
        north = login(client_for, w, "soudanin")
        response = north.post(
            pair_url(mother, twice, "merge"), {"keep": twice.pk, "note": "確認"}, follow=True
        )
    assert "同じ機関で進行中の参加支援など" in response.content.decode()
    assert snapshot() == before
    assert not Merge.objects.exists() and not AuditEntry.objects.filter(action="person.merged").exists()
    assert Person.objects.get(pk=mother.pk).merged_into_id is None


def test_retention_scrubs_what_staff_checked_and_keeps_the_moves(client_for: Any, w: dict[str, Any]) -> None:
    mother, twice = w["r"]["mother"], w["twice"]
    login(client_for, w, "soudanin").post(
        pair_url(mother, twice, "merge"), {"keep": twice.pk, "note": "長女に確認"}
    )
    scrubbed = Scrubbed()
    merges_provider.anonymise(twice.household, scrubbed)
    merge = Merge.objects.get()
    assert scrubbed.counts == {"名寄せ（まとめた記録）": 1}
    assert merge.note == "" and merge.moved and merge.evidence["name"] == "一致（異体字・表記の違い）"


def test_the_pairs_are_paged_with_the_whole_count() -> None:
    def row(i: int) -> PairRow:
        listed = Listed(PersonRecord(id=i, name=f"人 {i}"), "機関")
        return PairRow(ScoredPair(i, i + 1000, 10.0 - i / 100, 0.99, {}, {}), listed, listed)

    rows = [row(i) for i in range(1, 66)]
    first = pairs_page(rows, "")
    assert (first.total, first.first, first.last, len(first.rows)) == (65, 1, PAIRS_PAGE, PAIRS_PAGE)
    third = pairs_page(rows, pairs_page(rows, first.next_cursor).next_cursor)
    assert (third.first, third.last, third.next_cursor) == (61, 65, "")
    # A cursor that no longer lines up with the list (a pair merged meanwhile) starts from the top.
    assert pairs_page(rows[1:], first.next_cursor).first == 1
    assert pairs_page(rows, "not-a-cursor").first == 1


def test_only_staff_who_edit_both_records_undo_a_merge(client_for: Any, w: dict[str, Any]) -> None:
    mother, son = w["r"]["mother"], w["r"]["son"]
    login(client_for, w, "soudanin").post(pair_url(mother, son, "merge"), {"keep": mother.pk, "note": "確認"})
    merge = Merge.objects.get()
    hub = login(client_for, w, "coordinator")  # sees the mother on its case, edits for the hub only
    page = hub.get(f"/people/merges/{merge.pk}/")
    assert page.status_code == 200 and "まとめを元に戻す" not in page.content.decode()
    assert hub.post(f"/people/merges/{merge.pk}/undo/").status_code == 403
    assert Merge.objects.get().undone_at is None
