from django.urls import path

from kasane.annual_report import views

app_name = "annual_report"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/report.<str:fmt>", views.download, name="download"),
    path("<int:year>/review/", views.review_edit, name="review"),
]
