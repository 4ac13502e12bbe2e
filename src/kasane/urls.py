from django.urls import include, path

from kasane.api.api import api

urlpatterns = [
    path("", include("kasane.core.urls")),
    path("accounts/", include("kasane.accounts.urls")),
    path("agencies/", include("kasane.agencies.urls")),
    path("audit/", include("kasane.audit.urls")),
    path("", include("kasane.households.urls")),
    path("", include("kasane.consents.urls")),
    path("consultations/", include("kasane.consultations.urls")),
    path("referrals/", include("kasane.referrals.urls")),
    path("cases/", include("kasane.cases.urls")),
    path("meetings/", include("kasane.meetings.urls")),
    path("governance/", include("kasane.governance.urls")),
    path("prefecture/", include("kasane.readiness.urls")),
    path("events/", include("kasane.events.urls")),
    path("questionnaires/", include("kasane.questionnaires.urls")),
    path("q/", include("kasane.questionnaires.public_urls")),
    path("dispatch/", include("kasane.dispatch.urls")),
    path("report/", include("kasane.annual_report.urls")),
    path("api/v1/", api.urls),
]
