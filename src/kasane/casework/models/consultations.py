"""相談受付 (intake), modelled on MHLW's 相談受付・申込票, and the 相談記録 it opens: 経過 (follow-up calls,
visits, accompaniments) are added by the agency that took it until it is closed with a reason.

The topic and situation lists are the form's own and fixed in code; each consultation stores the codes.
Fields reported nationally are listed in ``NATIONALLY_REPORTED`` so forms and exports can mark them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kasane.casework.models.cases import NoteKind
from kasane.casework.models.households import Sex
from kasane.casework.models.life import LifeSituation, Route
from kasane.lib.dates import fiscal_number, localtime
from kasane.lib.records import AuditLabelled, Authored


class Channel(models.TextChoices):
    VISIT = "visit", "来所"
    PHONE = "phone", "電話"
    HOME_VISIT = "home_visit", "訪問"
    EMAIL = "email", "メール"
    ONLINE = "online", "オンライン"
    OTHER = "other", "その他"


class Visitor(models.TextChoices):
    SELF = "self", "本人"
    FAMILY = "family", "家族"
    AGENCY = "agency", "関係機関"
    MINSEI = "minsei", "民生委員"
    NEIGHBOUR = "neighbour", "近隣住民"
    OTHER = "other", "その他"


class Topic(models.TextChoices):
    HEALTH = "health", "健康・障がい"
    HOUSING = "housing", "住まい"
    INCOME = "income", "収入・生活費"
    RENT_LOAN = "rent_loan", "家賃・ローン"
    TAX_BILLS = "tax_bills", "税金・公共料金"
    DEBT = "debt", "債務"
    JOB_SEARCH = "job_search", "仕事探し"
    WORK = "work", "仕事上の悩み"
    COMMUNITY = "community", "地域との関係"
    FAMILY = "family", "家族関係"
    CHILDCARE = "childcare", "子育て"
    CARE = "care", "介護"
    WITHDRAWAL = "withdrawal", "ひきこもり・不登校"
    ABUSE = "abuse", "DV・虐待"
    FOOD = "food", "食べるものがない"
    OTHER = "other", "その他"


class Situation(models.TextChoices):
    S8050 = "8050", "8050"
    DOUBLE_CARE = "double_care", "ダブルケア"
    YOUNG_CARER = "young_carer", "ヤングケアラー"
    ADDICTION = "addiction", "依存症"
    MENTAL = "mental", "精神疾患の疑い"
    ISOLATION = "isolation", "社会的孤立"


class Response(models.TextChoices):
    ADVICE = "advice", "助言・情報提供"
    CONTINUE = "continue", "自機関で継続支援"
    REFER = "refer", "他機関へつなぐ"
    COLLABORATION = "collaboration", "多機関協働へつなぐ"
    END = "end", "終了"


class CloseReason(models.TextChoices):
    """Why a 相談記録 ends (終了の理由)."""

    ADVICE_ONLY = "advice_only", "助言・情報提供で終了"
    ENDED_AT_INTAKE = "ended_at_intake", "受付時に終了"
    RESOLVED = "resolved", "解決・改善"
    HANDED_OVER = "handed_over", "他機関へ引き継ぎ"
    COLLABORATION = "collaboration", "多機関協働へ移行"
    DECLINED = "declined", "本人の意思で終了"
    MOVED = "moved", "転出"
    DIED = "died", "死亡"
    LOST_CONTACT = "lost_contact", "連絡が取れない"
    OTHER = "other", "その他"


# The responses after which nothing further is expected: the 相談記録 is closed at intake, on the day of the
# consultation. The others (自機関で継続支援, つなぎ, 多機関協働へ) stay open for 経過 until someone closes them.
CLOSED_AT_INTAKE = {"advice": CloseReason.ADVICE_ONLY, "end": CloseReason.ENDED_AT_INTAKE}


class ConsentVariant(models.TextChoices):
    WITH = "with", "同意あり"
    WITHOUT = "without", "同意なし"


class Consultation(AuditLabelled, LifeSituation):
    audit_noun = "相談"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    owner_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="受け付けた機関"
    )
    person = models.ForeignKey("casework.Person", on_delete=models.PROTECT, related_name="consultations")
    household = models.ForeignKey(
        "casework.Household", on_delete=models.PROTECT, related_name="consultations"
    )
    received_at = models.DateTimeField("受付日時")
    channel = models.CharField("相談方法", max_length=12, choices=Channel.choices, default=Channel.VISIT)
    # 把握ルート・紹介元: who brought the case; the referring agency when it is registered, its name otherwise.
    route = models.CharField("把握ルート", max_length=12, choices=Route.choices, default=Route.SELF)
    referrer_agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="紹介元の機関",
    )
    referrer_name = models.CharField("紹介元（機関名・氏名）", max_length=100, blank=True)
    visitor = models.CharField("相談者", max_length=12, choices=Visitor.choices, default=Visitor.SELF)
    visitor_relation = models.CharField("本人との関係（続柄）", max_length=30, blank=True)
    visitor_name = models.CharField("相談者氏名", max_length=60, blank=True)
    visitor_contact = models.CharField("相談者連絡先", max_length=100, blank=True)
    topics = models.JSONField("相談内容", default=list)
    main_topic = models.CharField("最も困っていること", max_length=12, choices=Topic.choices, blank=True)
    topic_other = models.CharField("その他の内容", max_length=100, blank=True)
    situations = models.JSONField("世帯の状況", default=list, blank=True)
    complaint = models.TextField("主訴")
    wishes = models.TextField("本人の希望", blank=True)
    response = models.CharField("対応", max_length=14, choices=Response.choices, default=Response.ADVICE)
    response_note = models.TextField("対応の内容", blank=True)
    consent_variant = models.CharField(
        "同意", max_length=8, choices=ConsentVariant.choices, default=ConsentVariant.WITHOUT
    )
    consent = models.ForeignKey(
        "casework.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="consultations"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField("受付者", max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)
    # The person's 性別 and 年代 (10-year, by the lower bound: 40 = 40代) on the day of the consultation, taken
    # from the person record when it is received, for the counts (新規相談者の属性): they stay when the
    # retention period runs out and the person's name and birth date go.
    sex = models.CharField("相談時の性別", max_length=12, choices=Sex.choices, blank=True, editable=False)
    age_band = models.PositiveSmallIntegerField("相談時の年代", null=True, blank=True, editable=False)
    # The 相談記録 is open (経過 can be added) until it is closed; a reopening clears these three.
    closed_on = models.DateField("終了日", null=True, blank=True)
    close_reason = models.CharField("終了の理由", max_length=16, choices=CloseReason.choices, blank=True)
    close_note = models.TextField("終了時のメモ", blank=True)
    reopened_on = models.DateField("再開日", null=True, blank=True)
    reopen_reason = models.CharField("再開の理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "相談受付"
        verbose_name_plural = "相談受付"
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["owner_agency", "-received_at"], name="consultation_agency_recent"),
            # The municipality's counts (kasane.programme), each read from an index alone rather than from a
            # table that grows by the year (benchmarks/programme.py): the open records received over a month
            # ago, to be matched against the month's 経過; those received in a 年度; those open (closed_on
            # null) or closed in a 年度.
            models.Index(
                fields=["municipality", "owner_agency", "received_at", "id"],
                condition=models.Q(closed_on=None),
                name="consultation_open",
            ),
            models.Index(
                fields=["municipality", "received_at", "owner_agency"], name="consultation_received"
            ),
            models.Index(fields=["municipality", "closed_on", "owner_agency"], name="consultation_closed"),
        ]

    def __str__(self) -> str:
        return f"相談 #{self.pk}"

    def topic_labels(self) -> list[tuple[str, bool]]:
        """(label, is_main) in the form's order: ◎ for the most pressing, ○ for the others."""
        chosen = set(self.topics)
        return [(t.label, t.value == self.main_topic) for t in Topic if t.value in chosen]

    def situation_labels(self) -> list[str]:
        chosen = set(self.situations)
        return [s.label for s in Situation if s.value in chosen]

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def number(self) -> str:
        """受付番号 (R8-0369): the 年度 of receipt and the consultation's serial."""
        return fiscal_number(localtime(self.received_at).date(), self.pk)


class ConsultationNote(AuditLabelled, Authored):
    """相談経過: one follow-up on a 相談記録 (a call, a visit, an accompaniment), written by the agency that took
    the consultation. When a 多機関協働 case opens from the consultation, the case carries these as the
    history before it (its page and its 支援経過記録)."""

    audit_noun = "相談経過"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="notes")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("種別", max_length=12, choices=NoteKind.choices, default=NoteKind.PHONE)
    on = models.DateField("日付")
    minutes = models.PositiveSmallIntegerField("所要時間（分）", null=True, blank=True)
    text = models.TextField("内容")

    class Meta:
        verbose_name = "相談経過"
        verbose_name_plural = "相談経過"
        ordering = ["-on", "-pk"]
        indexes = [
            models.Index(fields=["consultation", "-on"], name="consultation_note_recent"),
            # The 経過 of the last month, whichever 相談記録: which open records are quiet, as one anti-join
            # rather than a look-up per open record (kasane.programme).
            models.Index(fields=["on", "consultation"], name="consultation_note_on"),
        ]

    def __str__(self) -> str:
        return f"相談経過 {self.on:%Y/%m/%d} {self.get_kind_display()}"
