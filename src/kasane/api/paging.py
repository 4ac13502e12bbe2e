"""Paged lists in the API: the rows of one keyset page (kasane.lib.paging) in the body, the whole count in
``X-Total-Count`` and the next page in ``Link: <url>; rel="next"`` (RFC 8288), so a list's body stays a list."""

from __future__ import annotations

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
