"""File names of the 帳票 PDFs, as staff find them again in a folder."""

from __future__ import annotations

from kasane.casework.models import Assessment, Case, ConsentVariant, Consultation, Evaluation, Plan
from kasane.lib.dates import fiscal_number, localtime
from kasane.lib.dates import today as today_in_tokyo

SHEET_NAMES = {
    "consultation": "相談受付票",
    "assessment": "アセスメントシート",
    "plan": "プラン兼事業等利用申込書",
    "evaluation": "評価シート",
    "progress": "支援経過記録",
}


def sheet_filename(kind: str, obj: Consultation | Assessment | Plan | Evaluation | Case) -> str:
    """相談受付票_R8-0012_2026-11-23.pdf: the sheet, the number printed on it (the case's for case sheets) and
    the record's date, so the files of one record sit together in a folder, in date order."""
    if kind not in SHEET_NAMES:
        raise ValueError(f"unknown sheet: {kind}")
    name = SHEET_NAMES[kind]
    if isinstance(obj, Consultation) and kind == "progress":
        # A 相談記録's 経過, printed on the day: its number is the 受付番号.
        return f"{name}_{obj.number}_{today_in_tokyo():%Y-%m-%d}.pdf"
    if isinstance(obj, Consultation):
        if obj.consent_variant == ConsentVariant.WITH:
            name = "相談受付・申込票"
        received = localtime(obj.received_at).date()
        return f"{name}_{fiscal_number(received, obj.pk)}_{received:%Y-%m-%d}.pdf"
    if isinstance(obj, Assessment):
        day, case = obj.assessed_on, obj.case
    elif isinstance(obj, Plan):
        day, case = localtime(obj.created_at).date(), obj.case
    elif isinstance(obj, Evaluation):
        day, case = obj.evaluated_on, obj.case
    else:
        day, case = today_in_tokyo(), obj
    return f"{name}_{case.number}_{day:%Y-%m-%d}.pdf"
