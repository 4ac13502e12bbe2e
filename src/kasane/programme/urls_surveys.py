"""The municipality's resident surveys (市民意識調査・地域福祉アンケート) that measure the survey indicators."""

from django.urls import path

from kasane.programme.views import surveys

app_name = "programme_surveys"
urlpatterns = [
    path("", surveys.survey_list, name="list"),
    path("new/", surveys.survey_new, name="new"),
    path("<int:survey_id>/", surveys.survey, name="survey"),
    path("<int:survey_id>/status/", surveys.survey_status, name="status"),
    path("<int:survey_id>/handout/", surveys.survey_handout, name="handout"),
    path("<int:survey_id>/answers.xlsx", surveys.survey_xlsx, name="xlsx"),
]
