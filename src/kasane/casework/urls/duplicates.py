from django.urls import path

from kasane.casework.views import duplicates as views

app_name = "duplicates"
urlpatterns = [
    path("people/duplicates/", views.duplicate_list, name="list"),
    path("people/duplicates/<int:first_id>-<int:second_id>/", views.pair_detail, name="pair"),
    path("people/duplicates/<int:first_id>-<int:second_id>/merge/", views.pair_merge, name="merge_pair"),
    path(
        "people/duplicates/<int:first_id>-<int:second_id>/different/", views.pair_different, name="different"
    ),
    path(
        "people/duplicates/<int:first_id>-<int:second_id>/same-again/",
        views.pair_same_again,
        name="same_again",
    ),
    path("people/merges/<int:merge_id>/", views.merge_detail, name="merge"),
    path("people/merges/<int:merge_id>/undo/", views.merge_undo, name="undo"),
]
