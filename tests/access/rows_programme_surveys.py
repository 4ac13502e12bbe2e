"""The access matrix's rows for the municipality's resident surveys (kasane.programme, 成果指標 ⑤〜⑧): read by
the programme's readers (the city's programme staff and an agency's manager), made, opened and closed by the
city's programme staff (programme.plan); another municipality's staff do not find a survey of this one, and
front-line and outside roles (the prefecture among them) are refused. The survey is the matrix plan's
市民意識調査, whose question measures the survey indicator."""

from __future__ import annotations

from typing import Any

from tests.access.outcomes import LOGIN, Rows, everyone

READERS = {**everyone(403), "city": 200, "other_city": 200, "agency_admin": 200}
SURVEY_READERS = {**READERS, "other_city": 404}


def _survey(w: dict[str, Any]) -> str:
    return f"/programme/surveys/{w['plan']['measure'].question.questionnaire_id}/"


EXPECTED: Rows = {
    "programme_surveys:list": (lambda w: "/programme/surveys/", LOGIN, READERS),
    "programme_surveys:new": (lambda w: "/programme/surveys/new/", LOGIN, everyone(405)),
    "programme_surveys:survey": (_survey, LOGIN, SURVEY_READERS),
    "programme_surveys:status": (lambda w: f"{_survey(w)}status/", LOGIN, everyone(405)),
    "programme_surveys:handout": (lambda w: f"{_survey(w)}handout/", LOGIN, SURVEY_READERS),
    "programme_surveys:xlsx": (lambda w: f"{_survey(w)}answers.xlsx", LOGIN, SURVEY_READERS),
}
