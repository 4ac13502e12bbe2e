"""国への報告: which items of each 帳票 feed a national count, marked ※ on screen, on every A4 sheet and in the
支援ケース一覧. One registry per form, so a page, a sheet and an export ask the same question.

Which items carry the 太枠 on MHLW's 2021 重層 sheets could not be confirmed from the public copies
(../shared/reference/mhlw-forms.md §1, §4). The marks follow what the sources say is reported: the
支援状況調査's counts and the attributes of new consultees it collects (S7–S11), the 重層 実績 (S12), and S1's
note that the 国への報告事項 are on the インテーク・アセスメントシート. ``kasane.programme.national`` computes the
counts among them; a marked item no count reads yet (把握ルート, 相談内容, the assessment's copies of the intake's
facts, 就労開始日) is one the survey's forms ask for. Where the sources disagree we chose so:

- 把握ルート, not 相談方法, is the survey's 相談経路 (who brought the case), so the ※ moved from 相談方法
  (来所・電話・訪問) to the new 把握ルート.
- 性別 and 年代 are marked: new consultees are broken down by them (S8).
- 就労状況 and 課題の特性 are marked on the intake and the assessment (S8, S10).
"""

from __future__ import annotations

from types import MappingProxyType

REPORTED = MappingProxyType(
    {
        "consultation": frozenset(
            {
                "received_at",
                "route",
                "sex",
                "age",
                "topics",
                "situations",
                "employment",
                "issues",
                "response",
            }
        ),
        "assessment": frozenset({"sex", "age", "employment", "welfare", "issues", "situations", "result"}),
        "plan": frozenset({"programmes", "employment_support", "decided_on"}),
        "evaluation": frozenset(
            {"improvements", "employed", "employed_on", "income_increased", "closure_code"}
        ),
        "progress": frozenset(),
        "case_list": frozenset(
            {
                "sex",
                "age",
                "opened_on",
                "route",
                "status",
                "decided_on",
                "programmes",
                "employment_support",
                "employed",
                "income_increased",
                "improved",
                "closed_on",
                "closure_code",
            }
        ),
    }
)

# The intake's marks, under the name the sheets and forms have used since the first release.
NATIONALLY_REPORTED = REPORTED["consultation"]


def is_reported(form: str, item: str) -> bool:
    return item in REPORTED[form]


def mark(form: str, item: str, label: str) -> str:
    """The label with ※ in front when the item is reported nationally."""
    return f"※{label}" if is_reported(form, item) else label
