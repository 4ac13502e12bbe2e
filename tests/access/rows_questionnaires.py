"""The access matrix's rows for アンケート (kasane.questionnaires).

Staff pages are for support staff of the prefecture only (the world's `prefecture` user); every municipal or
agency role gets 403, and support staff of another prefecture 404 (tested in
tests/questionnaires/test_access.py). The public answering pages (/q/) open for anyone with a valid key,
logged in or not, and show nothing but the questionnaire.
"""

from __future__ import annotations

from typing import Any

from tests.access.outcomes import LOGIN, Rows, everyone, support_staff


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


EXPECTED: Rows = {
    "questionnaires:list": (lambda w: "/questionnaires/", LOGIN, support_staff()),
    "questionnaires:new": (lambda w: "/questionnaires/new/", LOGIN, support_staff()),
    "questionnaires:detail": (lambda w: f"/questionnaires/{_q(w)}/", LOGIN, support_staff()),
    "questionnaires:edit": (lambda w: f"/questionnaires/{_q(w)}/edit/", LOGIN, support_staff()),
    "questionnaires:status": (lambda w: f"/questionnaires/{_q(w)}/status/", LOGIN, support_staff(405)),
    "questionnaires:delete": (lambda w: f"/questionnaires/{_q(w)}/delete/", LOGIN, support_staff(405)),
    "questionnaires:preview": (lambda w: f"/questionnaires/{_q(w)}/preview/", LOGIN, support_staff()),
    "questionnaires:question_new": (
        lambda w: f"/questionnaires/{_q(w)}/questions/new/?kind=single",
        LOGIN,
        support_staff(),
    ),
    "questionnaires:question_edit": (
        lambda w: f"/questionnaires/{_q(w)}/questions/{_question(w)}/",
        LOGIN,
        support_staff(),
    ),
    "questionnaires:question_move": (
        lambda w: f"/questionnaires/{_q(w)}/questions/{_question(w)}/move/",
        LOGIN,
        support_staff(405),
    ),
    "questionnaires:question_delete": (
        lambda w: f"/questionnaires/{_q(w)}/questions/{_question(w)}/delete/",
        LOGIN,
        support_staff(405),
    ),
    "questionnaires:handout": (lambda w: f"/questionnaires/{_q(w)}/handout/", LOGIN, support_staff()),
    "questionnaires:links": (
        lambda w: f"/questionnaires/{_questionnaire(w, per_link=True).pk}/links/",
        LOGIN,
        support_staff(),
    ),
    "questionnaires:links_sheet": (
        lambda w: f"/questionnaires/{_questionnaire(w, per_link=True).pk}/links/sheet/",
        LOGIN,
        support_staff(),
    ),
    "questionnaires:results": (lambda w: f"/questionnaires/{_q(w)}/results/", LOGIN, support_staff()),
    "questionnaires:compare": (lambda w: f"/questionnaires/{_q(w)}/compare/", LOGIN, support_staff()),
    "questionnaires:free_text": (lambda w: f"/questionnaires/{_q(w)}/free-text/", LOGIN, support_staff()),
    "questionnaires:export": (lambda w: f"/questionnaires/{_q(w)}/results.xlsx", LOGIN, support_staff()),
    # Answering: anyone with the key, no login; a mistyped key is 404 (tests/questionnaires/test_building_and_answering.py).
    "answer:open": (lambda w: f"/q/{_questionnaire(w).slug}/", 200, everyone(200)),
    "answer:link": (lambda w: f"/q/t/{_link_token(w)}/", 200, everyone(200)),
    "answer:thanks": (lambda w: f"/q/{_questionnaire(w).slug}/thanks/", 200, everyone(200)),
}
