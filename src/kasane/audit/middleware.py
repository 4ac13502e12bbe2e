"""One append to the audit trail per request for the reads a page makes."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from kasane.audit.trail import batched


class AuditBatchMiddleware:
    """The reads a page records outside a transaction (each record shown, each search) are appended together
    when the view has answered and before the response leaves; a failed append fails the request. Placed
    near the top of ``MIDDLEWARE`` so that the entries of the middleware below it are batched too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with batched():
            return self.get_response(request)
