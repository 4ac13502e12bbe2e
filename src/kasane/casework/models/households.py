"""世帯 (households) and 本人 / 世帯員 (persons): identity is entered once and every record refers to it.

Names and ふりがな are kept exactly as staff typed them (髙, 﨑, 邉 …). Search runs on folded keys kept
beside them in ``PersonKey``: every suffix of the folded name and ふりがな, so that a prefix range on an
ordinary B-tree index finds any part of a name, including two-character surnames, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from kasane.lib.dates import today
from kasane.lib.records import AuditLabelled
from kasane.lib.text import name_key, name_suffixes, phone_key


class Sex(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"
    OTHER = "other", "その他"
    UNANSWERED = "unanswered", "未回答"


class Household(AuditLabelled, models.Model):
    audit_noun = "世帯"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    owner_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="記録した機関"
    )
    address = models.CharField("住所", max_length=200, blank=True)
    notes = models.TextField("世帯の状況", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the retention period ran out and the household's personal data was anonymised
    # (kasane.governance.retention); the records stay, for counts, without names or content.
    anonymised_at = models.DateTimeField("匿名化した日時", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "世帯"
        verbose_name_plural = "世帯"

    def __str__(self) -> str:
        return f"世帯 #{self.pk}"

    def label_for(self, main: Person | None) -> str:
        return f"{main.family_name}さん世帯" if main is not None else str(self)


class Relationship(models.TextChoices):
    """続柄 as staff write it on the forms: one word for one person (母, 長男), seen from the main person."""

    SELF = "self", "本人"
    HUSBAND = "husband", "夫"
    WIFE = "wife", "妻"
    FATHER = "father", "父"
    MOTHER = "mother", "母"
    ELDEST_SON = "eldest_son", "長男"
    SECOND_SON = "second_son", "二男"
    THIRD_SON = "third_son", "三男"
    ELDEST_DAUGHTER = "eldest_daughter", "長女"
    SECOND_DAUGHTER = "second_daughter", "二女"
    THIRD_DAUGHTER = "third_daughter", "三女"
    CHILD = "child", "子"
    ELDER_BROTHER = "elder_brother", "兄"
    YOUNGER_BROTHER = "younger_brother", "弟"
    ELDER_SISTER = "elder_sister", "姉"
    YOUNGER_SISTER = "younger_sister", "妹"
    GRANDFATHER = "grandfather", "祖父"
    GRANDMOTHER = "grandmother", "祖母"
    GRANDCHILD = "grandchild", "孫"
    CHILD_IN_LAW = "child_in_law", "子の配偶者"
    FATHER_IN_LAW = "father_in_law", "義父"
    MOTHER_IN_LAW = "mother_in_law", "義母"
    OTHER_RELATIVE = "other_relative", "その他の親族"
    OTHER = "other", "その他（同居人など）"
    # Recorded before 続柄 named one person; still shown as written, no longer offered (LEGACY_RELATIONSHIPS).
    SPOUSE = "spouse", "配偶者"
    PARENT = "parent", "父母"
    SIBLING = "sibling", "兄弟姉妹"
    GRANDPARENT = "grandparent", "祖父母"


# Words that cover two people (父母, 兄弟姉妹): existing rows keep them, new entries choose one person.
LEGACY_RELATIONSHIPS = frozenset(
    {Relationship.SPOUSE, Relationship.PARENT, Relationship.SIBLING, Relationship.GRANDPARENT}
)


class Person(AuditLabelled, models.Model):
    audit_noun = "本人"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    owner_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="記録した機関"
    )
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    name = models.CharField("氏名", max_length=60, help_text="姓と名の間に空白を入れてください。")
    kana = models.CharField("ふりがな", max_length=60, blank=True)
    sex = models.CharField("性別", max_length=12, choices=Sex.choices, default=Sex.UNANSWERED)
    birth_date = models.DateField("生年月日", null=True, blank=True)
    address = models.CharField("住所", max_length=200, blank=True)
    phone = models.CharField("電話（自宅）", max_length=30, blank=True)
    mobile = models.CharField("電話（携帯）", max_length=30, blank=True)
    email = models.EmailField("メールアドレス", max_length=120, blank=True)
    notes = models.TextField("備考", blank=True)
    relationship = models.CharField(
        "続柄（主たる相談者から見て）", max_length=20, choices=Relationship.choices, default=Relationship.SELF
    )
    is_main = models.BooleanField("主たる相談者", default=False)
    lives_apart = models.BooleanField("別居", default=False)
    apart_note = models.CharField("別居先", max_length=100, blank=True, help_text="例：隣町に住む長男")
    name_key = models.CharField(max_length=60, editable=False, default="")
    kana_key = models.CharField(max_length=60, editable=False, default="")
    phone_key = models.CharField(max_length=30, editable=False, default="", db_index=True)
    mobile_key = models.CharField(max_length=30, editable=False, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # 名寄せ: the record this one was merged into (casework.services.merges); it then drops out of lists.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )

    # Not stored: set by casework.queries.search on the persons a list shows.
    household_main: Person | None
    last_contact: dt.datetime | None

    class Meta:
        verbose_name = "本人・世帯員"
        verbose_name_plural = "本人・世帯員"
        ordering = ["-is_main", "pk"]
        indexes = [
            models.Index(fields=["municipality", "birth_date"], name="person_birth"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # The folded keys live on this row; the name index (PersonKey) is written by
        # services.households.index_names, which every service that saves a name calls.
        self.refresh_keys()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def family_name(self) -> str:
        return self.name.replace("\u3000", " ").split(" ")[0]

    def age(self, on: dt.date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        on = on or today()
        born = self.birth_date
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def refresh_keys(self) -> None:
        self.name_key = name_key(self.name)
        self.kana_key = name_key(self.kana)
        self.phone_key = phone_key(self.phone)
        self.mobile_key = phone_key(self.mobile)

    def index_keys(self) -> dict[str, bool]:
        """The rows of the name index: each folded suffix of the name and ふりがな, and whether it is a word."""
        return name_suffixes(self.name, self.kana)

    def search_suffixes(self) -> set[str]:
        return set(self.index_keys())


class PersonKey(AuditLabelled, models.Model):
    """A folded suffix of a person's name or ふりがな: the index name search runs on."""

    audit_noun = "検索キー"

    # Two indexes only (15 rows a person make this the largest table). (owner_agency, key, person) answers a
    # search's prefix ranges from the index alone, one range per agency the viewer acts for, so a common
    # surname reads the viewer's own agency's matches and not the whole municipality's: visibility starts
    # from an agency (``casework.visibility``), and nobody sees a municipality's persons wholesale. The unique
    # (person, key) serves a person's own keys: persons seen on another basis, ranking, rewriting them,
    # deleting the person. The owner agency is copied from the person (``services.households.index_names``
    # keeps it in step); single-column indexes on the foreign keys would only repeat the first columns.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="search_keys", db_index=False)
    owner_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    key = models.CharField(max_length=60)
    # A whole word (part of the name, or the name) rather than a tail starting inside one: for ranking.
    is_word = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["owner_agency", "key", "person"], name="person_key_agency_range")]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="person_key_unique")]

    def __str__(self) -> str:
        return self.key
