"""What the outreach views share: the errors of a refused form as messages."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest


def form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
