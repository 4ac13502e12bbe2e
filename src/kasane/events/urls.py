from django.urls import path

from kasane.events import (
    grouping_views,
    invitation_views,
    material_views,
    participation_views,
    signup_staff_views,
    views,
)
from kasane.events.roster_urls import urlpatterns as roster_urlpatterns

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_new, name="new"),
    path("<int:event_id>/", views.event_detail, name="detail"),
    path("<int:event_id>/edit/", views.event_edit, name="edit"),
    path("<int:event_id>/programme/", views.programme_edit, name="programme"),
    path("<int:event_id>/register/", participation_views.register, name="register"),
    path("<int:event_id>/cancel/", participation_views.cancel, name="cancel"),
    path("<int:event_id>/participants/", participation_views.registrations, name="registrations"),
    path("<int:event_id>/participants/new/", participation_views.registration_new, name="registration_new"),
    path(
        "participants/<int:registration_id>/",
        participation_views.registration_edit,
        name="registration_edit",
    ),
    path(
        "participants/<int:registration_id>/delete/",
        participation_views.registration_delete,
        name="registration_delete",
    ),
    path("<int:event_id>/groups/", grouping_views.event_groups, name="groups"),
    path("<int:event_id>/signup/", signup_staff_views.signup_settings, name="signup_settings"),
    path("<int:event_id>/signup/qr.png", signup_staff_views.signup_qr, name="signup_qr"),
    path("<int:event_id>/invitations/", invitation_views.invitations_page, name="invitations"),
    path("<int:event_id>/invitations/send/", invitation_views.invitations_send, name="invitations_send"),
    path("<int:event_id>/materials/new/", material_views.material_new, name="material_new"),
    path("materials/<int:material_id>/", material_views.material, name="material"),
    path("materials/<int:material_id>/delete/", material_views.material_delete, name="material_delete"),
]
urlpatterns += roster_urlpatterns
