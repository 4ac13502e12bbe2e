from django.urls import path

from kasane.outreach.views import actions, overview, targets

app_name = "outreach"

urlpatterns = [
    path("", overview.index, name="index"),
    path("targets/new/", targets.target_new, name="target_new"),
    path("targets/<int:target_id>/", targets.target_detail, name="target"),
    path("targets/<int:target_id>/edit/", targets.target_edit, name="target_edit"),
    path("targets/<int:target_id>/contacts/new/", targets.contact_new, name="contact_new"),
    path("targets/<int:target_id>/stage/", actions.stage, name="stage"),
    path("targets/<int:target_id>/hand-over/", actions.hand_over, name="hand_over"),
    path("targets/<int:target_id>/close/", actions.close, name="close"),
    path("targets/<int:target_id>/reopen/", actions.reopen, name="reopen"),
    path("targets/<int:target_id>/person/", actions.link_person, name="link_person"),
    path("targets/<int:target_id>/home-visits/new/", actions.home_visit_new, name="home_visit_new"),
    path("home-visits/<int:visit_id>/return/", actions.home_visit_return, name="home_visit_return"),
    path("agency-visits/", overview.agency_visits, name="agency_visits"),
    path("indicator/", overview.indicator, name="indicator"),
    path("settings/", overview.settings_page, name="settings"),
]
