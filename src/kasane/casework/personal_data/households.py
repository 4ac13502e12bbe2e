"""What casework holds of persons and households about a person, and how a household's identity is removed at the end of
its retention period (see ``kasane.governance.registry``)."""

from __future__ import annotations

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from kasane.casework.models import Household, Person, PersonKey
from kasane.lib.dates import wareki
from kasane.lib.personal_data import (
    ANONYMISED,
    Cutoff,
    Field,
    Record,
    Scrubbed,
    Section,
    Tally,
    local_day,
    moment_text,
)


class HouseholdsProvider:
    key = "households"
    label = "本人・世帯"
    models = ("casework.Household", "casework.Person", "casework.PersonKey")

    def collect(self, person: Person) -> list[Section]:
        p = Person.objects.select_related("household", "owner_agency").get(pk=person.pk)
        household = p.household
        members = Person.objects.filter(household=household).count()
        fields = (
            Field("name", "氏名", p.name, p.name),
            Field("kana", "ふりがな", p.kana, p.kana),
            Field("sex", "性別", p.get_sex_display(), p.sex),
            Field(
                "birth_date",
                "生年月日",
                wareki(p.birth_date),
                p.birth_date.isoformat() if p.birth_date else None,
            ),
            Field("address", "住所", p.address, p.address),
            Field("phone", "電話（自宅）", p.phone, p.phone),
            Field("mobile", "電話（携帯）", p.mobile, p.mobile),
            Field("email", "メールアドレス", p.email, p.email),
            Field(
                "relationship", "続柄（主たる相談者から見て）", p.get_relationship_display(), p.relationship
            ),
            Field("lives_apart", "別居", "別居" if p.lives_apart else "同居", p.lives_apart),
            Field("apart_note", "別居先", p.apart_note, p.apart_note),
            Field("notes", "備考", p.notes, p.notes),
            Field("owner_agency", "記録した機関", p.owner_agency.name, p.owner_agency.name),
            Field("created_at", "登録日時", moment_text(p.created_at), p.created_at.isoformat()),
        )
        household_fields = (
            Field("household_address", "世帯の住所", household.address, household.address),
            Field("household_notes", "世帯の状況", household.notes, household.notes),
            Field("members", "世帯員の数（本人を含む）", f"{members}人", members),
        )
        return [
            Section(self.key, "本人の情報", (Record(f"本人 No.{p.pk}", fields),)),
            Section(
                "household",
                "世帯の情報",
                (Record(f"世帯 No.{household.pk}", household_fields),),
                note="ほかの世帯員の氏名などは、その人の個人情報のため含めていません。",
            ),
        ]

    def holds(self, cutoff: Cutoff) -> list[Q]:
        recent_member = Person.objects.filter(household=OuterRef("pk"), updated_at__gte=cutoff.moment)
        return [
            Q(created_at__gte=cutoff.moment) | Q(updated_at__gte=cutoff.moment),
            Q(Exists(recent_member)),
        ]

    def inventory(self, households: QuerySet[Household]) -> list[Tally]:
        h = households.aggregate(n=Count("pk"), oldest=Min("created_at"), newest=Max("updated_at"))
        p = Person.objects.filter(household__in=households).aggregate(
            n=Count("pk"), oldest=Min("created_at"), newest=Max("updated_at")
        )
        return [
            Tally("世帯", h["n"], local_day(h["oldest"]), local_day(h["newest"])),
            Tally("本人・世帯員", p["n"], local_day(p["oldest"]), local_day(p["newest"])),
        ]

    def anonymise(self, household: Household, scrubbed: Scrubbed) -> None:
        # update() leaves updated_at alone; the name index goes with the names.
        persons = Person.objects.filter(household=household)
        PersonKey.objects.filter(person__in=persons).delete()
        scrubbed.add(
            "本人・世帯員",
            persons.update(
                name=ANONYMISED,
                kana="",
                birth_date=None,
                address="",
                phone="",
                mobile="",
                email="",
                notes="",
                apart_note="",
                name_key="",
                kana_key="",
                phone_key="",
                mobile_key="",
            ),
        )
        scrubbed.add("世帯", Household.objects.filter(pk=household.pk).update(address="", notes=""))


provider = HouseholdsProvider()
