"""The access matrix's rows for 事業の実施状況 (kasane.programme): counts for those who run the programme — the
city's programme staff (here, or in their own municipality) and an agency's manager; front-line and outside
roles are refused. The 実施計画 and its 成果指標 are edited by the city's programme staff (programme.plan) of
their own municipality: another municipality's staff get 404 for its plan, indicators and settings."""

from __future__ import annotations

from tests.access.outcomes import LOGIN, Rows, everyone, support_staff

READERS = {**everyone(403), "city": 200, "other_city": 200, "agency_admin": 200}
# A plan, an indicator or a survey setting is the municipality's: its planner edits it; other readers of the
# programme are refused, and another municipality's planner does not find it.
PLANNER = {**everyone(403), "city": 200, "other_city": 404}
PLANNER_POST = {**everyone(405)}

EXPECTED: Rows = {
    # The prefecture's support staff read what municipalities published; nobody else.
    "programme:published_plans": (lambda w: "/programme/published/", LOGIN, support_staff()),
    "programme:published_plan_pdf": (
        lambda w: f"/programme/published/{w['plan']['published'].pk}.pdf",
        LOGIN,
        support_staff(),
    ),
    "programme:overview": (lambda w: "/programme/", LOGIN, READERS),
    "programme:national": (lambda w: "/programme/national/", LOGIN, READERS),
    "programme:national_xlsx": (lambda w: "/programme/national.xlsx", LOGIN, READERS),
    "programme:indicators": (lambda w: "/programme/indicators/", LOGIN, READERS),
    "programme:indicators_xlsx": (
        lambda w: f"/programme/indicators.xlsx?year={w['plan']['period'].first_year}",
        LOGIN,
        # another municipality has no plan of its own: nothing to export
        {**READERS, "other_city": 404},
    ),
    "programme:indicators_pdf": (
        lambda w: f"/programme/indicators.pdf?year={w['plan']['period'].first_year}",
        LOGIN,
        {**READERS, "other_city": 404},
    ),
    "programme:indicator_records": (
        lambda w: f"/programme/indicators/{w['plan']['records'].pk}/records/",
        LOGIN,
        {**READERS, "other_city": 404},
    ),
    "programme:plan_new": (
        lambda w: "/programme/plans/new/",
        LOGIN,
        {**everyone(403), "city": 200, "other_city": 200},
    ),
    "programme:plan": (lambda w: f"/programme/plans/{w['plan']['period'].pk}/", LOGIN, PLANNER),
    "programme:plan_publish": (
        lambda w: f"/programme/plans/{w['plan']['period'].pk}/publish/",
        LOGIN,
        PLANNER_POST,
    ),
    "programme:evaluation": (
        lambda w: f"/programme/plans/{w['plan']['period'].pk}/evaluations/{w['plan']['period'].first_year}/",
        LOGIN,
        PLANNER,
    ),
    "programme:indicator_new": (
        lambda w: f"/programme/plans/{w['plan']['period'].pk}/indicators/new/",
        LOGIN,
        PLANNER,
    ),
    "programme:indicator_edit": (
        lambda w: f"/programme/indicators/{w['plan']['records'].pk}/edit/",
        LOGIN,
        PLANNER,
    ),
    "programme:indicator_delete": (
        lambda w: f"/programme/indicators/{w['plan']['records'].pk}/delete/",
        LOGIN,
        PLANNER_POST,
    ),
    "programme:survey_measure_new": (
        lambda w: f"/programme/indicators/{w['plan']['survey'].pk}/survey/new/",
        LOGIN,
        PLANNER,
    ),
    "programme:survey_measure": (
        lambda w: f"/programme/indicators/{w['plan']['survey'].pk}/survey/{w['plan']['measure'].pk}/",
        LOGIN,
        PLANNER,
    ),
    "programme:survey_measure_delete": (
        lambda w: f"/programme/indicators/{w['plan']['survey'].pk}/survey/{w['plan']['measure'].pk}/delete/",
        LOGIN,
        PLANNER_POST,
    ),
}


# The 実施計画 document (programme.views.document): its texts and live 案 are the planner's; a version kept is
# downloaded by the planner and the programme's readers, and another municipality does not find it.
DOCUMENT_READERS = {**everyone(403), "city": 200, "other_city": 404, "agency_admin": 200}


def _version(w: dict[str, dict[str, object]]) -> object:
    """A version of the matrix plan, made once (its files need not be real for who may fetch them)."""
    from kasane.lib.dates import today
    from kasane.programme.models import PlanVersion

    made = {"made_on": today(), "pdf": b"%PDF-1.4\n", "docx": b"PK", "made_by": w["users"]["city"]}
    return PlanVersion.objects.get_or_create(period=w["plan"]["period"], number=1, defaults=made)[0]


EXPECTED.update(
    {
        "programme:plan_texts": (
            lambda w: f"/programme/plans/{w['plan']['period'].pk}/texts/",
            LOGIN,
            PLANNER,
        ),
        "programme:plan_draft": (
            lambda w: f"/programme/plans/{w['plan']['period'].pk}/draft.pdf",
            LOGIN,
            PLANNER,
        ),
        "programme:plan_versions": (
            lambda w: f"/programme/plans/{w['plan']['period'].pk}/versions/",
            LOGIN,
            DOCUMENT_READERS,
        ),
        "programme:plan_version_new": (
            lambda w: f"/programme/plans/{w['plan']['period'].pk}/versions/new/",
            LOGIN,
            PLANNER_POST,
        ),
        "programme:plan_version_file": (
            lambda w: f"/programme/plans/{w['plan']['period'].pk}/versions/{_version(w).number}.pdf",
            LOGIN,
            DOCUMENT_READERS,
        ),
    }
)
