"""Demo: 北海道's forums, trainings and meetings of the previous 年度 (all held) and the current one (some held,
some to come), with programmes, sign-ups from the demo municipalities, attendance, groups with the
contractor's facilitators, and the handouts kept with each past event.

The municipalities come from readiness.demo, looked up by name; かさね市's programme officer signs herself up
to some events, as she would from her own account.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile

from kasane.demo.names import SURNAMES, given_name
from kasane.demo.prefecture import events_data as data
from kasane.events import grouping
from kasane.events.groups import as_facilitator, as_people
from kasane.events.handout import programme_pdf
from kasane.events.models import (
    Event,
    EventGroup,
    EventMaterial,
    MaterialKind,
    ParticipantCategory,
    ProgrammeSlot,
    Registration,
)
from kasane.lib.dates import fiscal_year, fiscal_year_label
from kasane.readiness.models import Block
from kasane.tenancy.models import Municipality, Prefecture

if TYPE_CHECKING:
    from kasane.accounts.models import User
    from kasane.demo.prefecture.staff import BackupStaff

ATTENDANCE_RATE = 0.9
GROUP_SIZE = 6


def load(prefecture: Prefecture, today: dt.date, staff: BackupStaff) -> None:
    rng = random.Random(f"events-{prefecture.code}")
    municipalities = {m.name: m for m in Municipality.objects.filter(prefecture=prefecture)}
    blocks = {b.name: b for b in Block.objects.filter(prefecture=prefecture)}
    current = fiscal_year(today)
    for spec in data.EVENTS:
        year = current + spec.year_offset
        event = _event(spec, prefecture, year, blocks, staff.prefecture)
        _programme(event, spec.programme)
        registrations = _registrations(event, spec, municipalities, rng)
        if spec.city_user and staff.city is not None:
            registrations.append(_city_officer(event, staff.city))
        held = not event.is_upcoming(today)
        if held:
            _attendance(registrations, rng)
            _materials(event, staff.prefecture, today)
        # Groups are made before the day: for past events, and for the next forum already arranged.
        if spec.grouped and (held or spec.key == "r1_central"):
            _groups(event, registrations, staff.facilitators)


def _on(year: int, month: int, day: int) -> dt.date:
    return dt.date(year if month >= 4 else year + 1, month, day)


def _time(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def _event(
    spec: data.EventSpec, prefecture: Prefecture, year: int, blocks: dict[str, Block], created_by: User
) -> Event:
    return Event.objects.create(
        prefecture=prefecture,
        kind=spec.kind,
        title=spec.title.replace("{年度}", fiscal_year_label(year).split("（")[0]),
        fiscal_year=year,
        starts_on=_on(year, spec.month, spec.day),
        start_time=_time(spec.start),
        end_time=_time(spec.end),
        format=spec.format,
        place=spec.place,
        online_url="https://meeting.kasane-demo.example/j/8120045" if spec.format != "in_person" else "",
        block=blocks.get(spec.block) if spec.block else None,
        target=spec.target,
        purpose=spec.purpose,
        created_by=created_by,
    )


def _programme(event: Event, slots: list[data.Slot]) -> None:
    ProgrammeSlot.objects.bulk_create(
        ProgrammeSlot(
            event=event,
            starts_at=_time(start),
            ends_at=_time(end) if end else None,
            title=title,
            speakers=speakers,
            content=content,
        )
        for start, end, title, speakers, content in slots
    )


def _person(rng: random.Random) -> tuple[str, str]:
    family = rng.choice(SURNAMES)
    given = given_name(rng, rng.choice(("female", "male")), rng.randint(1966, 2000))
    return f"{family[0]} {given[0]}", f"{family[1]} {given[1]}"


def _registrations(
    event: Event, spec: data.EventSpec, municipalities: dict[str, Municipality], rng: random.Random
) -> list[Registration]:
    rows = []
    for name, count in spec.from_municipalities:
        municipality = municipalities.get(name)
        if municipality is None:
            continue
        is_city = name.endswith("市")
        division = rng.choice(data.CITY_DIVISIONS if is_city else data.TOWN_DIVISIONS)
        for n in range(count):
            # A town's second or third person is often from its 社協 or 地域包括.
            from_agency = n > 0 and rng.random() < 0.4
            organisation = f"{name}{rng.choice(data.AGENCIES)}" if from_agency else f"{name} {division}"
            full, kana = _person(rng)
            rows.append(
                Registration(
                    event=event,
                    name=full,
                    name_kana=kana,
                    municipality=municipality,
                    organisation=organisation,
                    category=ParticipantCategory.AGENCY if from_agency else ParticipantCategory.MUNICIPAL,
                    occupation=rng.choice(data.OCCUPATIONS),
                )
            )
    for bureau in spec.bureaus:
        full, kana = _person(rng)
        rows.append(
            Registration(
                event=event,
                name=full,
                name_kana=kana,
                organisation=f"{bureau} {data.BUREAU_DIVISION}",
                category=ParticipantCategory.BUREAU,
                occupation="事務",
            )
        )
    for _ in range(spec.prefectural):
        full, kana = _person(rng)
        rows.append(
            Registration(
                event=event,
                name=full,
                name_kana=kana,
                organisation=data.PREF_DIVISION,
                category=ParticipantCategory.PREFECTURAL,
                occupation="事務",
            )
        )
    return list(Registration.objects.bulk_create(rows))


def _city_officer(event: Event, user: User) -> Registration:
    city = Municipality.objects.filter(agencies__memberships__user=user).first()
    return Registration.objects.create(
        event=event,
        name=user.full_name,
        name_kana=user.full_name_kana,
        municipality=city,
        organisation=f"{city.name} 地域福祉課" if city else "",
        category=ParticipantCategory.MUNICIPAL,
        occupation="社会福祉士",
        user=user,
    )


def _attendance(registrations: list[Registration], rng: random.Random) -> None:
    for registration in registrations:
        registration.attended = registration.user_id is not None or rng.random() < ATTENDANCE_RATE
    Registration.objects.bulk_update(registrations, ["attended"])


def _groups(event: Event, registrations: list[Registration], facilitators: list[User]) -> None:
    by_id = {u.pk: u for u in facilitators}
    # About six to a group, but no more groups than there are facilitators to go round.
    count = grouping.group_count_for(len(registrations), group_size=GROUP_SIZE)
    proposal = grouping.propose(
        as_people(registrations),
        group_count=min(count, len(facilitators)) if facilitators else count,
        facilitators=[as_facilitator(u) for u in facilitators],
    )
    by_key = {r.pk: r for r in registrations}
    for proposed in proposal:
        facilitator = by_id[proposed.facilitator.key] if proposed.facilitator else None
        group = EventGroup.objects.create(event=event, number=proposed.number, facilitator=facilitator)
        for person in proposed.members:
            by_key[person.key].group = group
    Registration.objects.bulk_update(registrations, ["group"])


def _materials(event: Event, uploader: User, today: dt.date) -> None:
    pdf = programme_pdf(event, list(event.slots.all()), made_on=min(today, event.starts_on))
    EventMaterial.objects.create(
        event=event,
        kind=MaterialKind.MATERIAL,
        title="次第・プログラム",
        file=ContentFile(pdf, name="次第.pdf"),
        original_name=f"{event.title}_次第.pdf",
        size=len(pdf),
        uploaded_by=uploader,
    )
    if event.format != "in_person":
        EventMaterial.objects.create(
            event=event,
            kind=MaterialKind.RECORDING,
            title="当日の録画（参加者限定公開）",
            link=f"https://video.kasane-demo.example/events/{event.pk}",
            uploaded_by=uploader,
        )
