from django.urls import path

from kasane.casework.views import consultations as views

app_name = "consultations"
urlpatterns = [
    path("new/", views.consultation_new, name="new"),
    path("<int:consultation_id>/", views.consultation_detail, name="detail"),
]
