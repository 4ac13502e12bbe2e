"""For residents: the A4 地域の居場所マップ・一覧 (PDF) and the same places as open data (HSDS), the file a
municipality publishes on its website. Read by every member of staff (``directory.view``)."""

from __future__ import annotations

import io
import json
import zipfile

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from kasane import audit
from kasane.accounts.access import permission_required
from kasane.audit.actor import actor_of
from kasane.community import queries
from kasane.community.access import municipality_of
from kasane.lib.dates import today
from kasane.lib.exports import attachment_response
from kasane.resources import hsds as hsds_document
from kasane.resources import hsds_tabular
from kasane.tenancy.models import Area, Municipality


def _logged(request: HttpRequest, municipality: Municipality, **details: object) -> None:
    with transaction.atomic():
        audit.log("community.exported", actor=actor_of(request), municipality=municipality, details=details)


@permission_required("directory.view")
@require_GET
def map_pdf(request: HttpRequest) -> HttpResponse:
    # reportlab is imported only when a PDF is asked for, keeping it off every other request's path.
    from kasane.community import residents_pdf  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

    municipality = municipality_of(request)
    areas = list(Area.objects.filter(municipality=municipality).order_by("sort_order", "name"))
    area = None
    if request.GET.get("area"):
        area = next((a for a in areas if str(a.pk) == request.GET["area"]), None)
        if area is None:
            raise Http404
    body = residents_pdf.map_pdf(
        municipality, queries.map_places(municipality, area), [area] if area else areas, area=area
    )
    _logged(request, municipality, format="pdf", area=area.pk if area else None)
    suffix = f"_{area.name}" if area else ""
    return attachment_response(
        body, f"{residents_pdf.TITLE}_{municipality.name}{suffix}_{today():%Y%m%d}.pdf", "application/pdf"
    )


def open_data_zip(municipality: Municipality) -> tuple[bytes, int]:
    """The places on the map in HSDS's public form: the tabular files and the compiled objects
    (``services.json``) in one ZIP; with how many services it holds."""
    document = hsds_document.export_document(
        municipality, services=queries.map_services(municipality), public=True
    )
    tabular = hsds_tabular.export_tabular_zip(municipality, document=document)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
        zipfile.ZipFile(io.BytesIO(tabular)) as tables,
    ):
        for name in tables.namelist():
            archive.writestr(name, tables.read(name))
        archive.writestr("services.json", json.dumps(document, ensure_ascii=False, indent=2))
    return out.getvalue(), len(document)


@permission_required("directory.view")
@require_GET
def hsds(request: HttpRequest) -> HttpResponse:
    municipality = municipality_of(request)
    body, count = open_data_zip(municipality)
    _logged(request, municipality, format="hsds", services=count)
    filename = f"地域の居場所_オープンデータ_HSDS_{municipality.name}_{today():%Y%m%d}.zip"
    return attachment_response(body, filename, "application/zip")
