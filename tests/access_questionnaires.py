"""アンケート's rows for the access matrix (tests/test_access.py's EXPECTED format), to be merged by the lead.

url name → (path builder, anonymous outcome, {role: status}). Staff pages are for support staff of the
prefecture only (the world's `prefecture` user); every municipal or agency role gets 403, and support staff of
another prefecture 404 (tested in tests/test_questionnaires.py). The public answering pages (/q/) open for
anyone with a valid key, logged in or not, and show nothing but the questionnaire.
"""

from __future__ import annotations

from typing import Any

LOGIN = "login"
ROLES = [
    "soudanin",
    "coordinator",
    "city",
    "agency_admin",
    "prefecture",
    "viewer",
    "other_city",
    "other_agency",
    "pledged",
    "unpledged",
]


def _all(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def _support(status: int = 200) -> dict[str, int]:
    """Support staff (都道府県担当 and the contractor) of the prefecture; 403 to everyone else."""
    return {**_all(403), "prefecture": status}


def _questionnaire(w: dict[str, Any], *, per_link: bool = False) -> Any:
    """An open questionnaire of the world's prefecture with one question and no answers yet."""
    from kasane.questionnaires.models import Question, Questionnaire, Status

    questionnaire = Questionnaire.objects.get_or_create(
        prefecture=w["municipality"].prefecture,
        title="個別リンクのアンケート" if per_link else "アクセス確認用アンケート",
        defaults={
            "created_by": w["users"]["prefecture"],
            "status": Status.OPEN,
            "one_answer_per_link": per_link,
        },
    )[0]
    Question.objects.get_or_create(
        questionnaire=questionnaire, order=1, defaults={"kind": "text", "text": "ご感想", "required": False}
    )
    return questionnaire


def _q(w: dict[str, Any]) -> int:
    return int(_questionnaire(w).pk)


def _question(w: dict[str, Any]) -> int:
    return int(_questionnaire(w).questions.get(order=1).pk)


def _link_token(w: dict[str, Any]) -> str:
    from kasane.questionnaires.models import AnswerLink

    return str(
        AnswerLink.objects.get_or_create(questionnaire=_questionnaire(w, per_link=True), number=1)[0].token
    )


EXPECTED: dict[str, tuple[Any, Any, dict[str, int]]] = {
    "questionnaires:list": (lambda w: "/questionnaires/", LOGIN, _support()),
    "questionnaires:new": (lambda w: "/questionnaires/new/", LOGIN, _support()),
    "questionnaires:detail": (lambda w: f"/questionnaires/{_q(w)}/", LOGIN, _support()),
    "questionnaires:edit": (lambda w: f"/questionnaires/{_q(w)}/edit/", LOGIN, _support()),
    "questionnaires:status": (lambda w: f"/questionnaires/{_q(w)}/status/", LOGIN, _support(405)),
    "questionnaires:delete": (lambda w: f"/questionnaires/{_q(w)}/delete/", LOGIN, _support(405)),
    "questionnaires:preview": (lambda w: f"/questionnaires/{_q(w)}/preview/", LOGIN, _support()),
    "questionnaires:question_new": (
        lambda w: f"/questionnaires/{_q(w)}/questions/new/?kind=single",
        LOGIN,
        _support(),
    ),
    "questionnaires:question_edit": (
        lambda w: f"/questionnaires/{_q(w)}/questions/{_question(w)}/",
        LOGIN,
        _support(),
    ),
    "questionnaires:question_move": (
        lambda w: f"/questionnaires/{_q(w)}/questions/{_question(w)}/move/",
        LOGIN,
        _support(405),
    ),
    "questionnaires:question_delete": (
        lambda w: f"/questionnaires/{_q(w)}/questions/{_question(w)}/delete/",
        LOGIN,
        _support(405),
    ),
    "questionnaires:handout": (lambda w: f"/questionnaires/{_q(w)}/handout/", LOGIN, _support()),
    "questionnaires:links": (
        lambda w: f"/questionnaires/{_questionnaire(w, per_link=True).pk}/links/",
        LOGIN,
        _support(),
    ),
    "questionnaires:links_sheet": (
        lambda w: f"/questionnaires/{_questionnaire(w, per_link=True).pk}/links/sheet/",
        LOGIN,
        _support(),
    ),
    "questionnaires:results": (lambda w: f"/questionnaires/{_q(w)}/results/", LOGIN, _support()),
    "questionnaires:compare": (lambda w: f"/questionnaires/{_q(w)}/compare/", LOGIN, _support()),
    "questionnaires:free_text": (lambda w: f"/questionnaires/{_q(w)}/free-text/", LOGIN, _support()),
    "questionnaires:export": (lambda w: f"/questionnaires/{_q(w)}/results.xlsx", LOGIN, _support()),
    # Answering: anyone with the key, no login; a mistyped key is 404 (tests/test_questionnaires.py).
    "answer:open": (lambda w: f"/q/{_questionnaire(w).slug}/", 200, _all(200)),
    "answer:link": (lambda w: f"/q/t/{_link_token(w)}/", 200, _all(200)),
    "answer:thanks": (lambda w: f"/q/{_questionnaire(w).slug}/thanks/", 200, _all(200)),
}
