"""Anonymous answering (mounted at /q/): no login, nothing else reachable from here."""

from django.urls import path

from kasane.questionnaires import public_views

app_name = "answer"
urlpatterns = [
    path("t/<slug:token>/", public_views.answer_link, name="link"),
    path("<slug:slug>/", public_views.answer_open, name="open"),
    path("<slug:slug>/thanks/", public_views.thanks, name="thanks"),
]
