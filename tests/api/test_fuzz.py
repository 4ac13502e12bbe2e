"""Fuzzing of the JSON API from its own OpenAPI document (schemathesis).

The document is read from the app through its WSGI entry point (no server, no network), and every
operation it lists is fuzzed, so an endpoint added later is covered without touching this file. Each
operation is called by three callers: the 多機関協働 coordinator (who sees the test household), a 相談員 of
an agency outside the case (who gets 404s for it) and an anonymous client. Each caller sends a fixed number
of derandomised examples per operation: valid input, valid input aimed at the records of the test world
(so that the 200/201 answers are reached), and invalid input. Every answer must be free of 5xx and match
the document: a documented status code and content type, and a body valid against the documented schema;
invalid input must be refused.

Each call runs in a savepoint of the test's transaction that is rolled back afterwards, so a POST changes
nothing outside the test and every call sees the same world.

Generation is derandomised: the same code run the same way sends the same cases. Hypothesis and
schemathesis also mix in literals found in the project's loaded modules, so running this file alone may
send other cases than the whole suite does; every failure is therefore reported with its request as a
curl command, the smallest one Hypothesis found, and the server's traceback for a 500.
"""

from __future__ import annotations

import datetime as dt
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.conf import settings
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from kasane.casework.models import ProgressNote
from kasane.wsgi import application
from tests.conftest import matrix_participation
from tests.factories import journey, outreach_contact, outreach_target

pytestmark = pytest.mark.django_db

OPENAPI = "/api/v1/openapi.json"
# Examples per operation and caller. Hypothesis stops early once an operation has no more distinct input
# (e.g. /topics), so the 23 operations of today make about 1,100 calls, a few seconds on either engine.
VALID = 10
VALID_ON_RECORDS = 10
INVALID = 6
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Random text almost never holds the characters that break Japanese text handling and databases, so a
# fifth of all generated strings come from this list: NUL (PostgreSQL text refuses it), the highest code
# point (the upper bound of the name-prefix search), LIKE wildcards and quotes, an ideographic space,
# variant kanji, half-width kana, a lone combining dakuten and a character outside the BMP.
HOSTILE_TEXT = ["\x00", "a\x00b", "\U0010ffff", "%", "_", "'", "\\", "\u3000", "髙﨑", "ｶﾅ", "\u3099", "𠮷"]
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 0,
        "dictionaries": {"hostile": {"values": HOSTILE_TEXT}},
        "generation": {"dictionaries": {"string": {"dictionary": "hostile", "probability": 0.2}}},
    }
)
HYPOTHESIS = hypothesis.settings(
    database=None,
    derandomize=True,
    deadline=None,
    print_blob=False,
    suppress_health_check=list(hypothesis.HealthCheck),
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate, hypothesis.Phase.shrink],
)


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    """Django's WSGI application, keeping the test's database connection open between requests.

    A real request closes stale connections when it starts and ends; inside the test transaction that
    would close the connection holding the test data. Django's test client suspends the same handler.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def server_errors() -> Iterator[list[str]]:
    """Tracebacks of exceptions the app turned into a 500, to show with the failing case."""
    caught: list[str] = []

    def record(sender: Any, **kwargs: Any) -> None:
        caught.append(traceback.format_exc())

    got_request_exception.connect(record)
    try:
        yield caught
    finally:
        got_request_exception.disconnect(record)


def _session_cookie(user: Any) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def _record_ids(world: dict[str, Any], records: dict[str, Any]) -> dict[str, int]:
    """Path parameters naming real records, by parameter name."""
    return {
        "agency_id": world["agencies"]["shakyo"].pk,
        "person_id": records["mother"].pk,
        "household_id": records["household"].pk,
        "consultation_id": records["consultation"].pk,
        "referral_id": records["referral"].pk,
        "case_id": records["case"].pk,
        "consent_id": records["consent"].pk,
        "plan_id": records["plan"].pk,
        "target_id": records["target"].pk,
        "service_id": records["p"]["service"].pk,
        "engagement_id": records["p"]["engagement"].pk,
    }


def _runs(
    operation: Any, cookies: dict[str, str], record_ids: dict[str, int]
) -> Iterator[tuple[str, Any, int]]:
    """(name, strategy, examples) for each kind of input the operation gets."""
    # Given cookies are sent as they are, so a logged-in caller stays logged in even with invalid input;
    # for the anonymous caller schemathesis makes up a session cookie or leaves it out.
    session = cookies or None
    yield "valid", operation.as_strategy(cookies=session), VALID
    names = [parameter.name for parameter in operation.path_parameters]
    if names and all(name in record_ids for name in names):
        on_records = {name: record_ids[name] for name in names}
        strategy = operation.as_strategy(cookies=session, path_parameters=on_records)
        yield "valid, on records", strategy, VALID_ON_RECORDS
    # Only input besides the session cookie can be made invalid.
    if list(operation.path_parameters) or list(operation.query) or operation.body:
        yield (
            "invalid",
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE, cookies=session),
            INVALID,
        )


def _fuzz(strategy: Any, examples: int, call: Callable[[Any], None]) -> tuple[int, str | None]:
    """Run up to `examples` cases; (cases run, the report of the smallest failing one or None)."""
    ran = 0

    @hypothesis.settings(HYPOTHESIS, max_examples=examples)
    @hypothesis.given(case=strategy)
    def run(case: Any) -> None:
        nonlocal ran
        ran += 1
        call(case)

    try:
        run()
    except (Exception, BaseExceptionGroup) as exc:  # schemathesis reports failed checks as an exception group
        return ran, "\n".join([str(exc), *getattr(exc, "__notes__", [])])
    return ran, None


def test_every_api_operation_survives_fuzzing(
    world: dict[str, Any],
    make_user: Any,
    wsgi_app: Any,
    server_errors: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    records = journey(world)
    ProgressNote.objects.create(
        case=records["case"],
        agency=world["agencies"]["shakyo"],
        kind="phone",
        on=dt.date(2026, 11, 22),
        minutes=15,
        text="電話で近況を確認した。",
        author_name="テスト 職員",
    )
    # The 社協's outreach target (the coordinator's agency) with one contact, so that a contact logged with a
    # stage may reach both the stage rules' refusal and the move.
    records["target"] = outreach_target(world, person=records["son"])
    outreach_contact(records["target"], outcome="family_talked", with_whom="family")
    # The 社協's 参加支援 for the son at a farm of the register (the access matrix's, without its 資源開拓's gap).
    records["p"] = matrix_participation({**world, "r": records, "m": {"gap": None}})
    outsider = make_user("south", world["agencies"]["houkatsu_south"], "soudanin")
    callers = {
        "coordinator": _session_cookie(world["users"]["coordinator"]),
        "outsider": _session_cookie(outsider),
        "anonymous": {},
    }
    csrf = "fuzzing" * 4 + "0000"  # any 32 letters: Django compares the cookie with the header
    schema = schemathesis.openapi.from_wsgi(OPENAPI, wsgi_app, config=CONFIG)
    operations = [result.ok() for result in schema.get_all_operations()]
    record_ids = _record_ids(world, records)
    statuses: Counter[tuple[str, int]] = Counter()

    def call(case: Any) -> None:
        server_errors.clear()
        with transaction.atomic():
            response = case.call(cookies={settings.CSRF_COOKIE_NAME: csrf}, headers={"X-CSRFToken": csrf})
            transaction.set_rollback(True)
        statuses[case.operation.label, response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:
            if server_errors:
                exc.add_note(server_errors[-1])
            raise

    started = time.monotonic()
    cases = 0
    failures = []
    for who, cookies in callers.items():
        for operation in operations:
            for name, strategy, examples in _runs(operation, cookies, record_ids):
                ran, failure = _fuzz(strategy, examples, call)
                cases += ran
                if failure:
                    failures.append(f"{operation.label} as {who}, {name} input:\n{failure}")
    elapsed = time.monotonic() - started

    with capsys.disabled():
        print(
            f"\nAPI fuzzing: {len(operations)} operations, {cases} cases as {', '.join(callers)} in {elapsed:.1f}s"
        )
        for operation in operations:
            seen = sorted((status, n) for (label, status), n in statuses.items() if label == operation.label)
            print(f"  {operation.label}: " + ", ".join(f"{status}×{n}" for status, n in seen))
    assert {label for label, _status in statuses} == {operation.label for operation in operations}
    assert not failures, "\n\n".join(failures)
