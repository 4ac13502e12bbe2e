from django.urls import path

from kasane.casework.views import cases as views
from kasane.casework.views import sheets as sheet_views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("export.xlsx", views.case_export, name="export"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/team/", views.team_add, name="team_add"),
    path("<int:case_id>/subjects/", views.subjects_edit, name="subjects"),
    path("<int:case_id>/team/<int:member_id>/remove/", views.team_remove, name="team_remove"),
    path("<int:case_id>/assessments/new/", views.assessment_new, name="assessment_new"),
    path("<int:case_id>/plans/new/", views.plan_new, name="plan_new"),
    path("<int:case_id>/notes/", views.note_new, name="note_new"),
    path("<int:case_id>/evaluations/new/", views.evaluation_new, name="evaluation_new"),
    path("plans/<int:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:plan_id>/activate/", views.plan_activate, name="plan_activate"),
    path(
        "consultations/<int:consultation_id>/sheet.pdf",
        sheet_views.consultation_sheet,
        name="sheet_consultation",
    ),
    path("<int:case_id>/assessment.pdf", sheet_views.assessment_sheet, name="sheet_assessment"),
    path("plans/<int:plan_id>/plan.pdf", sheet_views.plan_sheet, name="sheet_plan"),
    path("<int:case_id>/evaluation.pdf", sheet_views.evaluation_sheet, name="sheet_evaluation"),
    path("<int:case_id>/progress.pdf", sheet_views.progress_sheet, name="sheet_progress"),
    path("<int:case_id>/<slug:action>/", views.case_action, name="action"),
]
