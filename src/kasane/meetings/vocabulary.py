"""The meetings' vocabulary: the kinds of meeting and item, their statuses and outcomes, and the words of
the 守秘義務の誓約. The models use these; ``kasane.meetings.models`` names them too."""

from __future__ import annotations

from django.db import models

# The statute's words, as members sign them. Kept with each pledge, so a later change of wording does not
# rewrite what someone signed.
PLEDGE_WORDING = (
    "社会福祉法第106条の6第5項の規定により、支援会議の事務に従事する者又は従事していた者は、"
    "正当な理由がなく、支援会議の事務に関して知り得た秘密を漏らしてはならないことを理解し、"
    "これを遵守することを誓約します。"
    "（違反した者は、同法の罰則により1年以下の拘禁刑又は100万円以下の罰金に処せられることがあります。）"
)


class MeetingKind(models.TextChoices):
    SUPPORT = "support", "支援会議（社会福祉法第106条の6）"
    LAYERED = "layered", "重層的支援会議（個別）"
    PROMOTION = "promotion", "全体推進会議"
    EXISTING = "existing", "既存の会議（地域ケア会議・支援調整会議・自立支援協議会など）"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "予定"
    HELD = "held", "開催済み"
    CANCELLED = "cancelled", "中止"


class ItemKind(models.TextChoices):
    SUPPORT_CASE = "support_case", "支援会議の個別事例（同意なし）"
    PLAN_APPROVAL = "plan_approval", "プランの適切性"
    PROGRESS = "progress", "進捗確認"
    CLOSURE = "closure", "終結時の評価"
    PROMOTION = "promotion", "全体推進（社会資源・体制）"


LAYERED_ITEM_KINDS = (ItemKind.PLAN_APPROVAL, ItemKind.PROGRESS, ItemKind.CLOSURE)
# Which kind of meeting an item needs the sitting to serve.
ITEM_MEETING_KIND = {
    ItemKind.SUPPORT_CASE: MeetingKind.SUPPORT,
    ItemKind.PLAN_APPROVAL: MeetingKind.LAYERED,
    ItemKind.PROGRESS: MeetingKind.LAYERED,
    ItemKind.CLOSURE: MeetingKind.LAYERED,
    ItemKind.PROMOTION: MeetingKind.PROMOTION,
}


class SupportOutcome(models.TextChoices):
    WATCH = "watch", "見守り、期日に再協議する"
    CONTACT = "contact", "本人に接触する"
    COLLABORATION = "collaboration", "多機関協働につなぐ（同意を得る）"


class ItemStatus(models.TextChoices):
    PENDING = "pending", "協議前"
    DISCUSSED = "discussed", "協議済み"


class GapStatus(models.TextChoices):
    RAISED = "raised", "提起"
    CONSIDERING = "considering", "検討中"
    DEVELOPING = "developing", "開発・調整中"
    RESOLVED = "resolved", "解消"
    DROPPED = "dropped", "見送り"
