from django.urls import path

from kasane.staff import views

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
]
