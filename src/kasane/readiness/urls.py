from django.urls import path

from kasane.readiness import sheet_views, views

app_name = "readiness"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_municipalities, name="import"),
    path("sheets/compare/", sheet_views.sheet_compare, name="sheet_compare"),
    path("sheets/<int:sheet_id>/", sheet_views.sheet_detail, name="sheet"),
    path("sheets/<int:sheet_id>/edit/", sheet_views.sheet_edit, name="sheet_edit"),
    path("sheets/<int:sheet_id>/submit/", sheet_views.sheet_submit, name="sheet_submit"),
    path("municipalities/<int:municipality_id>/", views.municipality_detail, name="municipality"),
    path("municipalities/<int:municipality_id>/edit/", views.profile_edit, name="profile_edit"),
    path("municipalities/<int:municipality_id>/sheets/", sheet_views.sheet_history, name="sheet_history"),
    path("municipalities/<int:municipality_id>/sheets/new/", sheet_views.sheet_new, name="sheet_new"),
    path("municipalities/<int:municipality_id>/rate/", views.rate, name="rate"),
    path("municipalities/<int:municipality_id>/publish/", views.publish, name="publish"),
]
