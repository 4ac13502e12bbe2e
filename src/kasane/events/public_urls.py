"""Signing up for an event without an account (mounted at /e/): no login, nothing else reachable from here."""

from django.urls import path

from kasane.events import signup_views

app_name = "signup"
urlpatterns = [
    path("<slug:key>/", signup_views.signup_form, name="form"),
    path("<slug:key>/done/", signup_views.signup_done, name="done"),
]
