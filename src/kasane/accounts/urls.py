from django.urls import path

from kasane.accounts import staff_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_code_view, name="login_code"),
    path("logout/", views.logout_view, name="logout"),
    path("me/", views.profile, name="profile"),
    path("me/password/", views.password_change, name="password_change"),
    path("me/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("staff/", staff_views.staff_list, name="staff_list"),
    path("staff/new/", staff_views.staff_new, name="staff_new"),
    path("staff/<int:user_id>/", staff_views.staff_detail, name="staff_detail"),
    path("staff/<int:user_id>/memberships/", staff_views.staff_add_membership, name="staff_add_membership"),
    path(
        "memberships/<int:membership_id>/remove/",
        staff_views.staff_remove_membership,
        name="staff_remove_membership",
    ),
    path("staff/<int:user_id>/password/", staff_views.staff_reset_password, name="staff_reset_password"),
    path(
        "staff/<int:user_id>/two-factor/reset/",
        staff_views.staff_reset_two_factor,
        name="staff_reset_two_factor",
    ),
    path("staff/<int:user_id>/unlock/", staff_views.staff_unlock, name="staff_unlock"),
    path("roles/", staff_views.roles, name="roles"),
]
