"""国への報告: the counts of the 生活困窮者自立支援制度 支援状況調査 (monthly) and of the 重層的支援体制整備事業's
実績 (per 事業), computed from the records for a municipality — or the agencies an agency's manager runs —
and a period: a 年度 or one of its months. ../shared/reference/mhlw-forms.md §5 lists them with their sources
(S7–S12).

``COUNTS`` is the table: each row a code, a name, its definition in the words staff read on the page, and
its computation (``national_counts``: one query; two for 就労・増収率, a ratio of two counts), so the page,
the tests and a later report read the same thing. The records the counts start from, the period and whose
records are counted are in ``national_records``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kasane.programme import national_counts as counts
from kasane.programme.national_records import (
    ByMonth,
    Compute,
    Period,
    Result,
    Scope,
    employment_support_persons,
    monthly,
    months_of,
    new_consultations,
    plans_made,
)

SURVEY = "生活困窮者自立支援制度 支援状況調査"
LAYERED = "重層的支援体制整備事業 事業実績"


@dataclass(frozen=True)
class NationalCount:
    code: str
    section: str
    name: str
    unit: str
    definition: str
    compute: Compute
    by_month: ByMonth | None = None


@dataclass(frozen=True)
class Figure:
    count: NationalCount
    result: Result
    months: list[int] | None = None


NEW = "新規相談（その人のその年度で最初の相談受付）"
COUNTS: tuple[NationalCount, ...] = (
    NationalCount(
        "A1",
        SURVEY,
        "新規相談受付件数",
        "件",
        "相談受付のうち、その人のその年度で最初の相談を、受付日の月に1件と数えます。同じ年度に同じ人が何度"
        "相談しても1件で、年度が変われば改めて数えます。年度は4月1日から3月31日まで、受付日時は日本時間です。",
        counts.new_count,
        monthly(new_consultations, "received_at", moments=True),
    ),
    NationalCount(
        "A2",
        SURVEY,
        "プラン作成件数",
        "件",
        "重層的支援会議（開催済み）の議題で「プランの適切性」を協議し、承認と決定したプランの数を、会議日の"
        "月に数えます。再プラン（第2版以降）の承認も1件です。",
        counts.plan_count,
        monthly(plans_made, "decided_on"),
    ),
    NationalCount(
        "A3",
        SURVEY,
        "就労支援対象者数",
        "人",
        "会議で承認されたプランのうち「就労支援の対象とする」としたものの本人を、その年度で最初に承認された"
        "月に1人と数えます。",
        counts.employment_support_count,
        monthly(employment_support_persons, "decided_on"),
    ),
    NationalCount(
        "A4",
        SURVEY,
        "プラン作成者の利用事業（内訳）",
        "人",
        "期間中に会議でプランが承認された人（プラン作成者）のうち、プランの「利用する事業」に各事業がある人数。"
        "1人が複数の事業を使えば、それぞれに数えます。参加支援・アウトリーチのプランは、その事業を使うものとして"
        "数えます。",
        counts.programme_count,
    ),
    NationalCount(
        "A5",
        SURVEY,
        "就労者数",
        "人",
        "期間中の終結時の評価（評価日で数えます）で「就労した」とした人数。うちプラン作成者分は、そのケースに"
        "会議で承認されたプランがある人です。",
        counts.employed_count,
    ),
    NationalCount(
        "A6",
        SURVEY,
        "増収者数",
        "人",
        "期間中の終結時の評価で「収入が増えた」とした人数。うちプラン作成者分は、そのケースに会議で承認された"
        "プランがある人です。",
        counts.income_count,
    ),
    NationalCount(
        "A7",
        SURVEY,
        "就労・増収率",
        "%",
        "就労・増収者数 ÷ 就労支援対象者数（A3）。就労・増収者数は、就労支援の対象とするプランが承認されている"
        "人のうち、期間中の終結時の評価で「就労した」または「収入が増えた」とした人数です。",
        counts.employment_rate,
    ),
    NationalCount(
        "A8",
        SURVEY,
        "自立に向けた改善が見られた者の割合",
        "%",
        "期間中に終結時の評価を受けた人のうち「本人の変化（自立に向けた改善）」に1つ以上の項目がある人 ÷ "
        "期間中に終結時の評価を受けた人の数（同じ人の評価が複数あっても1人）。",
        counts.improvement_rate,
    ),
    NationalCount(
        "A9",
        SURVEY,
        "他制度・他機関へのつなぎ件数",
        "件",
        "期間中に送ったつなぎの数（取消したものを除き、多機関協働へのつなぎを含みます）。依頼日で数えます。",
        counts.referral_count,
    ),
    NationalCount(
        "A10",
        SURVEY,
        "うち生保窓口へのつなぎ件数",
        "件",
        "A9のうち、つなぎ先が生活保護の窓口であるもの。生活保護の窓口は、種別が「市の課」で分野に「生活困窮」"
        "があり、機関名・担当課・担当窓口のいずれかに「保護」を含む機関（例：生活福祉課 保護係）とします。",
        counts.welfare_office_count,
    ),
    NationalCount(
        "A11",
        SURVEY,
        "相談・情報提供のみで終了した件数",
        "件",
        f"{NEW}のうち、対応が「助言・情報提供」または「終了」のもの。",
        counts.information_only_count,
    ),
    NationalCount(
        "A12",
        SURVEY,
        "新規相談者の属性（性別）",
        "件",
        f"{NEW}の相談時の性別（受付のときに本人の記録から写したもの）。",
        counts.sex_count,
    ),
    NationalCount(
        "A13",
        SURVEY,
        "新規相談者の属性（年代）",
        "件",
        f"{NEW}の相談時の年代（受付日の年齢から）。生年月日がわからない人は「未記入」です。",
        counts.age_count,
    ),
    NationalCount(
        "A14",
        SURVEY,
        "新規相談者の属性（就労状況）",
        "件",
        f"{NEW}の相談受付票に記録した就労状況。",
        counts.work_count,
    ),
    NationalCount(
        "A15",
        SURVEY,
        "新規相談者の課題（課題の特性）",
        "件",
        f"{NEW}の件数と、相談受付票の「課題の特性」ごとの件数。1件に複数あればそれぞれに数えます。",
        counts.issue_count,
    ),
    NationalCount(
        "B1",
        LAYERED,
        "包括的相談支援事業 相談受付件数",
        "件",
        "期間中のすべての相談受付（同じ人の2回目以降の相談も含む延べ件数）。",
        counts.received_count,
    ),
    NationalCount(
        "B2",
        LAYERED,
        "多機関協働事業へのつなぎ件数",
        "件",
        "期間中に多機関協働事業者へ送ったつなぎ（取消したものを除く）。",
        counts.collaboration_referral_count,
    ),
    NationalCount(
        "B3",
        LAYERED,
        "多機関協働事業 受付件数",
        "件",
        "期間中に受付日がある多機関協働ケース（終結後に再開したケースは最初の受付日で数えます）。"
        "プラン作成件数（重層的支援会議で決定）はA2です。",
        counts.case_count,
    ),
    NationalCount(
        "B4",
        LAYERED,
        "会議の開催回数",
        "回",
        "期間中に開催した会議のうち、重層的支援会議（個別）を兼ねる回数と、支援会議（社会福祉法第106条の6）を"
        "兼ねる回数。1回の会議が両方を兼ねれば、それぞれに数えます。",
        counts.meeting_count,
    ),
    NationalCount(
        "B5",
        LAYERED,
        "アウトリーチ等を通じた継続的支援事業 対象者数",
        "人",
        "期間中に働きかけていたアウトリーチ対象（把握日が期間の末日まで、かつ期間の初日より前に終了して"
        "いないもの）。うち期間中に把握は、把握日が期間中のもの。",
        counts.outreach_count,
    ),
    NationalCount(
        "B6",
        LAYERED,
        "参加支援事業 利用者数",
        "人",
        "期間中に参加支援を利用していた人の実人数（受付日が期間の末日まで、かつ期間の初日より前に終了して"
        "いないもの）。うち期間中に受付は、受付日が期間中の人。",
        counts.participation_count,
    ),
    NationalCount(
        "B7",
        LAYERED,
        "終結件数（終結理由区分別）",
        "件",
        "期間中に終結日がある多機関協働ケース（終結のまま）を、終結理由区分ごとに数えます。",
        counts.closure_count,
    ),
    NationalCount(
        "B8",
        LAYERED,
        "相談者の属性（世帯の状況）",
        "件",
        f"{NEW}の件数と、相談受付票の「世帯の状況」（8050・ダブルケア等）ごとの件数。"
        "性別・年代はA12・A13です。",
        counts.situation_count,
    ),
)


def count(code: str, scope: Scope, period: Period) -> Result:
    return next(c for c in COUNTS if c.code == code).compute(scope, period)


def report(scope: Scope, year: int) -> list[Figure]:
    """Every count for one 年度; the monthly ones month by month, their year being the months' sum."""
    figures = []
    for c in COUNTS:
        if c.by_month is not None:
            months = c.by_month(scope, year)
            figures.append(Figure(c, Result(total=sum(months)), months))
        else:
            figures.append(Figure(c, c.compute(scope, Period.fiscal(year))))
    return figures


def month_rows(figures: list[Figure], year: int) -> tuple[list[Figure], list[tuple[dt.date, list[int]]]]:
    """The monthly counts and, for each month of the 年度 (April first), its figure of each."""
    monthly_figures = [f for f in figures if f.months is not None]
    rows = [
        (m.start, [f.months[i] for f in monthly_figures if f.months is not None])
        for i, m in enumerate(months_of(year))
    ]
    return monthly_figures, rows
