"""File names of the 帳票 PDFs, as staff find them again in a folder."""

from __future__ import annotations

from kasane.casework.models import Assessment, Case, ConsentVariant, Consultation, Evaluation, Plan
from kasane.lib.dates import localtime
from kasane.lib.dates import today as today_in_tokyo

SHEET_NAMES = {
    "consultation": "相談受付票",
    "assessment": "アセスメントシート",
    "plan": "プラン兼事業等利用申込書",
    "evaluation": "評価シート",
    "progress": "支援経過記録",
}


def sheet_filename(kind: str, obj: Consultation | Assessment | Plan | Evaluation | Case) -> str:
    """相談受付票_2026-11-23_#12.pdf: the sheet, the record's date, and its number (the case's for case sheets)."""
    if kind not in SHEET_NAMES:
        raise ValueError(f"unknown sheet: {kind}")
    name = SHEET_NAMES[kind]
    if isinstance(obj, Consultation) and kind == "progress":
        # A 相談記録's 経過, printed on the day: its number is the 受付番号.
        return f"{name}_{today_in_tokyo():%Y-%m-%d}_受付#{obj.pk}.pdf"
    if isinstance(obj, Consultation):
        if obj.consent_variant == ConsentVariant.WITH:
            name = "相談受付・申込票"
        return f"{name}_{localtime(obj.received_at):%Y-%m-%d}_#{obj.pk}.pdf"
    if isinstance(obj, Assessment):
        day, number = obj.assessed_on, obj.case_id
    elif isinstance(obj, Plan):
        day, number = localtime(obj.created_at).date(), obj.case_id
    elif isinstance(obj, Evaluation):
        day, number = obj.evaluated_on, obj.case_id
    else:
        day, number = today_in_tokyo(), obj.pk
    return f"{name}_{day:%Y-%m-%d}_#{number}.pdf"
