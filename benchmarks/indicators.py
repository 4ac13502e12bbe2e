"""Speed of the 成果指標 年度 page and of 国への報告 (Excel) for a whole municipality, beside the same figures as
hand-written aggregate SQL; printed as figures (not asserted: see README), the figures themselves asserted equal.

    uv run python benchmarks/indicators.py                 # 100,000 consultations, SQLite in a temporary data directory
    uv run python benchmarks/indicators.py 300000 --repeat 10

The run at a million, on PostgreSQL (an empty, throwaway database):

    createdb -h 127.0.0.1 -U postgres -T template0 -E UTF8 --lc-collate=C.UTF-8 --lc-ctype=C.UTF-8 kasane_bench_i
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kasane_bench_i uv run python benchmarks/indicators.py 1000000
    dropdb -h 127.0.0.1 -U postgres kasane_bench_i

Builds ベンチ市 with ``benchmarks/programme.py``'s loader (N 相談受付 over six years, persons, つなぎ, 経過,
N/50 多機関協働 cases with plans, N/200 sittings with items and tasks), then adds what the figures read and that
loader does not write: the consultations' 性別・年代・就労状況・把握ルート・課題の特性・世帯の状況 (an UPDATE), a
生活保護 窓口 (市の課, 生活困窮, 保護係) that one つなぎ in 37 goes to, plan flags (就労支援, 利用する事業, kind),
closure codes; アウトリーチ: N/8 targets with 0.9 N contacts and 0.1 N agency visits (so ① counts ~N over the
history); 重層的支援会議 decisions on the discussed プランの適切性 items (most approved, a few recorded without an
item), evaluations of closed and some open cases, 再開 events, N/200 参加支援 engagements with placements, 30
地域の居場所 with N/100 開催 days; and a PlanPeriod (this 年度 - 2 to + 2) with 004's eight indicators
(``kasane.demo.city.plan.INDICATORS``; ⑤–⑧ get no survey here and show 未計測). The same fast insert as
programme.py (COPY / executemany, ids given). A database already holding this ベンチ市 is reused.

Then, as a 市の事業担当 (city_program, the whole municipality) for this 年度:
- ``indicators.rows(period, scope, year, day)`` + ``measures.breakdowns(scope, year)``; the page GET
  /programme/indicators/ through the test client; ``national_sheet.workbook(...)`` (and GET /programme/national.xlsx)
- the same figures by hand-written SQL over the tables (one statement per figure; 新規 = the person's first
  consultation of the 年度 by ROW_NUMBER(), not kasane's NOT EXISTS), asserted equal to kasane's (rows' values,
  breakdowns' parts, and every cell of both sheets of the workbook read back with openpyxl),
and prints median and p95 over --repeat runs after a warm-up, the ratio kasane / hand-written, and the number
of queries each kasane call makes, then each kasane query's median, slowest first. With --explain, EXPLAIN
(ANALYZE, BUFFERS on PostgreSQL) of the slowest query of each. Results: benchmarks/results/indicators.txt,
replaced by a run, or added to with --append (the SQLite run first, then PostgreSQL's with --append).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

sys.path.insert(0, str(Path(__file__).parent))
import programme as base  # (sets Django up, in a temporary data directory unless KASANE_DATA_DIR is set)

SEED = 20261208
RESULTS = Path(__file__).parent / "results" / "indicators.txt"
OUT: list[str] = []


def say(line: str = "") -> None:
    print(line, flush=True)
    OUT.append(line)


SERVICES = 30
WELFARE_EVERY = 37  # one つなぎ in this many goes to the 生活保護 窓口


# --- what programme.py's loader lacks --------------------------------------------------------------------------


def _json(value: str) -> str:
    return f"CAST('{value}' AS jsonb)" if connection.vendor == "postgresql" else f"'{value}'"


def _case(expr: str, values: Sequence[str]) -> str:
    """CASE over ``expr`` % len(values), each value an SQL literal."""
    whens = " ".join(f"WHEN {i} THEN {v}" for i, v in enumerate(values))
    return f"CASE ({expr}) %% {len(values)} {whens} END"


def load_more(n: int, day: dt.date, rng: random.Random) -> dict[str, int]:
    from kasane.agencies.models import Agency, AgencyKind, OperationForm, SupportField
    from kasane.casework.models import Case, CaseEvent, CaseStatus, Evaluation, Plan
    from kasane.community.models import Gathering, Place
    from kasane.demo.city.plan import INDICATORS
    from kasane.lib.dates import fiscal_year
    from kasane.meetings.models import AgendaItem, Decision
    from kasane.meetings.vocabulary import ItemKind, ItemStatus, MeetingStatus
    from kasane.outreach.models import AgencyVisit, Contact, Target
    from kasane.participation.models import Engagement, Placement
    from kasane.programme.models import Indicator, PlanPeriod
    from kasane.resources.models import Organization, Service
    from kasane.tenancy.models import Municipality

    city = Municipality.objects.get(code=base.CITY_CODE)
    agency_ids = list(
        Agency.objects.filter(municipality=city)
        .exclude(kind=AgencyKind.CITY_DIVISION)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ids = base.Ids()
    q = connection.cursor()

    # The consultations' attributes the national counts group by (the loader leaves them blank).
    h = "(id * 7919)"
    sets = {
        "sex": _case(h, ["'male'"] * 4 + ["'female'"] * 4 + ["''"]),
        "age_band": _case(f"{h} / 3", [str(b) for b in range(0, 101, 10)] + ["NULL"]),
        "employment": _case(
            f"{h} / 5",
            [
                f"'{v}'"
                for v in ("regular", "non_regular", "self_employed", "seeking", "not_working", "student")
            ]
            + ["'pensioner'", "'other'", "''", "''"],
        ),
        "route": _case(
            f"{h} / 7",
            [
                f"'{v}'"
                for v in ("self", "self", "self", "family", "minsei", "agency", "municipal", "outreach")
            ],
        ),
        "issues": _case(
            f"{h} / 11",
            [
                _json(v)
                for v in (
                    '["poverty"]',
                    '["job_search", "debt"]',
                    "[]",
                    '["isolation"]',
                    '["illness", "mental"]',
                    "[]",
                )
            ],
        ),
        "situations": _case(
            f"{h} / 13",
            [
                _json(v)
                for v in (
                    '["8050"]',
                    "[]",
                    '["double_care", "isolation"]',
                    "[]",
                    "[]",
                    '["young_carer"]',
                    "[]",
                )
            ],
        ),
    }
    q.execute(
        "UPDATE casework_consultation SET "
        + ", ".join(f"{k} = {v}" for k, v in sets.items())
        + " WHERE municipality_id = %s",
        [city.pk],
    )

    # The 生活保護 窓口 and the つなぎ sent to it.
    office = Agency(
        prefecture=city.prefecture,
        municipality=city,
        name="ベンチ市生活福祉課",
        department="保護係",
        kind=AgencyKind.CITY_DIVISION,
        operation_form=OperationForm.DIRECT,
    )
    office.refresh_search_text()
    office.save()
    poverty, _ = SupportField.objects.get_or_create(code="poverty", defaults={"name": "生活困窮"})
    office.support_fields.add(poverty)
    q.execute(
        f"UPDATE casework_referral SET to_agency_id = %s WHERE municipality_id = %s AND id %% {WELFARE_EVERY} = 0",
        [office.pk, city.pk],
    )

    # Plans: 就労支援, the programmes they use, their kind; closure codes of closed cases.
    q.execute(
        "UPDATE casework_plan SET employment_support = (id %% 3 = 0), programmes = "
        + _case(
            "id",
            [
                _json(v)
                for v in (
                    '["employment_support", "work_readiness"]',
                    '["household_budget"]',
                    "[]",
                    '["participation"]',
                    '["housing_benefit", "temporary"]',
                )
            ],
        )
        + ", kind = "
        + _case("id / 5", ["'participation'", "'outreach'"] + ["'collaboration'"] * 8)
        + " WHERE case_id IN (SELECT id FROM casework_case WHERE municipality_id = %s)",
        [city.pk],
    )
    q.execute(
        "UPDATE casework_case SET closure_code = "
        + _case(
            "id",
            [
                f"'{v}'"
                for v in (
                    "goal_met",
                    "goal_met",
                    "handed_over",
                    "welfare",
                    "declined",
                    "moved",
                    "lost_contact",
                )
            ]
            + ["''"],
        )
        + " WHERE municipality_id = %s AND status = 'closed'",
        [city.pk],
    )

    # アウトリーチ: targets, their contacts and visits to agencies (~N in all over the history).
    targets: list[Target] = []
    for _ in range(max(50, n // 8)):
        raised = day - dt.timedelta(days=base.recent_age(rng))
        closed = None
        if (day - raised).days > 90 and rng.random() < 0.6:
            closed = min(raised + dt.timedelta(days=rng.randint(30, 400)), day)
        owner = rng.choice(agency_ids)
        targets.append(
            Target(
                id=ids.take(Target),
                municipality_id=city.pk,
                owner_agency_id=owner,
                label=f"ベンチ地区の世帯{len(targets) + 1}",
                description="ひきこもりがちな世帯。",
                raised_on=raised,
                stage_changed_on=raised,
                closed_on=closed,
                close_reason="handed_over" if closed else "",
                created_by_name="ベンチ 職員",
            )
        )
    for begin in range(0, len(targets), base.CHUNK):
        base.insert(Target, targets[begin : begin + base.CHUNK])
    methods, outcomes = ["visit", "phone", "letter", "note"], ["away", "no_answer", "met", "talked"]
    n_contacts, n_visits = n * 9 // 10, n // 10
    for begin in range(0, n_contacts, base.CHUNK):
        contacts = []
        for _ in range(min(base.CHUNK, n_contacts - begin)):
            t = rng.choice(targets)
            span = ((t.closed_on or day) - t.raised_on).days
            contacts.append(
                Contact(
                    id=ids.take(Contact),
                    target_id=t.pk,
                    agency_id=t.owner_agency_id if rng.random() < 0.9 else rng.choice(agency_ids),
                    on=t.raised_on + dt.timedelta(days=rng.randint(0, span)),
                    method=rng.choice(methods),
                    outcome=rng.choice(outcomes),
                    author_name="ベンチ 職員",
                )
            )
        base.insert(Contact, contacts)
    for begin in range(0, n_visits, base.CHUNK):
        base.insert(
            AgencyVisit,
            [
                AgencyVisit(
                    id=ids.take(AgencyVisit),
                    municipality_id=city.pk,
                    agency_id=rng.choice(agency_ids),
                    on=day - dt.timedelta(days=base.recent_age(rng)),
                    counterpart="地区の民生委員協議会",
                    author_name="ベンチ 職員",
                )
                for _ in range(min(base.CHUNK, n_visits - begin))
            ],
        )

    # 重層的支援会議 decisions on the discussed プランの適切性 items; a few recorded without an item.
    plans_of: dict[int, list[int]] = {}
    for plan_id, case_id in Plan.objects.filter(case__municipality=city).values_list("pk", "case_id"):
        plans_of.setdefault(case_id, []).append(plan_id)
    items = AgendaItem.objects.filter(
        meeting__municipality=city,
        kind=ItemKind.PLAN_APPROVAL,
        status=ItemStatus.DISCUSSED,
        meeting__status=MeetingStatus.HELD,
        case__isnull=False,
    ).values_list("pk", "case_id", "meeting__held_on")
    decisions = []
    for item_id, case_id, held_on in items:
        without_item = rng.random() < 0.05
        decisions.append(
            Decision(
                id=ids.take(Decision),
                case_id=case_id,
                plan_id=rng.choice(plans_of[case_id]) if case_id in plans_of else None,
                kind="plan_approval",
                decided_on=held_on,
                attendees="ベンチ 職員ほか",
                outcome="approved" if rng.random() < 0.8 else "revise",
                agenda_item_id=None if without_item else item_id,
                recorded_by_name="ベンチ 職員",
            )
        )
    base.insert(Decision, decisions)

    # Evaluations (the closing one of closed cases, an interim one of some in support) and 再開 events.
    cases = list(Case.objects.filter(municipality=city).values_list("pk", "status", "opened_on", "closed_on"))
    improvements = ["motivation", "stability", "relations", "isolation", "health"]
    evaluations, events = [], []
    for case_id, status, opened_on, closed_on in cases:
        on = None
        if status == CaseStatus.CLOSED and closed_on:
            on = closed_on
        elif status == CaseStatus.SUPPORT and rng.random() < 0.3:
            on = opened_on + dt.timedelta(days=rng.randint(0, (day - opened_on).days))
        if on is not None:
            evaluations.append(
                Evaluation(
                    id=ids.take(Evaluation),
                    case_id=case_id,
                    plan_id=plans_of[case_id][-1] if case_id in plans_of else None,
                    evaluated_on=on,
                    goal_result=rng.choice(["met", "partly", "not_met"]),
                    reasons="ベンチマークの評価",
                    improvements=rng.sample(improvements, rng.choice([0, 0, 1, 2])),
                    employed=rng.random() < 0.2,
                    income_increased=rng.random() < 0.15,
                    author_name="ベンチ 職員",
                )
            )
        if rng.random() < 0.05:
            for _ in range(rng.choice([1, 1, 1, 2])):
                on = opened_on + dt.timedelta(days=rng.randint(0, (day - opened_on).days))
                events.append(
                    CaseEvent(
                        id=ids.take(CaseEvent),
                        case_id=case_id,
                        action="再開する",
                        from_status=CaseStatus.CLOSED,
                        to_status=CaseStatus.SUPPORT,
                        actor_name="ベンチ 職員",
                        on=on,
                        at=base.at(on, rng),
                    )
                )
    base.insert(Evaluation, evaluations)
    base.insert(CaseEvent, events)

    # Services: hosts of 参加支援 and 地域の居場所.
    org = Organization.objects.create(
        municipality=city, name="ベンチ地域活動団体", kind="npo", key="ベンチ地域活動団体"
    )
    services = Service.objects.bulk_create(
        [
            Service(
                municipality=city,
                organization=org,
                name=f"ベンチ活動{i}",
                key=f"ベンチ活動{i}",
                hosts_participants=True,
            )
            for i in range(SERVICES * 2)
        ]
    )
    places = Place.objects.bulk_create([Place(municipality=city, service=s) for s in services[:SERVICES]])
    held: set[tuple[int, dt.date]] = set()  # a place is held at most once a day
    while len(held) < max(100, n // 100):
        held.add((rng.choice(places).pk, day - dt.timedelta(days=base.recent_age(rng))))
    gatherings = [
        Gathering(id=ids.take(Gathering), place_id=place_id, held_on=held_on)
        for place_id, held_on in sorted(held)
    ]
    base.insert(Gathering, gatherings)
    engagements, placements = [], []
    open_persons: set[tuple[int, int]] = set()
    case_rows = list(Case.objects.filter(municipality=city).values_list("pk", "person_id", "owner_agency_id"))
    for _ in range(max(50, n // 200)):
        case_id, person_id, owner = rng.choice(case_rows)
        started = day - dt.timedelta(days=base.recent_age(rng))
        ended = None
        if (person_id, owner) in open_persons or ((day - started).days > 60 and rng.random() < 0.7):
            ended = min(started + dt.timedelta(days=rng.randint(30, 500)), day)
        else:
            open_persons.add((person_id, owner))
        e = Engagement(
            id=ids.take(Engagement),
            municipality_id=city.pk,
            owner_agency_id=owner,
            person_id=person_id,
            origin="case",
            case_id=case_id,
            started_on=started,
            status="ended" if ended else "open",
            ended_on=ended,
            end_reason="settled" if ended else "",
        )
        engagements.append(e)
        for _ in range(rng.randint(1, 2)):
            proposed = started + dt.timedelta(days=rng.randint(0, 20))
            placements.append(
                Placement(
                    id=ids.take(Placement),
                    engagement_id=e.pk,
                    service_id=rng.choice(services[SERVICES:]).pk,
                    stage=rng.choice(["proposed", "visit", "trial", "settled", "ended", "suspended"]),
                    proposed_on=proposed,
                    ended_on=ended,
                )
            )
    base.insert(Engagement, engagements)
    base.insert(Placement, placements)
    ids.reset_sequences()

    # The plan period and 004's eight indicators.
    first = fiscal_year(day) - 2
    period = PlanPeriod.objects.create(
        municipality=city,
        title="第1期 ベンチ市重層的支援体制整備事業実施計画",
        first_year=first,
        last_year=first + 4,
    )
    Indicator.objects.bulk_create(
        Indicator(
            period=period,
            number=s.number,
            name=s.name,
            definition=s.definition,
            source=s.source,
            measure=s.measure,
            unit=s.unit,
            direction=s.direction,
            baseline=Decimal(s.baseline) if s.baseline else None,
            baseline_note="" if s.baseline else "事業未実施",
            baseline_year=first - 1,
            target=Decimal(s.target),
            target_year=first + 4,
        )
        for s in INDICATORS
    )
    return {
        "targets": len(targets),
        "contacts": n_contacts,
        "visits": n_visits,
        "decisions": len(decisions),
        "evaluations": len(evaluations),
        "events": len(events),
        "engagements": len(engagements),
        "placements": len(placements),
        "gatherings": len(gatherings),
    }


# --- the same figures, by hand-written SQL ---------------------------------------------------------------------


class Hand:
    """Every figure as one SQL statement over the tables, written from the definitions on the page, not from
    kasane's querysets. Figures come back as {(code or title, part): value}, parts as the page labels them."""

    def __init__(self, city_id: int, year: int) -> None:
        from kasane.lib.dates import TOKYO, fiscal_year_bounds

        self.city = city_id
        self.year = year
        start, end = fiscal_year_bounds(year)
        self.start, self.end = start, end
        self.tokyo = TOKYO
        self.months = [dt.date(year + (m < 4), m, 1) for m in (*range(4, 13), 1, 2, 3)]

    # parameters as the driver wants them
    @staticmethod
    def d(day: dt.date) -> Any:
        return connection.ops.adapt_datefield_value(day)

    def m(self, day: dt.date) -> Any:
        """Midnight in Tokyo starting ``day``."""
        return connection.ops.adapt_datetimefield_value(
            dt.datetime.combine(day, dt.time(), tzinfo=self.tokyo)
        )

    def one(self, sql: str, params: Sequence[Any]) -> tuple[Any, ...]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return tuple(cursor.fetchone())

    def all(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    @staticmethod
    def like(code: str) -> str:
        return f'%"{code}"%'

    def month_ends(self) -> list[dt.date]:
        return [*self.months[1:], dt.date(self.year + 1, 4, 1)]

    # ---- the 年度 page: ① to ④ for one 年度 -------------------------------------------------------------

    def indicator(self, measure: str, year: int) -> int:
        from kasane.lib.dates import fiscal_year_bounds

        s, e = fiscal_year_bounds(year)
        c, ds, de = self.city, self.d(s), self.d(e)
        sql = {
            "outreach_contacts": (
                "SELECT (SELECT COUNT(*) FROM outreach_contact t JOIN agencies_agency a ON a.id = t.agency_id "
                'WHERE a.municipality_id = %s AND t."on" BETWEEN %s AND %s) + (SELECT COUNT(*) FROM '
                'outreach_agencyvisit v WHERE v.municipality_id = %s AND v."on" BETWEEN %s AND %s)',
                [c, ds, de, c, ds, de],
            ),
            "support_meetings_held": (
                "SELECT COUNT(*) FROM meetings_meeting WHERE municipality_id = %s AND status = 'held' "
                "AND held_on BETWEEN %s AND %s AND CAST(kinds AS TEXT) LIKE %s",
                [c, ds, de, self.like("support")],
            ),
            "plans_considered": (
                "SELECT COUNT(*) FROM meetings_agendaitem i JOIN meetings_meeting m ON m.id = i.meeting_id "
                "WHERE m.municipality_id = %s AND m.status = 'held' AND m.held_on BETWEEN %s AND %s "
                "AND i.kind = 'plan_approval' AND i.status = 'discussed'",
                [c, ds, de],
            ),
            "plans_decided": (
                "SELECT COUNT(*) FROM meetings_decision d JOIN casework_case k ON k.id = d.case_id "
                "JOIN meetings_agendaitem i ON i.id = d.agenda_item_id JOIN meetings_meeting m ON m.id = i.meeting_id "
                "WHERE k.municipality_id = %s AND d.kind = 'plan_approval' AND d.outcome = 'approved' "
                "AND m.status = 'held' AND d.decided_on BETWEEN %s AND %s",
                [c, ds, de],
            ),
        }[measure]
        return int(self.one(*sql)[0])

    # ---- new consultations: the person's first of the 年度 ----------------------------------------------

    def _firsts(self, columns: str) -> tuple[str, list[Any]]:
        sql = (
            f"SELECT {columns} FROM (SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c.person_id "
            "ORDER BY c.received_at, c.id) AS k FROM casework_consultation c "
            "WHERE c.municipality_id = %s AND c.received_at >= %s AND c.received_at < %s) f WHERE k = 1"
        )
        return sql, [self.city, self.m(self.start), self.m(self.end + dt.timedelta(days=1))]

    def _new_grouped(self, column: str, choices: Sequence[tuple[Any, str]]) -> dict[str, int]:
        sql, params = self._firsts(f"{column}, COUNT(*)")
        counted = dict(self.all(sql + f" GROUP BY {column}", params))
        return _grouped(counted, choices)

    def _new_tallied(self, column: str, choices: Sequence[tuple[str, str]]) -> dict[str, int]:
        sums = ", ".join(f"SUM(CASE WHEN CAST({column} AS TEXT) LIKE %s THEN 1 ELSE 0 END)" for _ in choices)
        sql, params = self._firsts(f"COUNT(*), {sums}")
        row = self.one(sql, [*[self.like(v) for v, _ in choices], *params])
        return {"計": row[0], **{str(label): int(row[i + 1] or 0) for i, (_, label) in enumerate(choices)}}

    # ---- the page's breakdowns -----------------------------------------------------------------------------

    def breakdowns(self) -> dict[tuple[str, str], int]:
        from kasane.casework.models import Route, Topic
        from kasane.casework.models import Status as ReferralStatus
        from kasane.participation.models import Stage

        c, ds, de = self.city, self.d(self.start), self.d(self.end)
        out: dict[tuple[str, str], int] = {}

        def put(title: str, parts: dict[str, int]) -> None:
            out.update({(title, k): v for k, v in parts.items()})

        put("新規相談の相談内容", self._new_tallied("topics", Topic.choices))
        put("新規相談の把握ルート", self._new_grouped("route", Route.choices))
        counted = dict(
            self.all(
                "SELECT status, COUNT(*) FROM casework_referral WHERE municipality_id = %s AND created_at >= %s "
                "AND created_at < %s GROUP BY status",
                [c, self.m(self.start), self.m(self.end + dt.timedelta(days=1))],
            )
        )
        put("つなぎの結果", _grouped(counted, ReferralStatus.choices))
        opened, closed = self.one(
            "SELECT SUM(CASE WHEN opened_on BETWEEN %s AND %s THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN closed_on BETWEEN %s AND %s AND status = 'closed' THEN 1 ELSE 0 END) "
            "FROM casework_case WHERE municipality_id = %s",
            [ds, de, ds, de, c],
        )
        (reopened,) = self.one(
            "SELECT COUNT(DISTINCT e.case_id) FROM casework_caseevent e JOIN casework_case k ON k.id = e.case_id "
            "WHERE k.municipality_id = %s AND e.action = '再開する' AND e.\"on\" BETWEEN %s AND %s",
            [c, ds, de],
        )
        put("多機関協働ケース", {"受付": int(opened or 0), "終結": int(closed or 0), "再開": reopened})
        counted = dict(
            self.all(
                "SELECT p.stage, COUNT(*) FROM participation_placement p JOIN participation_engagement e "
                "ON e.id = p.engagement_id WHERE e.municipality_id = %s AND p.proposed_on <= %s "
                "AND (p.ended_on IS NULL OR p.ended_on >= %s) GROUP BY p.stage",
                [c, de, ds],
            )
        )
        put("参加支援の受け入れ（段階別）", _grouped(counted, Stage.choices))
        days, places = self.one(
            "SELECT COUNT(*), COUNT(DISTINCT g.place_id) FROM community_gathering g JOIN community_place p "
            "ON p.id = g.place_id WHERE p.municipality_id = %s AND g.held_on BETWEEN %s AND %s",
            [c, ds, de],
        )
        put("地域の居場所", {"活動した居場所（か所）": places, "開催日数（日）": days})
        return out

    # ---- 国への報告 ---------------------------------------------------------------------------------------------

    def national(self) -> tuple[dict[tuple[str, str], Any], dict[tuple[str, int], int]]:
        """({(code, 内訳): value}, {(code, month index): n}) as the workbook's two sheets hold them."""
        from kasane.casework.models import (
            SURVEY_PROGRAMMES,
            ClosureCode,
            Employment,
            Issue,
            Programme,
            Sex,
            Situation,
        )
        from kasane.programme.national_counts import AGE_BANDS

        c, ds, de = self.city, self.d(self.start), self.d(self.end)
        ms, me = self.m(self.start), self.m(self.end + dt.timedelta(days=1))
        year: dict[tuple[str, str], Any] = {}
        months: dict[tuple[str, int], int] = {}

        def put(code: str, parts: dict[str, Any]) -> None:
            year.update({(code, k): v for k, v in parts.items()})

        def monthly(code: str, row: Sequence[Any]) -> None:
            for i, v in enumerate(row):
                months[(code, i)] = int(v or 0)
            put(code, {"計": sum(int(v or 0) for v in row)})

        # A1: new consultations by the month received (Tokyo).
        cases = ", ".join(
            "SUM(CASE WHEN received_at >= %s AND received_at < %s THEN 1 ELSE 0 END)" for _ in self.months
        )
        sql, params = self._firsts(cases)
        bounds = [
            p for a, b in zip(self.months, self.month_ends(), strict=True) for p in (self.m(a), self.m(b))
        ]
        monthly("A1", self.one(sql, [*bounds, *params]))

        approved = (
            "FROM meetings_decision d JOIN casework_case k ON k.id = d.case_id "
            "JOIN meetings_agendaitem i ON i.id = d.agenda_item_id JOIN meetings_meeting m ON m.id = i.meeting_id "
            "LEFT JOIN casework_plan p ON p.id = d.plan_id "
            "WHERE k.municipality_id = %s AND d.kind = 'plan_approval' AND d.outcome = 'approved' AND m.status = 'held'"
        )
        by_month = ", ".join(
            "SUM(CASE WHEN decided_on >= %s AND decided_on < %s THEN 1 ELSE 0 END)" for _ in self.months
        )
        dbounds = [
            p for a, b in zip(self.months, self.month_ends(), strict=True) for p in (self.d(a), self.d(b))
        ]
        # A2: plans approved, by the month of the meeting.
        monthly(
            "A2",
            self.one(
                f"SELECT {by_month} {approved} AND d.decided_on BETWEEN %s AND %s", [*dbounds, c, ds, de]
            ),
        )
        # A3: persons whose 就労支援 plan was first approved in the 年度, in that month.
        a3 = (
            f"SELECT {by_month} FROM (SELECT d.decided_on, ROW_NUMBER() OVER (PARTITION BY k.person_id "
            f"ORDER BY d.decided_on, d.id) AS r {approved} AND p.employment_support = %s "
            "AND d.decided_on BETWEEN %s AND %s) x WHERE r = 1"
        )
        a3_row = self.one(a3, [*dbounds, c, True, ds, de])
        monthly("A3", a3_row)
        # A4: persons with a plan approved in the 年度, by the programmes their plan uses.
        uses = [
            (str(p.label), "CAST(p.programmes AS TEXT) LIKE %s", [self.like(p)]) for p in SURVEY_PROGRAMMES
        ]
        uses += [
            (
                str(Programme.PARTICIPATION.label),
                "(CAST(p.programmes AS TEXT) LIKE %s OR p.kind = 'participation')",
                [self.like("participation")],
            ),
            (
                str(Programme.OUTREACH.label),
                "(CAST(p.programmes AS TEXT) LIKE %s OR p.kind = 'outreach')",
                [self.like("outreach")],
            ),
        ]
        cols = ", ".join(f"COUNT(DISTINCT CASE WHEN {cond} THEN k.person_id END)" for _, cond, _ in uses)
        row = self.one(
            f"SELECT COUNT(DISTINCT k.person_id), {cols} {approved} AND d.decided_on BETWEEN %s AND %s",
            [*[p for _, _, ps in uses for p in ps], c, ds, de],
        )
        put("A4", {"計": row[0], **{label: row[i + 1] for i, (label, _, _) in enumerate(uses)}})
        # A5, A6: persons evaluated in the 年度 as employed / with more income; those with an approved plan.
        evaluated = (
            "FROM casework_evaluation v JOIN casework_case k ON k.id = v.case_id "
            "WHERE k.municipality_id = %s AND v.evaluated_on BETWEEN %s AND %s"
        )
        has_plan = (
            "EXISTS (SELECT 1 FROM meetings_decision d JOIN meetings_agendaitem i ON i.id = d.agenda_item_id "
            "JOIN meetings_meeting m ON m.id = i.meeting_id LEFT JOIN casework_plan p ON p.id = d.plan_id "
            "WHERE d.case_id = v.case_id AND d.kind = 'plan_approval' AND d.outcome = 'approved' "
            "AND m.status = 'held'{extra})"
        )
        for code, flag in (("A5", "employed"), ("A6", "income_increased")):
            n, planned = self.one(
                f"SELECT COUNT(DISTINCT k.person_id), COUNT(DISTINCT CASE WHEN {has_plan.format(extra='')} "
                f"THEN k.person_id END) {evaluated} AND v.{flag} = %s",
                [c, ds, de, True],
            )
            put(code, {"計": n, "うちプラン作成者分": planned})
        # A7: of the 就労支援 planned, those employed or with more income ÷ A3.
        (numerator,) = self.one(
            f"SELECT COUNT(DISTINCT k.person_id) {evaluated} AND (v.employed = %s OR v.income_increased = %s) "
            f"AND {has_plan.format(extra=' AND p.employment_support = %s')}",
            [c, ds, de, True, True, True],
        )
        put("A7", {"率": (numerator, sum(int(v or 0) for v in a3_row))})
        # A8: persons evaluated with some improvement ÷ persons evaluated.
        improved, evaluated_n = self.one(
            f"SELECT COUNT(DISTINCT CASE WHEN CAST(v.improvements AS TEXT) <> '[]' THEN k.person_id END), "
            f"COUNT(DISTINCT k.person_id) {evaluated}",
            [c, ds, de],
        )
        put("A8", {"率": (improved, evaluated_n)})
        sent = (
            "FROM casework_referral r WHERE r.municipality_id = %s AND r.status <> 'cancelled' "
            "AND r.created_at >= %s AND r.created_at < %s"
        )
        put("A9", {"計": self.one(f"SELECT COUNT(*) {sent}", [c, ms, me])[0]})
        put(
            "A10",
            {
                "計": self.one(
                    f"SELECT COUNT(*) {sent} AND r.to_agency_id IN (SELECT a.id FROM agencies_agency a "
                    "JOIN agencies_agency_support_fields s ON s.agency_id = a.id JOIN agencies_supportfield f "
                    "ON f.id = s.supportfield_id WHERE a.kind = 'city_division' AND f.code = 'poverty' AND "
                    "(a.name LIKE %s OR a.department LIKE %s OR a.contact_person LIKE %s))",
                    [c, ms, me, "%保護%", "%保護%", "%保護%"],
                )[0]
            },
        )
        sql, params = self._firsts("COUNT(*)")
        put("A11", {"計": self.one(sql + " AND response IN ('advice', 'end')", params)[0]})
        put("A12", self._new_grouped("sex", Sex.choices))
        put("A13", self._new_grouped("age_band", AGE_BANDS))
        put("A14", self._new_grouped("employment", Employment.choices))
        put("A15", self._new_tallied("issues", Issue.choices))
        put(
            "B1",
            {
                "計": self.one(
                    "SELECT COUNT(*) FROM casework_consultation WHERE municipality_id = %s AND received_at >= %s "
                    "AND received_at < %s",
                    [c, ms, me],
                )[0]
            },
        )
        put(
            "B2",
            {"計": self.one(f"SELECT COUNT(*) {sent} AND r.to_collaboration = %s", [c, ms, me, True])[0]},
        )
        put(
            "B3",
            {
                "計": self.one(
                    "SELECT COUNT(*) FROM casework_case WHERE municipality_id = %s AND opened_on BETWEEN %s AND %s",
                    [c, ds, de],
                )[0]
            },
        )
        layered, support = self.one(
            "SELECT SUM(CASE WHEN CAST(kinds AS TEXT) LIKE %s THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN CAST(kinds AS TEXT) LIKE %s THEN 1 ELSE 0 END) FROM meetings_meeting "
            "WHERE municipality_id = %s AND status = 'held' AND held_on BETWEEN %s AND %s",
            [self.like("layered"), self.like("support"), c, ds, de],
        )
        from kasane.meetings.vocabulary import MeetingKind

        put(
            "B4",
            {
                str(MeetingKind.LAYERED.label): int(layered or 0),
                str(MeetingKind.SUPPORT.label): int(support or 0),
            },
        )
        n, new = self.one(
            "SELECT COUNT(*), SUM(CASE WHEN raised_on >= %s THEN 1 ELSE 0 END) FROM outreach_target "
            "WHERE municipality_id = %s AND raised_on <= %s AND (closed_on IS NULL OR closed_on >= %s)",
            [ds, c, de, ds],
        )
        put("B5", {"計": n, "うち期間中に把握": int(new or 0)})
        n, new = self.one(
            "SELECT COUNT(DISTINCT person_id), COUNT(DISTINCT CASE WHEN started_on >= %s THEN person_id END) "
            "FROM participation_engagement WHERE municipality_id = %s AND started_on <= %s "
            "AND (ended_on IS NULL OR ended_on >= %s)",
            [ds, c, de, ds],
        )
        put("B6", {"計": n, "うち期間中に受付": new})
        counted = dict(
            self.all(
                "SELECT closure_code, COUNT(*) FROM casework_case WHERE municipality_id = %s AND status = 'closed' "
                "AND closed_on BETWEEN %s AND %s GROUP BY closure_code",
                [c, ds, de],
            )
        )
        put("B7", _grouped(counted, ClosureCode.choices))
        put("B8", self._new_tallied("situations", Situation.choices))
        return year, months

    def page(self, measures: dict[int, str], years: Sequence[int]) -> dict[tuple[int, int], int]:
        return {(number, y): self.indicator(key, y) for number, key in measures.items() for y in years}


def _grouped(counted: dict[Any, int], choices: Sequence[tuple[Any, str]]) -> dict[str, int]:
    """Counts by value put under the choices' labels, the rest as 未記入 (shown only when there is some)."""
    counted = dict(counted)
    parts = {str(label): int(counted.pop(value, 0)) for value, label in choices}
    if rest := sum(counted.values()):
        parts["未記入"] = int(rest)
    return {"計": sum(parts.values()), **parts}


# --- reading kasane's figures back -----------------------------------------------------------------------------


def breakdown_figures(found: Sequence[Any]) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for b in found:
        if b.result.total is not None:
            out[(b.title, "計")] = b.result.total
        out.update({(b.title, label): n for label, n in b.result.parts})
    return out


def sheet_figures(
    body: bytes, through: dt.date, year: int
) -> tuple[dict[tuple[str, str], Any], dict[tuple[str, int], int]]:
    from openpyxl import load_workbook

    from kasane.programme.national_sheet import HEADER_ROW, MONTH_SHEET, YEAR_SHEET

    book = load_workbook(io.BytesIO(body))
    figures: dict[tuple[str, str], Any] = {}
    for row in book[YEAR_SHEET].iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        code, _section, _name, part, _unit, value, num, den = row[:8]
        if code is None:
            continue
        figures[(str(code), str(part))] = (num, den) if part == "率" else value
    months: dict[tuple[str, int], int] = {}
    starts = [dt.date(year + (m < 4), m, 1) for m in (*range(4, 13), 1, 2, 3)]
    for row in book[MONTH_SHEET].iter_rows(min_row=HEADER_ROW + 1, max_col=15, values_only=True):
        code = row[0]
        if code is None or str(code).startswith("※"):
            continue
        for i, start in enumerate(starts):
            if start <= through:
                months[(str(code), i)] = row[3 + i]
    return figures, months


def compare(what: str, ours: dict[Any, Any], theirs: dict[Any, Any]) -> None:
    """The hand-written figures must be kasane's, key by key (keys one side lacks count as differences)."""
    wrong = {k: (ours.get(k), theirs.get(k)) for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k)}
    if wrong:
        for k, (a, b) in sorted(wrong.items(), key=str)[:20]:
            say(f"  MISMATCH {what} {k}: kasane {a!r}, hand-written {b!r}")
        raise SystemExit(f"{what}: {len(wrong)} figures differ")
    say(f"{what}: {len(ours)} figures, all equal to the hand-written SQL's")


# --- timing ------------------------------------------------------------------------------------------------------


def queries_of(fn: Callable[[], object]) -> tuple[int, list[tuple[str, float]]]:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries), [(q["sql"], float(q["time"])) for q in ctx.captured_queries]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("consultations", nargs="?", type=int, default=100_000, help="N (default 100,000)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each (default 20)")
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN the slowest query of each kasane call"
    )
    parser.add_argument(
        "--append", action="store_true", help="append to the results file instead of replacing it"
    )
    args = parser.parse_args(argv)
    n = args.consultations

    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from kasane.accounts.models import User
    from kasane.casework.models import Consultation
    from kasane.lib.dates import fiscal_year, today
    from kasane.programme import national, national_sheet
    from kasane.programme.indicators import rows
    from kasane.programme.measures import breakdowns
    from kasane.programme.models import PlanPeriod
    from kasane.programme.national_records import Scope
    from kasane.tenancy.models import Municipality

    say(f"benchmarks/indicators.py {' '.join(argv)}")
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    say(f"migrate: {time.perf_counter() - start:.1f} s")
    day = today()
    city = Municipality.objects.filter(code=base.CITY_CODE).first()
    if city is not None:
        found = Consultation.objects.filter(municipality=city).count()
        if found != n or not PlanPeriod.objects.filter(municipality=city).exists():
            say(f"This database holds another ベンチ市 ({found:,} consultations): give an empty one.")
            return 1
        say(f"reusing ベンチ市 ({found:,} consultations) already in this database")
    else:
        rng = random.Random(base.SEED)
        start = time.perf_counter()
        loaded = base.load(n, max(100, n // 50), day, rng)
        say(
            f"programme.py's load: {n:,} consultations, {loaded['persons']:,} persons, {loaded['referrals']:,} "
            f"つなぎ, {loaded['cases']:,} cases, {loaded['plans']:,} plans, {loaded['sittings']:,} sittings with "
            f"{loaded['items']:,} items, in {time.perf_counter() - start:.0f} s"
        )
        start = time.perf_counter()
        more = load_more(n, day, random.Random(SEED))
        say(
            "added: " + ", ".join(f"{v:,} {k}" for k, v in more.items()) + f", attributes, plan period; in "
            f"{time.perf_counter() - start:.0f} s"
        )
        city = Municipality.objects.get(code=base.CITY_CODE)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    say(
        f"{'VACUUM ANALYZE' if connection.vendor == 'postgresql' else 'ANALYZE'}: {time.perf_counter() - start:.1f} s"
    )
    say(f"engine: {connection.vendor} {base._server_version()}")
    for table, count, size in base.table_sizes(
        [
            "casework_consultation",
            "outreach_contact",
            "outreach_agencyvisit",
            "casework_referral",
            "meetings_decision",
        ]
    ):
        say(f"  {table:28} {count:>10,} rows {size / 1024 / 1024:9.1f} MiB with indexes")

    year = fiscal_year(day)
    scope = Scope(city)
    period = PlanPeriod.objects.get(municipality=city)
    hand = Hand(city.pk, year)
    say(f"\nday {day}, 年度 {year} (April–March); plan period {period.first_year}–{period.last_year}")

    # The figures, compared.
    found_rows = rows(period, scope, year, day)
    measures = {r.indicator.number: r.indicator.measure for r in found_rows if r.indicator.from_records}
    years = [v.year for v in found_rows[0].values]
    kasane_page = {
        (r.indicator.number, v.year): int(v.value)
        for r in found_rows
        if r.indicator.from_records
        for v in r.values
        if v.value is not None
    }
    compare("年度 page ①–④ by 年度", kasane_page, hand.page(measures, years))
    say("  " + "; ".join(f"{k[0]}:{k[1]}={v:,}" for k, v in sorted(kasane_page.items())))
    compare("breakdowns", breakdown_figures(breakdowns(scope, year)), hand.breakdowns())
    body = national_sheet.workbook(scope, year, municipality_name=city.name, through=day)
    sheet_year, sheet_months = sheet_figures(body, day, year)
    hand_year, hand_months = hand.national()
    compare("国への報告 年度集計 sheet", sheet_year, hand_year)
    compare(
        "国への報告 月別 sheet (months come so far)",
        sheet_months,
        {k: v for k, v in hand_months.items() if k in sheet_months or hand.months[k[1]] <= day},
    )
    say(
        "  A1 "
        + f"{sheet_year[('A1', '計')]:,}, A2 {sheet_year[('A2', '計')]:,}, A9 {sheet_year[('A9', '計')]:,}, "
        f"B1 {sheet_year[('B1', '計')]:,}, B5 {sheet_year[('B5', '計')]:,}"
    )

    # Timing.
    city_user = User.objects.get(username="bench-shi")
    client = Client()
    client.force_login(city_user)
    assert client.get("/programme/indicators/").status_code == 200
    assert client.get("/programme/national.xlsx").status_code == 200

    def page_calls() -> None:
        rows(period, scope, year, day)
        breakdowns(scope, year)

    def hand_page() -> None:
        hand.page(measures, years)
        hand.breakdowns()

    pairs: list[tuple[str, Callable[[], object], Callable[[], object] | None]] = [
        ("rows() + breakdowns()", page_calls, hand_page),
        ("  rows() alone", lambda: rows(period, scope, year, day), lambda: hand.page(measures, years)),
        ("  breakdowns() alone", lambda: breakdowns(scope, year), hand.breakdowns),
        ("GET /programme/indicators/", lambda: client.get("/programme/indicators/"), hand_page),
        ("national.report() (figures only)", lambda: national.report(scope, year), hand.national),
        (
            "national_sheet.workbook()",
            lambda: national_sheet.workbook(scope, year, municipality_name=city.name, through=day),
            hand.national,
        ),
        ("GET /programme/national.xlsx", lambda: client.get("/programme/national.xlsx"), hand.national),
    ]
    load1, load5, _ = os.getloadavg()
    say(
        f"\n{args.repeat} timed runs after one warm-up, ms; the machine has {os.cpu_count()} cores shared with other "
        f"work (load average {load1:.2f}, {load5:.2f} at the start)"
    )
    say(
        f"{'':32s} {'kasane median':>13s} {'p95':>8s} {'queries':>7s} {'hand median':>11s} {'p95':>8s} {'stmts':>5s} {'ratio':>6s}"
    )
    slowest: dict[str, tuple[str, float]] = {}
    for name, fn, hand_fn in pairs:
        k_med, k_p95 = base.med_p95(base.timed(fn, args.repeat))
        n_queries, captured = queries_of(fn)
        slowest[name] = max(captured, key=lambda q: q[1])
        if hand_fn is not None:
            h_med, h_p95 = base.med_p95(base.timed(hand_fn, args.repeat))
            n_stmts, _ = queries_of(hand_fn)
            say(
                f"{name:32s} {k_med:13.1f} {k_p95:8.1f} {n_queries:7d} {h_med:11.1f} {h_p95:8.1f} {n_stmts:5d} "
                f"{k_med / h_med:6.2f}"
            )
    load1, load5, _ = os.getloadavg()
    say(
        f"(load average {load1:.2f}, {load5:.2f} at the end; GET lines are compared with the figures' SQL alone)"
    )

    # Per query of the two kasane calls: where the time goes.
    for name, fn in (("rows() + breakdowns()", page_calls), ("national.report()", pairs[4][1])):
        per = base.per_query(fn, max(5, args.repeat // 2))
        per.sort(key=lambda q: -statistics.median(q[2]))
        say(f"\nthe {len(per)} queries of {name}, slowest first (median ms): ")
        for sql, _params, samples in per[:8]:
            say(f"  {statistics.median(samples):8.2f}  {base.label(sql)}")
        if args.explain:
            sql, params, _ = per[0]
            say(f"slowest, EXPLAIN:\n{sql}")
            for line in base.explain(sql, params):
                say(f"    {line}")
    return 0


if __name__ == "__main__":
    code = 1
    try:
        code = main(sys.argv[1:])
        if code == 0:
            with RESULTS.open("a" if "--append" in sys.argv else "w", encoding="utf-8") as f:
                f.write("\n".join(OUT) + "\n\n")
    finally:
        connection.close()
        if base._TEMP_DIR is not None:
            shutil.rmtree(base._TEMP_DIR, ignore_errors=True)
    sys.exit(code)
