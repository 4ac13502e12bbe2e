"""Who calls the API: a member of staff through the browser's session, or another system with its key.

Two schemes, tried in this order on every operation:

- ``SystemKey``: ``Authorization: Bearer kasane_…``. The key acts through its own account for its agency with
  its scopes (``accounts.apikeys.auth``); no cookie, so no CSRF check. A key that is unknown, revoked or
  expired is answered 401, unless the request also carries a logged-in session, which then decides alone.
- ``SessionCookie``: the logged-in session, with Django's CSRF check on every write (the ``X-CSRFToken``
  header), as the pages' scripts send it.

The OpenAPI document states both, and for writes the session's CSRF header beside its cookie.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import HttpBearer, SessionAuth

from kasane.accounts.apikeys import auth as apikeys

SAFE_METHODS = {"get", "head", "options"}
CSRF_SCHEME = "CsrfToken"
# Django's default header, as its documentation spells it; a deployment's own name as Django reads it.
_DEFAULT_CSRF_HEADER = "HTTP_X_CSRFTOKEN"
CSRF_HEADER = (
    "X-CSRFToken"
    if settings.CSRF_HEADER_NAME == _DEFAULT_CSRF_HEADER
    else settings.CSRF_HEADER_NAME.removeprefix("HTTP_").replace("_", "-")
)


class SystemKey(HttpBearer):
    openapi_description = (
        "他のシステムからの呼び出し用の APIキーです。職員管理の「APIキー」で市の管理者が発行し、"
        "「Authorization: Bearer kasane_…」のヘッダーで送ります。キーは発行した機関の職員として、"
        "発行時に選んだ権限の範囲で動きます（CSRF トークンは不要）。失効・期限切れ・不明のキーには 401 を返し、"
        "権限のない操作には 403 を返します。"
    )

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        key = apikeys.authenticate(token)
        if key is None:
            # A logged-in browser that also sends a header kasane does not know (a proxy's, an extension's):
            # its session decides, with the session's CSRF check. A system, which has no session, is refused.
            if request.user.is_authenticated:
                return None
            raise AuthenticationError
        # What the session middleware sets for staff (accounts.middleware.IdleTimeoutMiddleware).
        request.user = key.user
        request.municipality = key.agency.municipality  # type: ignore[attr-defined]
        return key.user


class SessionCookie(SessionAuth):
    openapi_description = (
        "ブラウザでログインした職員のセッション（Cookie）です。登録・変更の操作（GET 以外）では、"
        f"CSRF トークンを {CSRF_HEADER} ヘッダーでも送ってください。"
    )


CSRF_SECURITY = {
    "type": "apiKey",
    "in": "header",
    "name": CSRF_HEADER,
    "description": (
        f"セッションで登録・変更するときの CSRF トークンです（Cookie「{settings.CSRF_COOKIE_NAME}」の値）。"
        "APIキーでの呼び出しには不要です。"
    ),
}


class KasaneAPI(NinjaAPI):
    """The document django-ninja writes, with the CSRF header required beside the session on writes."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"].setdefault("securitySchemes", {})[CSRF_SCHEME] = CSRF_SECURITY
        session = SessionCookie.__name__
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                if method in SAFE_METHODS:
                    continue
                operation["security"] = [
                    {**requirement, CSRF_SCHEME: []} if session in requirement else requirement
                    for requirement in operation.get("security", [])
                ]
        return schema


SYSTEM_KEY = SystemKey()
SESSION = SessionCookie()
