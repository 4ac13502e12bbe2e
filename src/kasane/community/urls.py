from django.urls import path

from kasane.community.views import coordination, places, platform, residents, year

app_name = "community"

urlpatterns = [
    path("", year.index, name="index"),
    path("year.xlsx", year.export, name="year_export"),
    path("map.pdf", residents.map_pdf, name="map"),
    path("hsds.zip", residents.hsds, name="hsds"),
    path("places/", places.place_list, name="places"),
    path("places/new/", places.place_new, name="place_new"),
    path("places/<int:place_id>/", places.place_detail, name="place"),
    path("places/<int:place_id>/edit/", places.place_edit, name="place_edit"),
    path("places/<int:place_id>/remove/", places.place_remove, name="place_remove"),
    path("places/<int:place_id>/gatherings/new/", places.gathering_new, name="gathering_new"),
    path("gatherings/<int:gathering_id>/edit/", places.gathering_edit, name="gathering_edit"),
    path("gatherings/<int:gathering_id>/delete/", places.gathering_delete, name="gathering_delete"),
    path("coordination/", coordination.coordination_list, name="coordinations"),
    path("coordination/new/", coordination.coordination_new, name="coordination_new"),
    path("coordination/<int:coordination_id>/", coordination.coordination_detail, name="coordination"),
    path(
        "coordination/<int:coordination_id>/edit/", coordination.coordination_edit, name="coordination_edit"
    ),
    path(
        "coordination/<int:coordination_id>/delete/",
        coordination.coordination_delete,
        name="coordination_delete",
    ),
    path("sessions/", platform.session_list, name="sessions"),
    path("sessions/new/", platform.session_new, name="session_new"),
    path("sessions/<int:session_id>/", platform.session_detail, name="session"),
    path("sessions/<int:session_id>/edit/", platform.session_edit, name="session_edit"),
    path("sessions/<int:session_id>/delete/", platform.session_delete, name="session_delete"),
    path("sessions/<int:session_id>/organisations/", platform.organisations, name="organisations"),
    path("sessions/<int:session_id>/results/new/", platform.result_new, name="result_new"),
    path("results/<int:result_id>/delete/", platform.result_delete, name="result_delete"),
    path("sessions/<int:session_id>/materials/new/", platform.material_new, name="material_new"),
    path("materials/<int:material_id>/", platform.material, name="material"),
    path("materials/<int:material_id>/delete/", platform.material_delete, name="material_delete"),
    path(
        "sessions/<int:session_id>/questionnaire/", platform.questionnaire_create, name="questionnaire_create"
    ),
    path(
        "sessions/<int:session_id>/questionnaire/status/",
        platform.questionnaire_status,
        name="questionnaire_status",
    ),
    path(
        "sessions/<int:session_id>/questionnaire/handout/",
        platform.questionnaire_handout,
        name="questionnaire_handout",
    ),
    path(
        "sessions/<int:session_id>/questionnaire/results/",
        platform.questionnaire_results,
        name="questionnaire_results",
    ),
]
