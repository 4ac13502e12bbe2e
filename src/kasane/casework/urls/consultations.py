from django.urls import path

from kasane.casework.views import consultation_records as records
from kasane.casework.views import consultations as views

app_name = "consultations"
urlpatterns = [
    path("", records.record_list_page, name="list"),
    path("new/", views.consultation_new, name="new"),
    path("<int:consultation_id>/", views.consultation_detail, name="detail"),
    path("<int:consultation_id>/notes/", records.note_new, name="note_new"),
    path("<int:consultation_id>/close/", records.close_record, name="close"),
    path("<int:consultation_id>/reopen/", records.reopen_record, name="reopen"),
    path("<int:consultation_id>/progress.pdf", records.progress_pdf, name="progress_pdf"),
]
