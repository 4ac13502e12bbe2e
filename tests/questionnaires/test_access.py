"""アンケート: who may open what (support staff of the prefecture only; respondents only through a valid key),
the rows handed to the access matrix, and the query counts pinned per page."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kasane.accounts.models import User
from kasane.questionnaires.models import Questionnaire

from .helpers import answer_data, staff_client

pytestmark = pytest.mark.django_db


# --- access ----------------------------------------------------------------------------------------------------


STAFF_PAGES = (
    "/questionnaires/{q}/",
    "/questionnaires/{q}/edit/",
    "/questionnaires/{q}/preview/",
    "/questionnaires/{q}/handout/",
    "/questionnaires/{q}/results/",
    "/questionnaires/{q}/compare/",
    "/questionnaires/{q}/free-text/",
    "/questionnaires/{q}/results.xlsx",
    "/questionnaires/{q}/questions/new/?kind=text",
)


def test_support_staff_only_and_other_prefecture_404(
    world: dict[str, Any], forum: Questionnaire, outsider: User
) -> None:
    for path in STAFF_PAGES:
        path = path.format(q=forum.pk)
        assert staff_client(world["users"]["prefecture"]).get(path).status_code == 200, path
        for role in ("city", "soudanin", "coordinator", "other_city"):
            assert staff_client(world["users"][role]).get(path).status_code == 403, (path, role)
        assert staff_client(outsider).get(path).status_code == 404, path
    assert staff_client(world["users"]["city"]).get("/questionnaires/").status_code == 403
    listing = staff_client(outsider).get("/questionnaires/").content.decode()
    assert forum.title not in listing
    # Other-prefecture staff cannot write either.
    question = forum.questions.first()
    assert question is not None
    client = staff_client(outsider)
    assert client.post(f"/questionnaires/{forum.pk}/questions/{question.pk}/delete/").status_code == 404
    assert client.post(f"/questionnaires/{forum.pk}/status/", {"action": "close"}).status_code == 404
    assert forum.questions.filter(pk=question.pk).exists()


# --- query counts ----------------------------------------------------------------------------------------------


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_answers(forum: Questionnaire, ken: User) -> None:
    anonymous = Client()
    staff = staff_client(ken)
    answer_page = _queries(anonymous, f"/q/{forum.slug}/")
    staff.get("/questionnaires/")  # the first request of a session also writes the session
    for _ in range(3):
        anonymous.post(f"/q/{forum.slug}/", answer_data(forum))
    pages = {
        "results": f"/questionnaires/{forum.pk}/results/",
        "free_text": f"/questionnaires/{forum.pk}/free-text/",
        "detail": f"/questionnaires/{forum.pk}/",
        "list": "/questionnaires/",
    }
    first = {name: _queries(staff, path) for name, path in pages.items()}
    for _ in range(12):
        anonymous.post(f"/q/{forum.slug}/", answer_data(forum))
    again = {name: _queries(staff, path) for name, path in pages.items()}
    assert first == again, (first, again)
    # Pinned. The answer page: questionnaire, questions, choices (no session, no user for a respondent).
    assert answer_page == 3
    assert _queries(anonymous, f"/q/{forum.slug}/") == answer_page
    # Staff pages: session, user and memberships (the access check), then the page's own: the results read
    # questionnaire, questions, choices, responses and answers, whatever their number, and the officer's
    # small-sample threshold.
    assert again["results"] <= 9, again
    assert again["free_text"] <= 8, again
    assert again["detail"] <= 7, again
    assert again["list"] <= 4, again


def test_access_matrix_rows(world: dict[str, Any], make_user: Any) -> None:
    """The rows of tests/access/rows_questionnaires.py, run here against the same kinds of user."""
    from django.urls import get_resolver

    from tests.access.outcomes import LOGIN, ROLES
    from tests.access.rows_questionnaires import EXPECTED

    agencies = world["agencies"]
    for key, username in (("other_agency", "south"), ("pledged", "kiyaku"), ("unpledged", "mikiyaku")):
        world["users"][key] = make_user(username, agencies["houkatsu_south"], "soudanin")
    names = {
        f"{namespace}:{p.name}"
        for namespace in ("questionnaires", "answer")
        for p in get_resolver().namespace_dict[namespace][1].url_patterns
    }
    assert names == set(EXPECTED)
    failures = []
    for name, (build, anonymous, by_role) in EXPECTED.items():
        path = build(world)
        response = Client().get(path)
        got: Any = response.status_code
        if got == 302 and response.url.startswith("/accounts/login/"):
            got = LOGIN
        if got != anonymous:
            failures.append(f"{name} anonymous: expected {anonymous}, got {got}")
        for role in ROLES:
            status = staff_client(world["users"][role]).get(path).status_code
            if status != by_role[role]:
                failures.append(f"{name} {role}: expected {by_role[role]}, got {status}")
    assert not failures, "\n".join(failures)
