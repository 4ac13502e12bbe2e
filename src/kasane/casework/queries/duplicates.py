"""名寄せ's lists: the likely duplicate pairs among the persons a viewer sees, scored by ``lib.nayose``.

The pairs are found among ``visible_persons`` only, so a pair is offered only when the viewer sees both of
its persons, and a merged person (dropped from ``visible_persons``) is never offered again. A pair staff
judged to be two people (a standing ``DistinctPair``) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from kasane.casework.models import DistinctPair, Person
from kasane.casework.visibility import Viewer, visible_persons
from kasane.lib.nayose import PersonRecord, ScoredPair, compare, find_duplicates
from kasane.lib.paging import Page, decode_cursor, encode_cursor

PAIRS_PAGE = 30
_FIELDS = ("pk", "name", "kana", "birth_date", "address", "phone", "mobile", "sex")


@dataclass(frozen=True)
class Listed:
    """One person as a pair's row shows them: the record scored and the agency that recorded it."""

    record: PersonRecord
    agency: str


@dataclass(frozen=True)
class PairRow:
    pair: ScoredPair
    left: Listed
    right: Listed

    @property
    def percent(self) -> int:
        return int(self.pair.probability * 100)


def person_record(person: Person) -> PersonRecord:
    return PersonRecord(
        id=person.pk,
        name=person.name,
        kana=person.kana,
        birth_date=person.birth_date,
        address=person.address,
        phone=person.phone,
        mobile=person.mobile,
        sex=person.sex,
    )


def visible_records(viewer: Viewer) -> dict[int, Listed]:
    """Every person the viewer sees, reduced to what 名寄せ compares, in one query."""
    rows = visible_persons(viewer).order_by().values_list(*_FIELDS, "owner_agency__name")
    return {row[0]: Listed(PersonRecord(*row[:-1]), row[-1]) for row in rows}


def standing_marks(viewer: Viewer) -> list[DistinctPair]:
    return list(
        DistinctPair.objects.filter(municipality=viewer.municipality, withdrawn_at__isnull=True).order_by(
            "-marked_at", "-pk"
        )
    )


def duplicate_pairs(people: dict[int, Listed], marks: list[DistinctPair]) -> list[PairRow]:
    """The likely pairs among ``people``, best first, without those judged to be two people."""
    judged = {(m.first_id, m.second_id) for m in marks}
    found = find_duplicates(listed.record for listed in people.values())
    return [
        PairRow(pair, people[pair.left], people[pair.right])
        for pair in found.pairs
        if (pair.left, pair.right) not in judged
    ]


def pairs_page(rows: list[PairRow], cursor: str, size: int = PAIRS_PAGE) -> Page:
    """One page of the pairs. The list is scored afresh on every request, so the cursor carries only how
    many rows came before (and the last pair's left id, to check it still lines up: else from the top)."""
    decoded = decode_cursor(cursor)
    start = 0
    if decoded is not None:
        left, before = decoded
        if 0 < before <= len(rows) and rows[before - 1].pair.left == left:
            start = before
    shown = rows[start : start + size]
    end = start + len(shown)
    following = encode_cursor(shown[-1].pair.left, end) if end < len(rows) and shown else ""
    return Page(shown, len(rows), start, following)


def score(people: dict[int, Listed], first: Person, second: Person) -> ScoredPair:
    """The pair's score as the list gives it: the name frequencies taken from the same persons."""
    return compare(
        person_record(first), person_record(second), among=(listed.record for listed in people.values())
    )


def shown_in_marks(people: dict[int, Listed], marks: list[DistinctPair], limit: int = 20) -> list[PairRow]:
    """The standing 「別の人」 judgements whose two persons the viewer both sees, newest first, as rows with
    their score (so that a judgement can be seen and taken back)."""
    rows = []
    for mark in marks:
        if mark.first_id in people and mark.second_id in people:
            left, right = people[mark.first_id], people[mark.second_id]
            rows.append(PairRow(compare(left.record, right.record), left, right))
            if len(rows) == limit:
                break
    return rows
