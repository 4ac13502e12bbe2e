from django.urls import path

from kasane.casework.views import consents as views

app_name = "consents"
urlpatterns = [
    path("people/<int:person_id>/consents/new/", views.consent_new, name="new"),
    path("consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="withdraw"),
    path("consents/<int:consent_id>/document/", views.consent_document, name="document"),
]
