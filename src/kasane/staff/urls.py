from django.urls import path

from kasane.staff import apikey_views, import_views, views

app_name = "staff"
urlpatterns = [
    path("staff/", views.staff_list, name="list"),
    path("staff/new/", views.staff_new, name="new"),
    path("staff/<int:user_id>/", views.staff_detail, name="detail"),
    path("staff/<int:user_id>/memberships/", views.staff_add_membership, name="add_membership"),
    path(
        "memberships/<int:membership_id>/remove/",
        views.staff_remove_membership,
        name="remove_membership",
    ),
    path("staff/<int:user_id>/password/", views.staff_reset_password, name="reset_password"),
    path(
        "staff/<int:user_id>/two-factor/reset/",
        views.staff_reset_two_factor,
        name="reset_two_factor",
    ),
    path("staff/<int:user_id>/unlock/", views.staff_unlock, name="unlock"),
    path("roles/", views.roles, name="roles"),
    path("setup/", views.first_run, name="first_run"),
    path("staff/import/", import_views.upload, name="import"),
    path("staff/import/template.xlsx", import_views.template, name="import_template"),
    path("staff/import/<int:batch_id>/", import_views.batch_detail, name="import_batch"),
    path("staff/import/<int:batch_id>/apply/", import_views.batch_apply, name="import_apply"),
    path("staff/import/<int:batch_id>/undo/", import_views.batch_undo, name="import_undo"),
    path("apikeys/", apikey_views.apikey_list, name="apikeys"),
    path("apikeys/new/", apikey_views.apikey_new, name="apikey_new"),
    path("apikeys/<int:key_id>/revoke/", apikey_views.apikey_revoke, name="apikey_revoke"),
]
