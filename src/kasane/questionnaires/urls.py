from django.urls import path

from kasane.questionnaires import builder_views, distribution_views, results_views, views

app_name = "questionnaires"
urlpatterns = [
    path("", views.questionnaire_list, name="list"),
    path("new/", views.questionnaire_new, name="new"),
    path("<int:questionnaire_id>/", views.questionnaire_detail, name="detail"),
    path("<int:questionnaire_id>/edit/", views.questionnaire_edit, name="edit"),
    path("<int:questionnaire_id>/status/", views.questionnaire_status, name="status"),
    path("<int:questionnaire_id>/delete/", views.questionnaire_delete, name="delete"),
    path("<int:questionnaire_id>/preview/", views.questionnaire_preview, name="preview"),
    path("<int:questionnaire_id>/questions/new/", builder_views.question_new, name="question_new"),
    path(
        "<int:questionnaire_id>/questions/<int:question_id>/",
        builder_views.question_edit,
        name="question_edit",
    ),
    path(
        "<int:questionnaire_id>/questions/<int:question_id>/move/",
        builder_views.question_move,
        name="question_move",
    ),
    path(
        "<int:questionnaire_id>/questions/<int:question_id>/delete/",
        builder_views.question_delete,
        name="question_delete",
    ),
    path("<int:questionnaire_id>/handout/", distribution_views.handout, name="handout"),
    path("<int:questionnaire_id>/links/", distribution_views.links, name="links"),
    path("<int:questionnaire_id>/links/sheet/", distribution_views.links_sheet, name="links_sheet"),
    path("<int:questionnaire_id>/results/", results_views.results_page, name="results"),
    path("<int:questionnaire_id>/compare/", results_views.compare_page, name="compare"),
    path("<int:questionnaire_id>/free-text/", results_views.free_text, name="free_text"),
    path("<int:questionnaire_id>/results.xlsx", results_views.export_xlsx, name="export"),
]
