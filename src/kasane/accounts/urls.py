from django.urls import path

from kasane.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_code_view, name="login_code"),
    path("logout/", views.logout_view, name="logout"),
    path("me/", views.profile, name="profile"),
    path("me/password/", views.password_change, name="password_change"),
    path("me/password/new/", views.set_password, name="set_password"),
    path("me/two-factor/", views.two_factor_setup, name="two_factor_setup"),
]
