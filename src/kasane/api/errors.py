"""Error answers of the API: always JSON, always in Japanese, always in the shapes the document declares.

django-ninja answers a missing session, input that does not fit the document and an unreadable body in
English and, for bad input, with pydantic's own error list. These handlers turn each into
``ErrorOut`` (``{"detail": ...}``) or, for 422, ``ValidationErrorOut`` with one Japanese message per field.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

MESSAGES = {
    401: "ログインしてください。",
    403: "この操作を行う権限がありません。",
    # Records without a basis answer exactly like records that do not exist.
    404: "見つかりません。",
    422: "入力内容に誤りがあります。",
}

# django-ninja's own messages for refusals it makes before a view runs.
NINJA_MESSAGES = {
    "Cannot parse request body": "リクエスト本文を JSON として読み取れません。",
    "CSRF check Failed": "CSRF トークンの確認に失敗しました。ページを読み込み直してから操作してください。",
}

# pydantic error types → what to tell the caller; the context (limits) comes from the error itself.
FIELD_MESSAGES = {
    "missing": "必須です。",
    "int_type": "整数で指定してください。",
    "int_parsing": "整数で指定してください。",
    "int_from_float": "整数で指定してください。",
    "greater_than_equal": "{ge} 以上の値を指定してください。",
    "less_than_equal": "{le} 以下の値を指定してください。",
    "string_type": "文字列で指定してください。",
    "string_too_long": "{max_length} 文字以内で指定してください。",
    "string_pattern_mismatch": "使用できない文字が含まれています。",
    "date_type": "日付は YYYY-MM-DD の形で指定してください。",
    "date_parsing": "日付は YYYY-MM-DD の形で指定してください。",
    "date_from_datetime_parsing": "日付は YYYY-MM-DD の形で指定してください。",
    "date_from_datetime_inexact": "日付は YYYY-MM-DD の形で指定してください。",
    "enum": "指定できる値ではありません。",
    "literal_error": "指定できる値ではありません（{expected}）。",
    "list_type": "配列で指定してください。",
    "model_attributes_type": "オブジェクトで指定してください。",
    "dict_type": "オブジェクトで指定してください。",
}


def field_message(error: dict[str, Any]) -> str:
    template = FIELD_MESSAGES.get(error.get("type", ""), "値が正しくありません。")
    try:
        return template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return "値が正しくありません。"


def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any path under /api/ that names no operation: JSON in Japanese, like every other answer of the API."""
    return JsonResponse({"detail": MESSAGES[404]}, status=404, json_dumps_params={"ensure_ascii": False})


def install(api: NinjaAPI) -> None:
    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": MESSAGES[404]}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": MESSAGES[403]}, status=403)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": MESSAGES[401]}, status=401)

    @api.exception_handler(HttpError)
    def refused(request: HttpRequest, exc: HttpError) -> HttpResponse:
        detail = NINJA_MESSAGES.get(exc.message, exc.message)
        return api.create_response(request, {"detail": detail}, status=exc.status_code)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [{"loc": list(e.get("loc", [])), "message": field_message(e)} for e in exc.errors]
        return api.create_response(request, {"detail": MESSAGES[422], "errors": errors}, status=422)
