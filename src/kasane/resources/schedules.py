"""Weekdays as staff write them (「月・水」「毎週火曜」「毎日」「平日」「第2・第4水」「最終金曜」) read into HSDS's
RRULE parts, and back."""

from __future__ import annotations

import re
import unicodedata

from kasane.resources.models import WEEKDAY_LABELS, WEEKDAYS, Frequency

_DAY_OF = {label: code for code, label in WEEKDAY_LABELS.items()}
_NTH = re.compile(r"第([1-5１-５])|(最終)")
_DAYS = re.compile(r"[月火水木金土日]")
# Words that name several days; 毎日曜 is still Sundays.
_SPELLED_OUT = ((re.compile(r"毎日(?!曜)"), "月火水木金土日"), (re.compile("平日"), "月火水木金"))


def parse_days(text: str) -> tuple[str, str]:
    """(freq, byday) for a weekday phrase: 「月・水」 → (WEEKLY, "MO,WE"); 「平日」 → (WEEKLY, "MO,TU,WE,TH,FR");
    「第2・第4水」 → (MONTHLY, "2WE,4WE")."""
    folded = unicodedata.normalize("NFKC", text or "")
    for word, spelled in _SPELLED_OUT:
        folded = word.sub(spelled, folded)
    folded = folded.replace("曜日", "").replace("曜", "")
    folded = folded.replace("毎週", "").replace("毎月", "")
    codes = [_DAY_OF[d] for d in _DAYS.findall(folded)]
    if not codes:
        raise ValueError(f"曜日が読み取れません：「{text}」（例：月・水、毎日、平日、第2・第4水、最終金）")
    nths = [m.group(1) or "-1" for m in _NTH.finditer(folded)]
    days = sorted(set(codes), key=WEEKDAYS.index)
    if nths:
        return Frequency.MONTHLY, ",".join(f"{n}{d}" for n in nths for d in days)
    return Frequency.WEEKLY, ",".join(days)


def days_text(freq: str, byday: str) -> str:
    """The phrase staff read back: parse_days(days_text(f, b)) == (f, b)."""
    parts = [p for p in byday.split(",") if p]
    days = sorted({p[-2:] for p in parts}, key=WEEKDAYS.index)
    names = "・".join(WEEKDAY_LABELS[d] for d in days)
    if freq == Frequency.MONTHLY:
        nths = list(dict.fromkeys(p[:-2] for p in parts))
        return "・".join("最終" if n == "-1" else f"第{n}" for n in nths) + names
    return names
