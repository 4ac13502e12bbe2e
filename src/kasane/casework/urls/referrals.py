from django.urls import path

from kasane.casework.views import referrals as views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/", views.referral_new, name="new"),
    path("<int:referral_id>/", views.referral_detail, name="detail"),
    path("<int:referral_id>/<slug:action>/", views.referral_action, name="action"),
]
