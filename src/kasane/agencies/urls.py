from django.urls import path

from kasane.agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.agency_list, name="list"),
    path("new/", views.agency_new, name="new"),
    path("navi/", views.navi_view, name="navi"),
    path("brochure.pdf", views.brochure, name="brochure"),
    path("<int:agency_id>/", views.agency_detail, name="detail"),
    path("<int:agency_id>/edit/", views.agency_edit, name="edit"),
]
