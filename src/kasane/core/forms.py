from django.forms.renderers import TemplatesSetting


class KasaneFormRenderer(TemplatesSetting):
    """Renders every form field the same accessible way: label, required tag, help, error, input."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
