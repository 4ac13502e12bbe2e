from django.urls import path

from kasane.participation.views import developments, engagements, matching, placements

app_name = "participation"

urlpatterns = [
    path("", engagements.index, name="index"),
    path("new/", engagements.start, name="start"),
    path("<int:engagement_id>/", engagements.detail, name="detail"),
    path("<int:engagement_id>/urgent/", engagements.urgent, name="urgent"),
    path("<int:engagement_id>/case/", engagements.link_case, name="link_case"),
    path("<int:engagement_id>/review/", engagements.review, name="review"),
    path("<int:engagement_id>/end/", engagements.end, name="end"),
    path("<int:engagement_id>/assessment/", matching.assess, name="assess"),
    path("<int:engagement_id>/match/", matching.match, name="match"),
    path("placements/<int:placement_id>/", placements.placement, name="placement"),
    path("placements/<int:placement_id>/stage/", placements.stage, name="stage"),
    path("placements/<int:placement_id>/host/", placements.host, name="host"),
    path("placements/<int:placement_id>/consent/", placements.consent, name="consent"),
    path(
        "placements/<int:placement_id>/consent/<int:consent_id>/withdraw/",
        placements.withdraw,
        name="withdraw",
    ),
    path("placements/<int:placement_id>/sheet.pdf", placements.sheet, name="sheet"),
    path("placements/<int:placement_id>/notes/", placements.host_note, name="host_note"),
    path("placements/<int:placement_id>/follow-up/", placements.follow_up, name="follow_up"),
    path("developments/", developments.developments, name="developments"),
    path("developments/<int:development_id>/", developments.development_detail, name="development"),
    path("developments/<int:development_id>/approach/", developments.approach, name="approach"),
    path("developments/<int:development_id>/close/", developments.close, name="close"),
]
