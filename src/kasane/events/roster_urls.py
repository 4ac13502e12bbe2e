"""The participant list in and out: import, the day's papers, exports (included by events/urls.py)."""

from django.urls import path

from kasane.events import roster_views, sheet_views

urlpatterns = [
    path("<int:event_id>/participants/import/", roster_views.roster_import_page, name="roster_import"),
    path(
        "<int:event_id>/participants/import/confirm/",
        roster_views.roster_import_confirm,
        name="roster_import_confirm",
    ),
    path("<int:event_id>/participants/import/<slug:batch>/", roster_views.roster_batch, name="roster_batch"),
    path(
        "<int:event_id>/participants/import/<slug:batch>/undo/", roster_views.roster_undo, name="roster_undo"
    ),
    path("participants/import-template/", roster_views.roster_template, name="roster_template"),
    path("<int:event_id>/participants/sign-in-sheet/", sheet_views.sign_in_sheet, name="sign_in_sheet"),
    path("<int:event_id>/participants/name-tags/", sheet_views.name_tags, name="name_tags"),
    path("<int:event_id>/participants/certificates/", sheet_views.certificates, name="certificates"),
    path("participants/<int:registration_id>/certificate/", sheet_views.certificate, name="certificate"),
    path(
        "<int:event_id>/participants/export/<slug:fmt>/",
        sheet_views.participants_export,
        name="participants_export",
    ),
]
