from django.urls import path

from kasane.resources.views import register, transfer

app_name = "resources"

urlpatterns = [
    path("", register.index, name="index"),
    path("new/", register.new, name="new"),
    path("list.pdf", register.print_list, name="print"),
    path("<int:service_id>/", register.detail, name="detail"),
    path("<int:service_id>/edit/", register.edit, name="edit"),
    path("export/<str:kind>/", transfer.export, name="export"),
    path("import/", transfer.upload, name="import"),
    path("import/template.xlsx", transfer.template, name="template"),
]
