"""Paged lists in the API: the rows of one keyset page (kasane.lib.paging) in the body, the whole count in
``X-Total-Count`` and the next page in ``Link: <url>; rel="next"`` (RFC 8288), so a list's body stays a list."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from kasane.lib.paging import Page

MAX_SIZE = 200


def page_size(size: int, default: int) -> int:
    """The rows asked for a page, kept between 1 and MAX_SIZE (0 or less is the default)."""
    return default if size <= 0 else min(size, MAX_SIZE)


def paged(request: HttpRequest, response: HttpResponse, page: Page) -> None:
    response["X-Total-Count"] = str(page.total)
    if page.next_cursor:
        query = request.GET.copy()
        query["cursor"] = page.next_cursor
        response["Link"] = f'<{request.build_absolute_uri(request.path)}?{query.urlencode()}>; rel="next"'


def numbered(request: HttpRequest, response: HttpResponse, rows: Any, page: int, size: int) -> list[Any]:
    """Page ``page`` (from 1) of ``rows`` (a queryset, or a list already filtered), ``size`` at a time, for the
    lists paged by number (``?page=N``): the whole count in ``X-Total-Count`` and the next page in ``Link``,
    as the keyset-paged lists give them."""
    start = (page - 1) * size
    shown = list(rows[start : start + size + 1])
    total = len(rows) if isinstance(rows, list) else rows.count()
    response["X-Total-Count"] = str(total)
    if len(shown) > size:
        query = request.GET.copy()
        query["page"] = str(page + 1)
        response["Link"] = f'<{request.build_absolute_uri(request.path)}?{query.urlencode()}>; rel="next"'
    return shown[:size]


def whole(response: HttpResponse, rows: list[Any]) -> list[Any]:
    """A list answered whole (the municipality's agencies, topics, areas): its count in ``X-Total-Count``."""
    response["X-Total-Count"] = str(len(rows))
    return rows
