"""帳票 of the case journey as A4 PDFs: 相談受付・申込票, アセスメントシート, プラン兼事業等利用申込書, 評価シート and
支援経過記録, laid out as boxed forms with shaded label cells, filled from the records.

Every sheet reloads its record with the related rows it prints, so the number of queries stays the same
however many roles, members or notes there are. Who may print a sheet is checked by the caller.

One module per sheet; the layout they share is in ``layout`` and the PDF file names in ``filenames``.
"""

from __future__ import annotations

from kasane.casework.sheets.assessment import assessment_sheet
from kasane.casework.sheets.consultation import consultation_sheet
from kasane.casework.sheets.evaluation import evaluation_sheet
from kasane.casework.sheets.filenames import SHEET_NAMES, sheet_filename

# The building blocks meetings.minutes lays the 議事録 out with, so it looks like the other 帳票.
from kasane.casework.sheets.layout import WIDTH as WIDTH
from kasane.casework.sheets.layout import Label as Label
from kasane.casework.sheets.layout import _boxed as _boxed
from kasane.casework.sheets.layout import _build as _build
from kasane.casework.sheets.layout import _fields as _fields
from kasane.casework.sheets.layout import _grid as _grid
from kasane.casework.sheets.layout import _header as _header
from kasane.casework.sheets.layout import _list as _list
from kasane.casework.sheets.layout import _p as _p
from kasane.casework.sheets.layout import _section as _section
from kasane.casework.sheets.plan import plan_sheet
from kasane.casework.sheets.progress import consultation_progress_sheet, progress_sheet

__all__ = [
    "SHEET_NAMES",
    "assessment_sheet",
    "consultation_progress_sheet",
    "consultation_sheet",
    "evaluation_sheet",
    "plan_sheet",
    "progress_sheet",
    "sheet_filename",
]
