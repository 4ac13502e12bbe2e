from django.urls import include, path

from kasane.readiness import import_views, rating_views, region_views, sheet_views, views

app_name = "readiness"
urlpatterns = [
    path("", views.index, name="index"),
    path("regions/", include(region_views.urlpatterns)),
    path("import/", import_views.upload, name="import"),
    path("import/history/", import_views.history, name="import_history"),
    path("import/<int:batch_id>/", import_views.batch_detail, name="import_batch"),
    path("import/<int:batch_id>/apply/", import_views.batch_apply, name="import_apply"),
    path("import/<int:batch_id>/undo/", import_views.batch_undo, name="import_undo"),
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
    path("ratings/", rating_views.rating_table, name="ratings"),
    path("ratings/export/<str:fmt>/", rating_views.ratings_export, name="ratings_export"),
    path("municipalities/<int:municipality_id>/rate-all/", rating_views.rate_all, name="rate_all"),
    path("municipalities/<int:municipality_id>/trend/", rating_views.trend, name="trend"),
]
