"""事業報告書: the outline on screen and the three files (PDF, Word, PowerPoint) from one assembly."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from kasane import audit
from kasane.accounts.models import Membership
from kasane.annual_report import assemble, review
from kasane.annual_report.document import Chart, Heading, Report, Section, Table
from kasane.annual_report.forms import ReviewForm
from kasane.audit.actor import actor_of
from kasane.lib.dates import fiscal_year, fiscal_year_label, today
from kasane.lib.exports import _disposition
from kasane.readiness import support_settings
from kasane.readiness.access import support_staff_required

FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}


def _years() -> list[int]:
    current = fiscal_year(today())
    return [current - n for n in range(4)]


def _author() -> str:
    return getattr(settings, "KASANE_REPORT_AUTHOR", "")


def _contractor_name(request: HttpRequest) -> str:

    membership = (
        Membership.objects.filter(
            agency__prefecture=request.prefecture,  # type: ignore[attr-defined]
            agency__municipality=None,
            role__code="backup_contractor",
            is_active=True,
        )
        .select_related("agency")
        .first()
    )
    return membership.agency.contractor or membership.agency.name if membership else _author()


def _outline(report: Report) -> list[tuple[Section, list[str], int, int]]:
    """Each chapter with its headings and how many tables and charts it holds, for the page's contents."""
    return [
        (
            section,
            [b.text for b in section.blocks if isinstance(b, Heading) and b.level <= 2],
            sum(isinstance(b, Table) for b in section.blocks),
            sum(isinstance(b, Chart) for b in section.blocks),
        )
        for section in report.sections
    ]


@support_staff_required
def index(request: HttpRequest) -> HttpResponse:
    years = _years()
    chosen = request.GET.get("year", str(years[0]))
    year = int(chosen) if chosen.isdigit() and int(chosen) in years else years[0]
    report = assemble.build(request.prefecture, year, today=today(), author=_contractor_name(request))  # type: ignore[attr-defined]
    return render(
        request,
        "annual_report/index.html",
        {
            "nav": "report",
            "report": report,
            "outline": _outline(report),
            "years": [(y, fiscal_year_label(y)) for y in years],
            "year": year,
            "year_label": fiscal_year_label(year),
            "slides": sum(len(s.slides) for s in report.sections) + 2,
            "review": review.of(request.prefecture, year),  # type: ignore[attr-defined]
            "min_sample": support_settings.min_sample(request.prefecture),  # type: ignore[attr-defined]
        },
    )


@support_staff_required
def download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    if year not in _years() or fmt not in FORMATS:
        raise Http404
    day = today()
    report = assemble.build(request.prefecture, year, today=day, author=_contractor_name(request))  # type: ignore[attr-defined]
    if fmt == "pdf":
        from kasane.annual_report import render_pdf  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

        body = render_pdf.render(report, made_on=day)
    elif fmt == "docx":
        from kasane.annual_report import render_docx  # noqa: PLC0415 - python-docx loads when a Word file is asked for

        body = render_docx.render(report)
    else:
        from kasane.annual_report import render_pptx  # noqa: PLC0415 - python-pptx loads when slides are asked for

        body = render_pptx.render(report)
    audit.log("annual_report.exported", actor=actor_of(request), details={"fiscal_year": year, "format": fmt})
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = _disposition(
        f"{fiscal_year_label(year)}_後方支援事業実施報告書.{extension}"
    )
    return response


@support_staff_required
@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, year: int) -> HttpResponse:
    if year not in _years():
        raise Http404
    prefecture = request.prefecture  # type: ignore[attr-defined]
    found = review.of(prefecture, year)
    initial = {"text": found.text if found else "", "min_sample": support_settings.min_sample(prefecture)}
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        review.save(prefecture=prefecture, year=year, actor=actor_of(request), **form.cleaned_data)
        messages.success(request, f"{fiscal_year_label(year)}の総括・考察と集計の設定を保存しました。")
        return redirect(f"{reverse('annual_report:index')}?year={year}")
    context = {
        "nav": "report",
        "form": form,
        "year": year,
        "year_label": fiscal_year_label(year),
        "review": found,
    }
    return render(request, "annual_report/review_form.html", context)
