from django.urls import path

from kasane.casework.views import households as views

app_name = "households"
urlpatterns = [
    path("people/", views.person_search, name="search"),
    path("people/new/", views.person_new, name="person_new"),
    path("people/<int:person_id>/", views.person_detail, name="person"),
    path("people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("households/<int:household_id>/", views.household_detail, name="household"),
    path("households/<int:household_id>/members/new/", views.member_new, name="member_new"),
]
