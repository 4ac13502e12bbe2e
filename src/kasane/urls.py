from django.urls import include, path, re_path

from kasane.api.api import api
from kasane.api.errors import unknown_path

urlpatterns = [
    path("", include("kasane.core.urls")),
    path("", include("kasane.home.urls")),
    path("accounts/", include("kasane.accounts.urls")),
    path("accounts/", include("kasane.staff.urls")),
    path("agencies/", include("kasane.agencies.urls")),
    path("audit/", include("kasane.governance.audit_urls")),
    path("", include("kasane.casework.urls.households")),
    path("", include("kasane.casework.urls.duplicates")),
    path("", include("kasane.casework.urls.consents")),
    path("consultations/", include("kasane.casework.urls.consultations")),
    path("referrals/", include("kasane.casework.urls.referrals")),
    path("cases/", include("kasane.casework.urls.cases")),
    path("meetings/", include("kasane.meetings.urls")),
    path("governance/", include("kasane.governance.urls")),
    path("imports/", include("kasane.imports.urls")),
    path("prefecture/", include("kasane.readiness.urls")),
    path("events/", include("kasane.events.urls")),
    path("questionnaires/", include("kasane.questionnaires.urls")),
    path("q/", include("kasane.questionnaires.public_urls")),
    path("e/", include("kasane.events.public_urls")),
    path("dispatch/", include("kasane.dispatch.urls")),
    path("report/", include("kasane.annual_report.urls")),
    path("programme/", include("kasane.programme.urls")),
    path("programme/surveys/", include("kasane.programme.urls_surveys")),
    path("outreach/", include("kasane.outreach.urls")),
    path("resources/", include("kasane.resources.urls")),
    path("participation/", include("kasane.participation.urls")),
    path("community/", include("kasane.community.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", unknown_path),
]
