"""Idempotency keys on creates: a system that sends a create again (a timeout, a retry) gets the first answer
instead of a second record.

The caller sends ``Idempotency-Key: <up to 200 visible ASCII characters>``. Within 24 hours, the same key from
the same user (a key acts as its own user) with the same operation and body gets the first answer again, status
and body, without writing; with another operation or body it gets 422. Only a create that succeeded is kept; a
refused one may be sent again, corrected, under the same key.

Nothing personal is stored: the request's fingerprint and the created record's kind and number. The answer is
shown again through the record's access helper, so a caller who has since lost sight of the record gets 404,
and the read is in the audit trail like any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from ninja import Header, Status

from kasane.api.models import IdempotencyKey

KEPT = dt.timedelta(hours=24)
HEADER = "Idempotency-Key"
KEY_DESCRIPTION = (
    "同じ登録を二重に行わないためのキーです（英数字・記号で200文字まで）。24時間以内に同じキーで同じ内容を送ると、"
    "登録はせずに最初の応答を返します。同じキーで内容が違うときは 422 を返します。"
)
# Visible ASCII only: the key is the caller's own (a UUID, an order number), never personal data.
KeyHeader = Annotated[
    str | None,
    Header(
        alias=HEADER, description=KEY_DESCRIPTION, min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$"
    ),
]
KEY_REUSED = (
    "この Idempotency-Key は、24時間以内に別の内容の登録で使われています。"
    "新しい登録には新しいキーを指定してください。"
)


def fingerprint(request: HttpRequest) -> str:
    """The request as a keyed hash: equal for an identical request, and no way to confirm a guessed body (a
    name and birth date) by hashing it, for anyone who reads the table without the server's secret."""
    message = f"{request.method} {request.path}\n".encode() + request.body
    return salted_hmac("kasane.api.idempotency", message, algorithm="sha256").hexdigest()


def _caller(request: HttpRequest) -> int:
    """The user the request acts as: the member of staff, or the key's own account."""
    pk = request.user.pk
    assert pk is not None  # every operation is authenticated before it runs
    return pk


def _earlier(request: HttpRequest, key: str) -> IdempotencyKey | None:
    return IdempotencyKey.objects.filter(
        user_id=_caller(request), key=key, created_at__gte=timezone.now() - KEPT
    ).first()


def _replay(request: HttpRequest, earlier: IdempotencyKey, show: Callable[[int], Any]) -> Status[Any]:
    if earlier.fingerprint != fingerprint(request):
        return Status(
            422, {"detail": KEY_REUSED, "errors": [{"loc": ["header", HEADER], "message": KEY_REUSED}]}
        )
    return Status(earlier.status, show(earlier.record_id))


def create_once(
    request: HttpRequest,
    key: str | None,
    kind: str,
    create: Callable[[], Status[Any]],
    show: Callable[[int], Any],
) -> Status[Any]:
    """Run ``create`` (which answers 201 with the new record's ``id`` in its body, or a refusal) once per key.

    ``show`` renders a record created earlier, loading it through its access helper. Loading and checking
    access belong before this call: ``create`` runs in one transaction with the key's row, so that a request
    racing with the same key is rolled back whole and answered with the first one's record.
    """
    if key is not None and (earlier := _earlier(request, key)) is not None:
        return _replay(request, earlier, show)
    try:
        with transaction.atomic():
            answer = create()
            if key is not None and answer.status_code == 201:
                # Rows older than 24 hours hold no key any more (this one's, if it was used before, among them).
                IdempotencyKey.objects.filter(
                    user_id=_caller(request), created_at__lt=timezone.now() - KEPT
                ).delete()
                IdempotencyKey.objects.create(
                    user_id=_caller(request),
                    key=key,
                    fingerprint=fingerprint(request),
                    kind=kind,
                    record_id=answer.value["id"],
                    status=answer.status_code,
                    created_at=timezone.now(),
                )
    except IntegrityError:
        if key is None or (earlier := _earlier(request, key)) is None:
            raise
        return _replay(request, earlier, show)
    return answer
