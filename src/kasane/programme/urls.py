from django.urls import path

from kasane.programme import views

app_name = "programme"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("national/", views.national_report, name="national"),
]
