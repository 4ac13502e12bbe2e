from django.urls import path

from kasane.programme.views import counts, document, indicators, plan, published

app_name = "programme"
urlpatterns = [
    path("", counts.overview, name="overview"),
    # The prefecture's view: only what the municipalities published.
    path("published/", published.published_plans, name="published_plans"),
    path("published/<int:version_id>.pdf", published.published_plan_pdf, name="published_plan_pdf"),
    path("national/", counts.national_report, name="national"),
    path("national.xlsx", indicators.national_xlsx, name="national_xlsx"),
    path("indicators/", indicators.year, name="indicators"),
    path("indicators.xlsx", indicators.year_xlsx, name="indicators_xlsx"),
    path("indicators.pdf", indicators.year_pdf, name="indicators_pdf"),
    path("indicators/<int:indicator_id>/records/", indicators.records, name="indicator_records"),
    path("plans/new/", plan.plan_new, name="plan_new"),
    path("plans/<int:period_id>/", plan.plan, name="plan"),
    path("plans/<int:period_id>/publish/", plan.plan_publish, name="plan_publish"),
    path("plans/<int:period_id>/evaluations/<int:year>/", plan.evaluation, name="evaluation"),
    path("plans/<int:period_id>/indicators/new/", plan.indicator_new, name="indicator_new"),
    path("indicators/<int:indicator_id>/edit/", plan.indicator_edit, name="indicator_edit"),
    path("indicators/<int:indicator_id>/delete/", plan.indicator_delete, name="indicator_delete"),
    path("indicators/<int:indicator_id>/survey/new/", plan.survey_measure, name="survey_measure_new"),
    path(
        "indicators/<int:indicator_id>/survey/<int:measure_id>/", plan.survey_measure, name="survey_measure"
    ),
    path(
        "indicators/<int:indicator_id>/survey/<int:measure_id>/delete/",
        plan.survey_measure_delete,
        name="survey_measure_delete",
    ),
]
# The 実施計画 document: its texts, the live 案, the versions kept (programme.views.document).
urlpatterns += [
    path("plans/<int:period_id>/texts/", document.plan_texts, name="plan_texts"),
    path("plans/<int:period_id>/draft.<str:fmt>", document.plan_draft, name="plan_draft"),
    path("plans/<int:period_id>/versions/", document.plan_versions, name="plan_versions"),
    path("plans/<int:period_id>/versions/new/", document.plan_version_new, name="plan_version_new"),
    path(
        "plans/<int:period_id>/versions/<int:number>.<str:fmt>",
        document.plan_version_file,
        name="plan_version_file",
    ),
]
