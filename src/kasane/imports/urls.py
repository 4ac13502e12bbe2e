from django.urls import path

from kasane.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:batch_id>/", views.batch_detail, name="batch"),
    path("<int:batch_id>/mapping/", views.mapping, name="mapping"),
    path("<int:batch_id>/apply/", views.apply, name="apply"),
    path("<int:batch_id>/undo/", views.undo, name="undo"),
]
