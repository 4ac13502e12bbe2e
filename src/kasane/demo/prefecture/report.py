"""Demo: the officer's 総括・考察 for the previous 年度's report, written through the report page's service.

The current 年度 is left without one, so a new user opening 事業報告書 sees the chapter marked 未記載 and the
link to write it. The text names no figures: those come from the records in the chapters before it.
"""

from __future__ import annotations

import datetime as dt

from kasane.annual_report import review
from kasane.audit.actor import Actor
from kasane.demo.prefecture.staff import BackupStaff
from kasane.lib.dates import fiscal_year
from kasane.readiness import support_settings
from kasane.tenancy.models import Prefecture

PREVIOUS_YEAR_REVIEW = (
    "情報共有の場では、先行して取り組む市町村の実践報告を聞いたうえでグループで話し合う形をとり、"
    "参加した市町村が互いの取組や悩みを知る機会になった。アンケートの自由記述では、他機関の業務を具体的に"
    "知ることができたという声が目立った。\n\n"
    "専門家派遣では、事前ヒアリングで把握した課題をもとに、現地ワークショップで庁内と関係機関の役割を"
    "確かめ合うことに時間を充てた。目標を年度末に振り返ると、庁内の共通理解は進んだ一方、地域づくりに"
    "関わる機関との連携は次年度に持ち越した町村が多い。\n\n"
    "次年度は、まだ検討に入っていない町村への働きかけを振興局と分担して進め、情報共有の場のグループ分けでは"
    "人口規模の近い市町村どうしが話し合えるよう配慮したい。"
)


def load(prefecture: Prefecture, today: dt.date, staff: BackupStaff) -> None:
    review.save(
        prefecture=prefecture,
        year=fiscal_year(today) - 1,
        text=PREVIOUS_YEAR_REVIEW,
        min_sample=support_settings.min_sample(prefecture),
        actor=Actor(user=staff.prefecture, prefecture=prefecture),
    )
