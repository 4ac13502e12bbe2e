from django.urls import include, path

from kasane.api.api import api

urlpatterns = [
    path("", include("kasane.core.urls")),
    path("accounts/", include("kasane.accounts.urls")),
    path("agencies/", include("kasane.agencies.urls")),
    path("audit/", include("kasane.audit.urls")),
    path("api/v1/", api.urls),
]
