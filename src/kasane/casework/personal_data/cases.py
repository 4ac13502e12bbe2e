"""What casework holds about a person's 多機関協働 cases: the cases of their household, with assessments,
plans, notes and evaluations (the meetings' decisions about them are the meetings provider's).

At the end of the retention period the written content goes; states, dates, kinds, outcomes, the team and
the time spent stay, so the counts of cases, plans considered and decided, contacts and the national survey's
figures are the same before and after. Field by field, for the items of the national forms (issue 17):

- Kept, as codes: the case's 終結理由区分; the assessment's life situation codes (就労状況, 住まい and its
  instability, 収入源, 生活保護, 債務, 滞納, 通院, メンタルヘルス, 障害者手帳 and its kinds, 健康保険, 年金),
  課題の特性, 複合課題の類型 and アセスメント結果; the plan's 利用する事業, 就労支援の対象 and プラン期間; the
  evaluation's 本人の変化, 就労 and 増収 (yes / no), 今後の方向性 and 終結理由区分; the note's 相手方 (as
  categories), 場所 (as a category), 支援の段階 and 開始時刻.
- Kept, as dates the counts need: the plan's period, and the evaluation's 就労開始日 — the survey counts 就労者
  by the month they started work, which the date alone tells once the person's name has gone.
- Dropped: every free text beside the codes (the life situation's notes, 課題の背景要因, 解決すべき課題,
  総合的な支援方針, 本人の取り組むこと, 支援の実施状況, 残された課題, the note's 相手方の氏名・機関名, 場所の詳細 and
  今後の対応), and the figures of a household's money: the 世帯の月収 and the 増収額. The survey counts 増収者
  (whether the income rose), never by how much, and an exact amount is the person's, not the count's.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet

from kasane.casework.models import (
    Assessment,
    AssessmentMember,
    Case,
    CaseEvent,
    CaseStatus,
    Counterpart,
    Evaluation,
    GoalEvaluation,
    Household,
    Improvement,
    Person,
    Plan,
    PlanRole,
    Programme,
    ProgressNote,
    Situation,
    TeamMember,
)
from kasane.casework.personal_data.fields import (
    LIFE_DROPPED,
    choice_field,
    codes_field,
    day_field,
    life_fields,
    plain_field,
    yen_field,
    yes_no_field,
)
from kasane.lib.personal_data import ANONYMISED, Cutoff, Field, Record, Scrubbed, Section, Tally, local_day


def _case(c: Case, person: Person) -> Record:
    team = "、".join(f"{m.agency.name}（{m.get_part_display()}）" for m in c.team.all() if m.left_on is None)
    return Record(
        f"ケース No.{c.pk}",
        (
            plain_field("title", "ケースの概要", c.title),
            Field("status", "状態", c.get_status_display(), c.status),
            plain_field("owner_agency", "多機関協働事業者", c.owner_agency.name),
            day_field("受付日", "opened_on", c.opened_on),
            day_field("終結日", "closed_on", c.closed_on),
            plain_field("closure_reason", "終結の理由", c.closure_reason),
            choice_field("closure_code", "終結理由区分", c.get_closure_code_display(), c.closure_code),
            plain_field("team", "支援チーム", team),
            Field(
                "about",
                "ケースの本人",
                "ご本人" if c.person_id == person.pk else "ご本人の世帯員",
                "self" if c.person_id == person.pk else "household_member",
            ),
            Field(
                "subject",
                "主たる支援対象者",
                "ご本人を含む" if person in c.subjects.all() else "ご本人を含まない",
                person in c.subjects.all(),
            ),
        ),
    )


def _assessment(a: Assessment, person: Person, *, subject: int) -> Record:
    """The household's assessment as the household's record; the 本人's life situation (health, disability,
    money) only to the 本人 (``subject``): to another member it is a third party's 要配慮個人情報."""
    mine = [m for m in a.members.all() if m.person_id == person.pk]
    own = subject == person.pk
    life = (
        [*life_fields(a), plain_field("background", "課題の背景要因", a.background)]
        if own
        else [plain_field("life", "本人の生活の状況", "ケースの本人の個人情報のため含めていません")]
    )
    fields = [
        day_field("アセスメント日", "assessed_on", a.assessed_on),
        plain_field("household_situation", "世帯の状況", a.household_situation),
        plain_field("household_issues", "世帯全体の課題", a.household_issues),
        plain_field("strengths", "強み・活用できる資源", a.strengths),
        plain_field("person_words", "本人の言葉・希望", a.person_words),
        Field("urgency", "緊急度", a.get_urgency_display(), a.urgency),
        plain_field("risks", "リスク", a.risks),
        *life,
        codes_field("situations", "複合課題の類型", Situation, a.situations),
        choice_field("result", "アセスメント結果・支援方針", a.get_result_display(), a.result),
        plain_field("author_name", "記録者", a.author_name),
    ]
    for m in mine:
        fields += [
            plain_field("member_situation", "本人の状況", m.situation),
            plain_field("member_issues", "本人の課題", m.issues),
        ]
    return Record(f"アセスメント No.{a.pk}（ケース No.{a.case_id}・第{a.version}版）", tuple(fields))


def _plan(p: Plan) -> Record:
    roles = "\n".join(
        f"{r.agency.name}{('（' + r.who + '）') if r.who else ''}：{r.actions}"
        + (f"／{r.frequency}" if r.frequency else "")
        for r in p.roles.all()
    )
    return Record(
        f"支援プラン No.{p.pk}（ケース No.{p.case_id}・{p.get_kind_display()}・第{p.version}版）",
        (
            Field("status", "状態", p.get_status_display(), p.status),
            plain_field("long_term_goal", "長期目標", p.long_term_goal),
            plain_field("short_term_goals", "短期目標", p.short_term_goals),
            plain_field("needs", "解決すべき課題（ニーズ）", p.needs),
            plain_field("policy", "総合的な支援方針", p.policy),
            plain_field("person_tasks", "本人の取り組むこと", p.person_tasks),
            plain_field("roles", "役割分担", roles),
            codes_field("programmes", "利用する事業", Programme, p.programmes),
            yes_no_field(
                "employment_support", "就労支援の対象", p.employment_support, "対象とする", "対象としない"
            ),
            day_field("プラン期間（開始）", "starts_on", p.starts_on),
            day_field("プラン期間（終了）", "ends_on", p.ends_on),
            day_field("次回見直し日", "next_review_on", p.next_review_on),
            Field("person_agreed", "本人の同意", "あり" if p.person_agreed else "なし", p.person_agreed),
            day_field("本人が同意した日", "person_agreed_on", p.person_agreed_on),
            plain_field("person_comment", "本人の意見", p.person_comment),
        ),
    )


def _note(n: ProgressNote) -> Record:
    return Record(
        f"支援経過記録 No.{n.pk}（ケース No.{n.case_id}）",
        (
            day_field("日付", "on", n.on),
            Field(
                "starts_at",
                "開始時刻",
                f"{n.starts_at:%H:%M}" if n.starts_at else "",
                n.starts_at.isoformat(timespec="minutes") if n.starts_at else None,
            ),
            Field("kind", "種別", n.get_kind_display(), n.kind),
            choice_field("stage", "支援の段階", n.get_stage_display(), n.stage),
            plain_field("agency", "記録した機関", n.agency.name),
            Field("minutes", "所要時間（分）", "" if n.minutes is None else f"{n.minutes}分", n.minutes),
            codes_field("counterparts", "相手方", Counterpart, n.counterparts),
            plain_field("counterpart_name", "相手方（氏名・機関名）", n.counterpart_name),
            choice_field("place", "場所", n.get_place_display(), n.place),
            plain_field("place_note", "場所（詳しく）", n.place_note),
            plain_field("text", "内容", n.text),
            plain_field("next_action", "今後の対応・次回予定", n.next_action),
            plain_field("author_name", "記録者", n.author_name),
        ),
    )


def _evaluation(e: Evaluation) -> Record:
    return Record(
        f"終結時の評価 No.{e.pk}（ケース No.{e.case_id}）",
        (
            day_field("評価日", "evaluated_on", e.evaluated_on),
            *(
                plain_field(f"goal_{g.position}", f"短期目標{g.position}の評価", _goal_text(g))
                for g in e.goals.all()
            ),
            Field("goal_result", "目標の達成", e.get_goal_result_display(), e.goal_result),
            plain_field("reasons", "達成・未達成の理由", e.reasons),
            plain_field("person_view", "本人の評価・意見", e.person_view),
            plain_field("implementation", "支援の実施状況", e.implementation),
            codes_field("improvements", "本人の変化（自立に向けた改善）", Improvement, e.improvements),
            yes_no_field("employed", "就労", e.employed, "就労した", "なし"),
            day_field("就労開始日", "employed_on", e.employed_on),
            yes_no_field("income_increased", "増収", e.income_increased, "収入が増えた", "なし"),
            yen_field("income_increase", "増収額（月額）", e.income_increase),
            plain_field("remaining_issues", "残された課題・新たな課題", e.remaining_issues),
            choice_field("direction", "今後の方向性", e.get_direction_display(), e.direction),
            choice_field("closure_code", "終結理由区分", e.get_closure_code_display(), e.closure_code),
            Field(
                "keep_watching", "終結後の見守り", "続ける" if e.keep_watching else "なし", e.keep_watching
            ),
            plain_field("watch_note", "見守りの方法・担当", e.watch_note),
        ),
    )


def _goal_text(g: GoalEvaluation) -> str:
    return f"{g.goal}：{g.get_result_display()}" + (f"（{g.comment}）" if g.comment else "")


def _records(items: Iterable[Record]) -> tuple[Record, ...]:
    return tuple(items)


class CasesProvider:
    key = "cases"
    label = "多機関協働"
    models = (
        "casework.Case",
        "casework.CaseEvent",
        "casework.TeamMember",
        "casework.Assessment",
        "casework.AssessmentMember",
        "casework.Plan",
        "casework.PlanRole",
        "casework.ProgressNote",
        "casework.Evaluation",
        "casework.GoalEvaluation",
    )

    def collect(self, person: Person) -> list[Section]:
        cases = list(
            Case.objects.filter(household_id=person.household_id)
            .select_related("owner_agency")
            .prefetch_related(Prefetch("team", TeamMember.objects.select_related("agency")), "subjects")
            .order_by("opened_on", "pk")
        )
        if not cases:
            return []
        ids = [c.pk for c in cases]
        subject = {c.pk: c.person_id for c in cases}
        note = "多機関協働の支援は世帯を単位とするため、世帯のケースの記録を含みます。"
        assessments = Assessment.objects.filter(case_id__in=ids).prefetch_related(
            Prefetch("members", AssessmentMember.objects.filter(person=person))
        )
        plans = Plan.objects.filter(case_id__in=ids).prefetch_related(
            Prefetch("roles", PlanRole.objects.select_related("agency"))
        )
        return [
            Section(self.key, "多機関協働ケース", _records(_case(c, person) for c in cases), note=note),
            Section(
                "assessments",
                "アセスメント",
                _records(
                    _assessment(a, person, subject=subject[a.case_id])
                    for a in assessments.order_by("case_id", "version")
                ),
            ),
            Section(
                "plans",
                "支援プラン",
                _records(_plan(p) for p in plans.order_by("case_id", "kind", "version")),
            ),
            Section(
                "notes",
                "支援経過記録",
                _records(
                    _note(n)
                    for n in ProgressNote.objects.filter(case_id__in=ids)
                    .select_related("agency")
                    .order_by("on", "pk")
                ),
            ),
            Section(
                "evaluations",
                "終結時の評価",
                _records(
                    _evaluation(e)
                    for e in Evaluation.objects.filter(case_id__in=ids)
                    .prefetch_related("goals")
                    .order_by("evaluated_on", "pk")
                ),
            ),
        ]

    def holds(self, cutoff: Cutoff) -> list[Q]:
        household = OuterRef("pk")
        cases = Case.objects.filter(household=household)
        return [
            # An open case keeps the household, however long ago anything was written.
            Q(Exists(cases.exclude(status=CaseStatus.CLOSED))),
            Q(
                Exists(
                    cases.filter(
                        Q(opened_on__gte=cutoff.day)
                        | Q(closed_on__gte=cutoff.day)
                        | Q(updated_at__gte=cutoff.moment)
                    )
                )
            ),
            Q(Exists(CaseEvent.objects.filter(case__household=household, at__gte=cutoff.moment))),
            Q(
                Exists(
                    ProgressNote.objects.filter(case__household=household).filter(
                        Q(on__gte=cutoff.day) | Q(created_at__gte=cutoff.moment)
                    )
                )
            ),
            Q(Exists(Assessment.objects.filter(case__household=household, created_at__gte=cutoff.moment))),
            Q(Exists(Plan.objects.filter(case__household=household, updated_at__gte=cutoff.moment))),
            Q(Exists(Evaluation.objects.filter(case__household=household, created_at__gte=cutoff.moment))),
        ]

    def inventory(self, households: QuerySet[Household]) -> list[Tally]:
        def span(qs: QuerySet, field: str) -> dict:
            return qs.aggregate(n=Count("pk"), oldest=Min(field), newest=Max(field))

        cases = span(Case.objects.filter(household__in=households), "opened_on")
        assessments = span(Assessment.objects.filter(case__household__in=households), "assessed_on")
        plans = span(Plan.objects.filter(case__household__in=households), "created_at")
        notes = span(ProgressNote.objects.filter(case__household__in=households), "on")
        evaluations = span(Evaluation.objects.filter(case__household__in=households), "evaluated_on")
        return [
            Tally("多機関協働ケース", cases["n"], cases["oldest"], cases["newest"]),
            Tally("アセスメント", assessments["n"], assessments["oldest"], assessments["newest"]),
            Tally("支援プラン", plans["n"], local_day(plans["oldest"]), local_day(plans["newest"])),
            Tally("支援経過記録", notes["n"], notes["oldest"], notes["newest"]),
            Tally("終結時の評価", evaluations["n"], evaluations["oldest"], evaluations["newest"]),
        ]

    def anonymise(self, household: Household, scrubbed: Scrubbed) -> None:
        cases = Case.objects.filter(household=household)
        in_cases = {"case__in": cases}
        scrubbed.add("多機関協働ケース", cases.update(title=ANONYMISED, closure_reason=""))
        CaseEvent.objects.filter(**in_cases).update(note="")
        assessments = Assessment.objects.filter(**in_cases)
        AssessmentMember.objects.filter(assessment__in=assessments).update(situation="", issues="")
        scrubbed.add(
            "アセスメント",
            assessments.update(
                household_situation="",
                household_issues="",
                strengths="",
                person_words="",
                risks="",
                background="",
                **LIFE_DROPPED,
            ),
        )
        plans = Plan.objects.filter(**in_cases)
        PlanRole.objects.filter(plan__in=plans).update(who="", actions="")
        scrubbed.add(
            "支援プラン",
            plans.update(
                long_term_goal="",
                short_term_goals="",
                person_comment="",
                needs="",
                policy="",
                person_tasks="",
            ),
        )
        scrubbed.add(
            "支援経過記録",
            ProgressNote.objects.filter(**in_cases).update(
                text="", counterpart_name="", place_note="", next_action=""
            ),
        )
        scrubbed.add(
            "終結時の評価",
            Evaluation.objects.filter(**in_cases).update(
                reasons="",
                person_view="",
                watch_note="",
                implementation="",
                remaining_issues="",
                income_increase=None,
            ),
        )
        # Each goal's result stays for the counts; the goal's words and the comment are the person's.
        GoalEvaluation.objects.filter(evaluation__case__in=cases).update(goal="", comment="")


provider = CasesProvider()
