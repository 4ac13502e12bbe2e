"""アンケート: the prefecture's questionnaires after forums and trainings (003 図表 2-8, 2-19, 2-41 …).

Support staff build a questionnaire from questions; respondents answer without an account from an open link
(``/q/<slug>/``) or, where one answer per link is required, from a one-time link (``/q/t/<token>/``) printed
on a handout. Answers are anonymous unless the questionnaire says otherwise: nothing about the respondent's
device, address or account is kept, only what they typed.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models

from kasane.lib.dates import TOKYO, localtime, wareki, wareki_datetime

# Unambiguous on paper and on a phone keyboard: no 0/o, 1/l/i.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def random_key(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def new_slug() -> str:
    return random_key(10)


def new_token() -> str:
    return random_key(12)


class Phase(models.TextChoices):
    SINGLE = "single", "単独"
    PRE = "pre", "研修前"
    POST = "post", "研修後"


class Status(models.TextChoices):
    DRAFT = "draft", "作成中"
    OPEN = "open", "回答受付中"
    CLOSED = "closed", "受付終了"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "単一選択"
    MULTIPLE = "multiple", "複数選択"
    LIKERT = "likert", "5段階評価"
    TEXT = "text", "自由記述"
    AGE = "age", "年齢"
    CATEGORY = "category", "職業（回答者区分）"


CHOICE_KINDS = frozenset(
    {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.LIKERT, QuestionKind.AGE, QuestionKind.CATEGORY}
)
# Age bands and respondent categories are fixed: results group free text by category, and the report
# compares age and category figures across events.
AGE_BANDS = ("20代以下", "30代", "40代", "50代", "60代", "70代以上")
RESPONDENT_CATEGORIES = ("福祉関係者", "行政職員", "医療関係者", "その他")

# Likert scales, most positive first. The top two levels count as 「…以上」 in results and comparisons.
LIKERT_SCALES: dict[str, tuple[str, tuple[str, ...]]] = {
    "understood": (
        "理解できたか",
        ("よく理解できた", "理解できた", "どちらともいえない", "あまり理解できなかった", "理解できなかった"),
    ),
    "understanding": (
        "どの程度理解しているか",
        (
            "よく理解している",
            "ある程度理解している",
            "どちらともいえない",
            "あまり理解していない",
            "理解していない",
        ),
    ),
    "image": (
        "イメージが湧いたか",
        ("とても湧いた", "湧いた", "どちらともいえない", "あまり湧かなかった", "湧かなかった"),
    ),
    "felt": (
        "感じられたか",
        ("とても感じた", "感じた", "どちらともいえない", "あまり感じなかった", "感じなかった"),
    ),
    "useful": (
        "活かせそうか",
        (
            "とても活かせそう",
            "活かせそう",
            "どちらともいえない",
            "あまり活かせそうにない",
            "活かせそうにない",
        ),
    ),
}
LIKERT_SCALE_CHOICES = [
    (key, f"{name}（{'／'.join(labels)}）") for key, (name, labels) in LIKERT_SCALES.items()
]


class Questionnaire(models.Model):
    prefecture = models.ForeignKey(
        "tenancy.Prefecture", on_delete=models.CASCADE, related_name="questionnaires"
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name="研修・会議",
    )
    # A municipality's own questionnaire (地域づくり's ハブラボ, kasane.community): answered by the same public
    # link, summarised by the same results, and never listed among the prefecture's.
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="市町村",
    )
    title = models.CharField("アンケート名", max_length=120)
    intro = models.TextField(
        "回答者へのはじめの説明", blank=True, help_text="回答ページの最初に表示します（目的、所要時間など）。"
    )
    phase = models.CharField("種類", max_length=8, choices=Phase.choices, default=Phase.SINGLE)
    pair = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="paired_post",
        verbose_name="対応する研修前アンケート",
        help_text="研修後アンケートのとき、比較する研修前アンケートを選びます。",
    )
    anonymous = models.BooleanField(
        "匿名で回答してもらう", default=True, help_text="外すと、回答ページで氏名と所属を尋ねます。"
    )
    one_answer_per_link = models.BooleanField(
        "1つのリンクにつき1回だけ回答できるようにする",
        default=False,
        help_text="回答者ごとの個別リンク（QRコード）を発行して配ります。誰でも開ける共通リンクでは回答できません。",
    )
    # Days, as the municipalities' own questionnaires (community, programme) have always used them; an officer
    # may add a time of day. With neither, a questionnaire of an event opens at the event's start.
    opens_on = models.DateField("回答受付開始日", null=True, blank=True)
    opens_time = models.TimeField("回答受付開始時刻", null=True, blank=True)
    closes_on = models.DateField("回答受付終了日", null=True, blank=True)
    closes_time = models.TimeField("回答受付終了時刻", null=True, blank=True)
    status = models.CharField("状態", max_length=8, choices=Status.choices, default=Status.DRAFT)
    slug = models.CharField("共通リンクのキー", max_length=16, unique=True, default=new_slug, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="作成した職員"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "アンケート"
        verbose_name_plural = "アンケート"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def opens_at(self) -> dt.datetime | None:
        """When answering opens: the day (and time) set, else the start of the event (研修前 ones excepted:
        they are answered before it), else None (from the moment staff open it)."""
        if self.opens_on is not None:
            return dt.datetime.combine(self.opens_on, self.opens_time or dt.time(0, 0), tzinfo=TOKYO)
        event = self.event
        if event is not None and self.phase != Phase.PRE:
            return dt.datetime.combine(event.starts_on, event.start_time or dt.time(0, 0), tzinfo=TOKYO)
        return None

    def closes_at(self) -> dt.datetime | None:
        """The first moment answers are no longer taken: the time set, else the end of the closing day."""
        if self.closes_on is None:
            return None
        if self.closes_time is not None:
            return dt.datetime.combine(self.closes_on, self.closes_time, tzinfo=TOKYO)
        return dt.datetime.combine(self.closes_on + dt.timedelta(days=1), dt.time(0, 0), tzinfo=TOKYO)

    @property
    def opens_from_event(self) -> bool:
        return self.opens_on is None and self.event_id is not None and self.phase != Phase.PRE

    def opens_label(self) -> str:
        """令和8年12月10日 13:30, or the day alone when answering opens at its start ("" when not set)."""
        with_time = self.opens_time is not None or self.opens_from_event
        return _moment_label(self.opens_at(), with_time=with_time)

    def period_label(self) -> str:
        """回答受付期間 as staff read it: 令和8年12月10日 13:30（研修・会議の開始）〜令和8年12月24日."""
        opens, closes = self.opens_at(), self.closes_at()
        if opens is None and closes is None:
            return ""
        start = self.opens_label()
        if self.opens_from_event:
            start += "（研修・会議の開始）"
        end = ""
        if self.closes_on is not None:
            end = wareki(self.closes_on) + (f" {_time_label(self.closes_time)}" if self.closes_time else "")
        return f"{start}〜{end}"

    def refusal(self, at: dt.datetime | dt.date) -> str:
        """Why answers are not accepted at this moment ("" when they are), as the respondent reads it. A day
        stands for its first moment in Tokyo."""
        if not isinstance(at, dt.datetime):
            at = dt.datetime.combine(at, dt.time(0, 0), tzinfo=TOKYO)
        opens, closes = self.opens_at(), self.closes_at()
        if self.status == Status.DRAFT:
            return "このアンケートはまだ回答を受け付けていません。"
        if self.status == Status.CLOSED:
            return CLOSED_MESSAGE
        if opens is not None and at < opens:
            return (
                f"このアンケートはまだ回答を受け付けていません。回答は{self.opens_label()}から受け付けます。"
            )
        if closes is not None and at >= closes:
            return CLOSED_MESSAGE
        return ""


CLOSED_MESSAGE = "このアンケートの回答受付は終了しました。ご協力ありがとうございました。"


def _time_label(time: dt.time | None) -> str:
    return f"{time.hour}:{time.minute:02d}" if time is not None else ""


def _moment_label(moment: dt.datetime | None, *, with_time: bool) -> str:
    """令和8年12月10日 13:30 (the time left out when it is only the start of the day)."""
    if moment is None:
        return ""
    local = localtime(moment)
    if not with_time or local.time() == dt.time(0, 0):
        return wareki(local.date())
    return wareki_datetime(moment)


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField("順番")
    kind = models.CharField("設問の種類", max_length=10, choices=QuestionKind.choices)
    text = models.CharField("設問文", max_length=300)
    help_text = models.CharField("補足説明", max_length=300, blank=True)
    required = models.BooleanField("回答必須", default=True)
    scale = models.CharField("段階の表現", max_length=16, blank=True, choices=LIKERT_SCALE_CHOICES)

    class Meta:
        verbose_name = "設問"
        verbose_name_plural = "設問"
        ordering = ["questionnaire", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def choices_editable(self) -> bool:
        """Staff write the options of single and multiple choice; the others come from fixed lists."""
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField("順番")
    label = models.CharField("選択肢", max_length=100)

    class Meta:
        verbose_name = "選択肢"
        verbose_name_plural = "選択肢"
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return self.label


class AnswerLink(models.Model):
    """A one-time link (個別回答リンク) for a questionnaire that allows one answer per link."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="links")
    number = models.PositiveIntegerField("番号")
    token = models.CharField("キー", max_length=16, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "個別回答リンク"
        verbose_name_plural = "個別回答リンク"
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="answerlink_unique_number")
        ]

    def __str__(self) -> str:
        return f"No.{self.number}"

    @property
    def is_used(self) -> bool:
        """Whether an answer was sent with this link (select_related("response") saves the query)."""
        return hasattr(self, "response")


class Response(models.Model):
    """One respondent's submission. Anonymous: no user, no IP address, no user agent is ever stored."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField("回答日時")
    # One response per link, enforced by the database: a second submission with the same link fails.
    link = models.OneToOneField(
        AnswerLink, on_delete=models.PROTECT, null=True, blank=True, related_name="response"
    )
    # Only for questionnaires that are not anonymous.
    respondent_name = models.CharField("氏名", max_length=60, blank=True)
    respondent_organisation = models.CharField("所属", max_length=100, blank=True)

    class Meta:
        verbose_name = "回答"
        verbose_name_plural = "回答"
        ordering = ["questionnaire", "submitted_at", "pk"]

    def __str__(self) -> str:
        return f"回答 No.{self.pk}"


class Answer(models.Model):
    """One answer to one question: a chosen option (one row per option for multiple choice) or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(
        Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    text = models.TextField("記述", blank=True)
    excerpt = models.BooleanField("報告書に抜粋する", default=False)

    class Meta:
        verbose_name = "回答内容"
        verbose_name_plural = "回答内容"
        ordering = ["response", "question", "pk"]
        indexes = [models.Index(fields=["question", "choice"], name="answer_question_choice")]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_id}"
