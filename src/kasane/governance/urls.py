from django.urls import path

from kasane.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.index, name="index"),
    path("disclosures/", views.request_list, name="requests"),
    path("disclosures/new/", views.request_new, name="request_new"),
    path("disclosures/<int:request_id>/", views.request_detail, name="request"),
    path("disclosures/<int:request_id>/person/", views.request_person, name="request_person"),
    path(
        "disclosures/<int:request_id>/report.pdf", views.request_produce, {"fmt": "pdf"}, name="request_pdf"
    ),
    path(
        "disclosures/<int:request_id>/report.json",
        views.request_produce,
        {"fmt": "json"},
        name="request_json",
    ),
    path("retention/", views.retention_page, name="retention"),
    path("retention/policy/", views.retention_policy, name="retention_policy"),
    path("retention/apply/", views.retention_apply, name="retention_apply"),
]
