from django.urls import path

from kasane.meetings import body_views, item_views, minutes_views, views, work_views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/invite/", views.meeting_invite, name="invite"),
    path("<int:meeting_id>/minutes.pdf", minutes_views.minutes_pdf, name="minutes_pdf"),
    path("<int:meeting_id>/items/support/", views.support_item_new, name="support_item_new"),
    path("<int:meeting_id>/items/promotion/", views.promotion_item_new, name="promotion_item_new"),
    path("items/<int:item_id>/", views.item_detail, name="item"),
    path("items/<int:item_id>/withdraw/", item_views.item_withdraw, name="item_withdraw"),
    path("items/<int:item_id>/move/", item_views.item_move, name="item_move"),
    path("cases/<int:case_id>/submit/", views.case_item_new, name="case_item_new"),
    path("bodies/", body_views.body_list, name="bodies"),
    path("bodies/new/", body_views.body_new, name="body_new"),
    path("bodies/<int:body_id>/", body_views.body_detail, name="body"),
    path("bodies/<int:body_id>/edit/", body_views.body_edit, name="body_edit"),
    path("bodies/<int:body_id>/pledge/", body_views.pledge, name="pledge"),
    path("bodies/<int:body_id>/series/", body_views.series_new, name="series_new"),
    path(
        "bodies/<int:body_id>/members/<int:member_id>/remove/", body_views.member_remove, name="member_remove"
    ),
    path("actions/", work_views.action_list, name="actions"),
    path("actions/<int:action_id>/done/", work_views.action_done, name="action_done"),
    path("gaps/", work_views.gap_list, name="gaps"),
    path("gaps/new/", work_views.gap_edit, name="gap_new"),
    path("gaps/<int:gap_id>/", work_views.gap_edit, name="gap_edit"),
]
