"""The person's life as the national forms record it: the B票 of the 相談受付・申込票 and the fact pages of the
インテーク・アセスメントシート (work, housing, income and 生活保護, debts and arrears, health and disability,
insurance and pension, the 課題 check list of the 支援状況調査), and the coded outcomes the survey counts
(利用事業 on the plan, 本人の変化・就労・増収 and 終結理由区分 on the evaluation).

Every item is optional: staff record what they know. Codes are kept when a record is anonymised at the end
of its retention period (the counts need them); the free-text notes beside them are not. The vocabulary is
from ../shared/reference/mhlw-forms.md (sources S4, S8–S11); where the sources disagree, the docstring of the
list says which was chosen.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models


class Route(models.TextChoices):
    """把握ルート・紹介元: who brought the case to the agency (the survey's 相談経路). How the person got in
    touch (来所・電話・訪問) is the 相談方法, ``Channel``."""

    SELF = "self", "本人自ら"
    FAMILY = "family", "家族・知人"
    MINSEI = "minsei", "民生委員・児童委員"
    AGENCY = "agency", "関係機関からの紹介"
    MUNICIPAL = "municipal", "庁内の窓口からの紹介"
    NEIGHBOUR = "neighbour", "地域住民・自治会"
    OUTREACH = "outreach", "アウトリーチ（訪問等で把握）"
    OTHER = "other", "その他"


class Employment(models.TextChoices):
    REGULAR = "regular", "正規雇用"
    NON_REGULAR = "non_regular", "非正規雇用（パート・アルバイト・派遣等）"
    SELF_EMPLOYED = "self_employed", "自営業"
    SEEKING = "seeking", "無職（求職中）"
    NOT_WORKING = "not_working", "無職（求職していない）"
    STUDENT = "student", "学生"
    PENSIONER = "pensioner", "年金生活"
    OTHER = "other", "その他"


class Housing(models.TextChoices):
    OWNED = "owned", "持家"
    RENTED = "rented", "民間賃貸"
    PUBLIC = "public", "公営住宅"
    COMPANY = "company", "社宅・寮"
    FACILITY = "facility", "施設・病院"
    WITH_OTHERS = "with_others", "知人宅等に同居"
    NONE = "none", "住まいがない（路上・ネットカフェ等）"
    OTHER = "other", "その他"


class IncomeSource(models.TextChoices):
    WAGES = "wages", "就労収入"
    PENSION = "pension", "年金"
    WELFARE = "welfare", "生活保護"
    ALLOWANCE = "allowance", "手当（児童扶養手当等）"
    FAMILY = "family", "家族の収入・仕送り"
    SAVINGS = "savings", "預貯金の取り崩し"
    NONE = "none", "収入なし"
    OTHER = "other", "その他"


class Welfare(models.TextChoices):
    """生活保護."""

    NEVER = "never", "受給なし"
    RECEIVING = "receiving", "受給中"
    APPLYING = "applying", "申請中"
    PAST = "past", "過去に受給"


class Presence(models.TextChoices):
    YES = "yes", "あり"
    NO = "no", "なし"
    UNKNOWN = "unknown", "不明"


class Arrear(models.TextChoices):
    RENT = "rent", "家賃"
    TAX = "tax", "税金"
    PREMIUMS = "premiums", "国保・年金の保険料"
    UTILITIES = "utilities", "公共料金（電気・ガス・水道）"
    PHONE = "phone", "携帯電話料金"
    LOAN = "loan", "借入金・ローンの返済"
    SCHOOL = "school", "学校の費用（給食費等）"
    OTHER = "other", "その他"


class Treatment(models.TextChoices):
    ATTENDING = "attending", "通院中"
    INTERRUPTED = "interrupted", "治療中断"
    NEEDED = "needed", "受診が必要（未受診）"
    NONE = "none", "通院なし"


class MentalHealth(models.TextChoices):
    DIAGNOSED = "diagnosed", "あり（診断あり）"
    SUSPECTED = "suspected", "疑い"
    NONE = "none", "なし"


class DisabilityCard(models.TextChoices):
    """障害者手帳."""

    NONE = "none", "なし"
    HELD = "held", "所持"
    APPLYING = "applying", "申請中"
    SUSPECTED = "suspected", "障害の疑い（未申請）"


class CardKind(models.TextChoices):
    PHYSICAL = "physical", "身体障害者手帳"
    INTELLECTUAL = "intellectual", "療育手帳"
    MENTAL = "mental", "精神障害者保健福祉手帳"


class HealthInsurance(models.TextChoices):
    NATIONAL = "national", "国民健康保険"
    EMPLOYEE = "employee", "被用者保険（社保・共済）"
    DEPENDENT = "dependent", "被扶養者（家族の健康保険）"
    ELDERLY = "elderly", "後期高齢者医療"
    WELFARE = "welfare", "医療扶助（生活保護）"
    NONE = "none", "無保険"
    UNKNOWN = "unknown", "不明"


class Pension(models.TextChoices):
    OLD_AGE = "old_age", "老齢年金を受給"
    DISABILITY = "disability", "障害年金を受給"
    SURVIVOR = "survivor", "遺族年金を受給"
    PAYING = "paying", "加入・納付中"
    EXEMPT = "exempt", "免除・猶予"
    UNPAID = "unpaid", "未納・未加入"
    UNKNOWN = "unknown", "不明"


class Issue(models.TextChoices):
    """課題の特性: the survey's list of a new consultee's problems (S10, the 統計システム's categories), kept
    beside the intake's 16 相談内容, which are the form's own words for what the person asks about."""

    POVERTY = "poverty", "経済的困窮"
    JOB_SEARCH = "job_search", "就職活動困難"
    JOB_RETENTION = "job_retention", "就職定着困難"
    ILLNESS = "illness", "病気"
    HOUSING = "housing", "住まい不安定"
    FAMILY = "family", "家族関係・家族の問題"
    MENTAL = "mental", "メンタルヘルスの課題（うつ・不眠・不安・依存症等）"
    BUDGETING = "budgeting", "家計管理の課題"
    DEBT = "debt", "多重・過重債務"
    DISABILITY = "disability", "障害（手帳あり）"
    DISABILITY_SUSPECTED = "disability_suspected", "障害（疑い）"
    ISOLATION = "isolation", "社会的孤立（ニート・ひきこもり等）"
    NON_ATTENDANCE = "non_attendance", "不登校"
    COMMUNICATION = "communication", "コミュニケーションが苦手"
    HABITS = "habits", "生活習慣の乱れ"
    SCHOOLING = "schooling", "中卒・高校中退"
    SINGLE_PARENT = "single_parent", "ひとり親"
    CHILDCARE = "childcare", "子育て"
    CARE = "care", "介護"
    FOREIGN = "foreign", "外国籍"
    ABUSED = "abused", "被虐待"
    DV = "dv", "ＤＶ"
    OFFENDER = "offender", "刑余者"
    SUICIDAL = "suicidal", "自殺企図"
    FOOD = "food", "食べるものがない"
    OTHER = "other", "その他"


class AssessmentResult(models.TextChoices):
    """アセスメント結果・支援方針."""

    COLLABORATION = "collaboration", "多機関協働で対応"
    OWN = "own", "自機関で継続支援"
    REFER = "refer", "他機関へつなぐ"
    INFORMATION = "information", "情報提供・助言で終了"
    WATCH = "watch", "見守り"


class Programme(models.TextChoices):
    """利用する事業 on the プラン兼事業等利用申込書: the 重層 programmes and the 生活困窮 ones the survey
    breaks プラン作成者 down by (S11), then other fields' services."""

    PARTICIPATION = "participation", "参加支援事業"
    OUTREACH = "outreach", "アウトリーチ等を通じた継続的支援事業"
    HOUSING_BENEFIT = "housing_benefit", "住居確保給付金"
    TEMPORARY = "temporary", "一時生活支援事業"
    HOUSEHOLD_BUDGET = "household_budget", "家計改善支援事業"
    WORK_READINESS = "work_readiness", "就労準備支援事業"
    WORK_TRAINING = "work_training", "認定就労訓練事業"
    EMPLOYMENT_SUPPORT = "employment_support", "自立相談支援機関による就労支援"
    WELFARE_LOAN = "welfare_loan", "生活福祉資金貸付"
    WELFARE_WORK = "welfare_work", "生活保護受給者等就労自立促進事業"
    OTHER_FIELD = "other_field", "他分野の制度・サービス（介護・障害・子ども等）"


# The survey's 利用事業 breakdown of プラン作成者 (S11), in its column order.
SURVEY_PROGRAMMES = (
    Programme.HOUSING_BENEFIT,
    Programme.TEMPORARY,
    Programme.HOUSEHOLD_BUDGET,
    Programme.WORK_READINESS,
    Programme.WORK_TRAINING,
    Programme.EMPLOYMENT_SUPPORT,
    Programme.WELFARE_LOAN,
    Programme.WELFARE_WORK,
)


class Improvement(models.TextChoices):
    """本人の変化 (自立に向けた改善, S9): what changed for the person over the plan, in the survey's groups
    (意欲・社会参加, 就労, 経済, 健康・生活)."""

    MOTIVATION = "motivation", "自立意欲の向上・改善"
    STABILITY = "stability", "精神の安定"
    RELATIONS = "relations", "対人関係・家族関係の改善"
    PARTICIPATION = "participation", "社会参加の機会の増加"
    ISOLATION = "isolation", "孤立の解消"
    JOB_SEARCH = "job_search", "就職活動の開始"
    TRAINING = "training", "職業訓練・就労準備の開始"
    BUDGET = "budget", "家計の改善"
    DEBT = "debt", "債務の整理"
    HOUSING = "housing", "住まいの確保・安定"
    HEALTH = "health", "健康状態の改善"
    HABITS = "habits", "生活習慣の改善"


class Direction(models.TextChoices):
    """今後の方向性 on the 評価シート."""

    CLOSE = "close", "終結"
    REPLAN = "replan", "再プラン（支援継続）"
    REFER = "refer", "他機関・他制度へつなぐ"
    WATCH = "watch", "見守りに移行"


class ClosureCode(models.TextChoices):
    """終結理由区分."""

    GOAL_MET = "goal_met", "目標達成（自立）"
    HANDED_OVER = "handed_over", "他機関・他制度へ引き継ぎ"
    WELFARE = "welfare", "生活保護へ移行"
    DECLINED = "declined", "本人の意思による終了"
    MOVED = "moved", "転出"
    DIED = "died", "死亡"
    LOST_CONTACT = "lost_contact", "連絡が取れない"
    OTHER = "other", "その他"


class Counterpart(models.TextChoices):
    """支援経過の相手方."""

    PERSON = "person", "本人"
    FAMILY = "family", "家族"
    AGENCY = "agency", "関係機関"
    COMMUNITY = "community", "地域の人（民生委員等）"
    OTHER = "other", "その他"


class Place(models.TextChoices):
    """支援経過の場所."""

    OFFICE = "office", "相談窓口（来所）"
    HOME = "home", "本人宅"
    AGENCY = "agency", "関係機関"
    OUTSIDE = "outside", "同行先・外出先"
    REMOTE = "remote", "電話・オンライン"
    OTHER = "other", "その他"


class Stage(models.TextChoices):
    """支援の段階 of a 支援経過, taken from the case's state on the day it was written."""

    INTAKE = "intake", "インテーク"
    ASSESSMENT = "assessment", "アセスメント"
    PLANNING = "planning", "プラン作成"
    SUPPORT = "support", "支援・モニタリング"
    CLOSURE = "closure", "終結・評価"


STAGE_OF_STATUS = {
    "intake": Stage.INTAKE,
    "assessment": Stage.ASSESSMENT,
    "planning": Stage.PLANNING,
    "awaiting_meeting": Stage.PLANNING,
    "support": Stage.SUPPORT,
    "closed": Stage.CLOSURE,
}


def in_list_order(choices: type[models.TextChoices], chosen: Iterable[str]) -> list[str]:
    """A multi-select's codes in the list's order, whatever order the browser sent them in."""
    picked = set(chosen)
    return [c.value for c in choices if c.value in picked]


def card_kinds_problem(card: str | None, kinds: Iterable[str] | None) -> str:
    """手帳の種類 goes with a 障害者手帳 held, applied for or suspected; with none (or nothing said) it is a slip.
    The same rule on the intake and the assessment, so a fact carried over never blocks the next form."""
    if kinds and card in (None, "", DisabilityCard.NONE):
        return "手帳の種類を選んだときは、障害者手帳の「所持」「申請中」などを選んでください。"
    return ""


def labels(choices: type[models.TextChoices], chosen: Iterable[str]) -> list[str]:
    """The labels of the chosen codes, in the list's order (a multi-select stored as codes)."""
    picked = set(chosen)
    return [c.label for c in choices if c.value in picked]


class LifeSituation(models.Model):
    """本人の生活の状況, recorded at intake (B票) and carried into the assessment, which may correct it."""

    employment = models.CharField("就労状況", max_length=14, choices=Employment.choices, blank=True)
    employment_note = models.CharField("仕事の内容・職歴", max_length=200, blank=True)
    housing = models.CharField("住まい", max_length=12, choices=Housing.choices, blank=True)
    housing_unstable = models.BooleanField("住まいを失うおそれがある", default=False)
    housing_note = models.CharField("住まいについて", max_length=200, blank=True)
    income_sources = models.JSONField("収入源", default=list, blank=True)
    monthly_income = models.PositiveIntegerField("世帯の月収（円）", null=True, blank=True)
    welfare = models.CharField("生活保護", max_length=10, choices=Welfare.choices, blank=True)
    debt = models.CharField("債務（借金）", max_length=8, choices=Presence.choices, blank=True)
    arrears = models.JSONField("滞納", default=list, blank=True)
    money_note = models.CharField("債務・滞納の内容", max_length=200, blank=True)
    illness = models.CharField("病気・通院の状況", max_length=200, blank=True)
    treatment = models.CharField("通院", max_length=12, choices=Treatment.choices, blank=True)
    mental_health = models.CharField(
        "メンタルヘルスの不調", max_length=10, choices=MentalHealth.choices, blank=True
    )
    disability_card = models.CharField(
        "障害者手帳", max_length=10, choices=DisabilityCard.choices, blank=True
    )
    card_kinds = models.JSONField("手帳の種類", default=list, blank=True)
    health_insurance = models.CharField(
        "健康保険", max_length=10, choices=HealthInsurance.choices, blank=True
    )
    pension = models.CharField("年金", max_length=10, choices=Pension.choices, blank=True)
    issues = models.JSONField("課題の特性", default=list, blank=True)

    class Meta:
        abstract = True


# The items of LifeSituation, in the form's order: what the assessment carries over from the intake.
LIFE_FIELDS = (
    "employment",
    "employment_note",
    "housing",
    "housing_unstable",
    "housing_note",
    "income_sources",
    "monthly_income",
    "welfare",
    "debt",
    "arrears",
    "money_note",
    "illness",
    "treatment",
    "mental_health",
    "disability_card",
    "card_kinds",
    "health_insurance",
    "pension",
    "issues",
)

# The free text among them: dropped when a record is anonymised (the codes stay for the counts).
LIFE_FREE_TEXT = ("employment_note", "housing_note", "money_note", "illness")

# The multi-selects among them and their lists.
LIFE_MULTI: dict[str, type[models.TextChoices]] = {
    "income_sources": IncomeSource,
    "arrears": Arrear,
    "card_kinds": CardKind,
    "issues": Issue,
}


def life_summary(record: LifeSituation) -> list[tuple[str, str]]:
    """(label, text) for each item recorded, as a page or 開示 shows it; items not recorded are left out."""
    rows: list[tuple[str, str]] = []
    meta = type(record)._meta
    for name in LIFE_FIELDS:
        value = getattr(record, name)
        label = str(getattr(meta.get_field(name), "verbose_name", name))
        if name in LIFE_MULTI:
            text = "、".join(labels(LIFE_MULTI[name], value or []))
        elif name == "housing_unstable":
            text = "はい" if value else ""
        elif name == "monthly_income":
            text = f"{value:,}円" if value is not None else ""
        else:
            display = getattr(record, f"get_{name}_display", None)
            text = str(display()) if display and value else str(value or "")
        if text:
            rows.append((label, text))
    return rows
