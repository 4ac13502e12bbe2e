from django.urls import path

from kasane.dispatch import export_views, hub_views, library_views, record_views, views

app_name = "dispatch"
urlpatterns = [
    path("", views.dispatch_list, name="list"),
    path("new/", views.dispatch_new, name="new"),
    path("<int:dispatch_id>/", views.dispatch_detail, name="detail"),
    path("<int:dispatch_id>/edit/", views.dispatch_edit, name="edit"),
    path("<int:dispatch_id>/decide/", views.dispatch_decide, name="decide"),
    path("<int:dispatch_id>/withdraw/", views.dispatch_withdraw, name="withdraw"),
    path("<int:dispatch_id>/conclude/", views.dispatch_conclude, name="conclude"),
    path("<int:dispatch_id>/hearings/new/", record_views.hearing_new, name="hearing_new"),
    path("hearings/<int:hearing_id>/", record_views.hearing_edit, name="hearing_edit"),
    path("<int:dispatch_id>/goals/new/", record_views.goal_new, name="goal_new"),
    path("goals/<int:goal_id>/", record_views.goal_edit, name="goal_edit"),
    path("goals/<int:goal_id>/actions/new/", record_views.action_new, name="action_new"),
    path("goals/<int:goal_id>/outcome/", record_views.outcome, name="outcome"),
    path("actions/<int:action_id>/done/", record_views.action_done, name="action_done"),
    path("<int:dispatch_id>/workshops/new/", record_views.workshop_new, name="workshop_new"),
    path("workshops/<int:workshop_id>/", record_views.workshop_edit, name="workshop_edit"),
    path("workshops/<int:workshop_id>/worksheets/new/", record_views.worksheet_new, name="worksheet_new"),
    path("worksheets/<int:entry_id>/", record_views.worksheet_edit, name="worksheet_edit"),
    path("experts/", library_views.expert_list, name="experts"),
    path("experts/new/", library_views.expert_edit, name="expert_new"),
    path("experts/<int:expert_id>/", library_views.expert_edit, name="expert_edit"),
    path("practices/", library_views.practice_list, name="practices"),
    path("practices/new/", library_views.practice_edit, name="practice_new"),
    path("practices/<int:practice_id>/", library_views.practice_detail, name="practice"),
    path("practices/<int:practice_id>/edit/", library_views.practice_edit, name="practice_edit"),
    path("hub/", hub_views.hub_page, name="hub"),
    path("export.<str:fmt>", export_views.dispatch_export, name="export"),
]
