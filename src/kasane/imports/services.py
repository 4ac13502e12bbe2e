"""Bringing a municipality's existing records in: upload (kept while pending), mapping and the check (nothing
written), apply (one transaction: the households and persons through casework's bulk path, each with its audit
entry naming the import, and a record of which import made each), and undo as a whole.

The undo rule: only while nothing has been added on top — no person or household it created has been changed
since, and nothing refers to them (a consultation, a consent, a case, a meeting, anything) but their own name
index. Then they are deleted, since the import made them and nothing else knows them; otherwise undo refuses
and says how many records stand in the way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence, Set
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone

from kasane import audit
from kasane.agencies.models import Agency
from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.casework.forms.consultations import ConsultationForm
from kasane.casework.models import Consultation, Household, Person, PersonKey
from kasane.casework.services.bulk import add_households
from kasane.casework.services.consultations import record_consultation
from kasane.casework.visibility import Viewer
from kasane.imports.columns import guess
from kasane.imports.models import ImportedRecord, RecordImport
from kasane.imports.rows import Parsed, read_rows
from kasane.lib.dates import today
from kasane.tenancy.models import Municipality

MAX_ROWS = 20_000
# A kintone app's export can be wide; wider than this is not a list of persons.
MAX_COLUMNS = 100
# How long an upload may wait for its mapping and check before it is dropped with the file's rows.
PENDING_DAYS = 7


class ImportRefused(Exception):
    """The import cannot go on; the message says why, in Japanese."""


def start(
    *, municipality: Municipality, agency: Agency, filename: str, table: list[list[str]], actor: Actor
) -> RecordImport:
    """Keep the upload while staff map its columns (replacing their earlier pending upload)."""
    rows = [row for row in table if any(c.strip() for c in row)]
    if len(rows) < 2:
        raise ImportRefused("見出しの行のほかに、取り込む行がありません。")
    if len(rows) - 1 > MAX_ROWS:  # the reader stops one row past the limit, so that this is known
        raise ImportRefused(f"一度に取り込めるのは{MAX_ROWS:,}行までです。分けて取り込んでください。")
    with transaction.atomic():
        drop_stale(municipality)
        RecordImport.objects.filter(
            municipality=municipality, state=RecordImport.State.PENDING, uploaded_by=actor.staff
        ).delete()
        batch = RecordImport.objects.create(
            municipality=municipality,
            owner_agency=agency,
            filename=filename[:200],
            table=table,
            headings=rows[0],
            mapping=guess(rows[0]),
            uploaded_by=actor.staff,
            uploaded_at=timezone.now(),
        )
        # The file's rows are personal data kept in kasane from now on, if only for a while.
        audit.log(
            "records.import_uploaded",
            actor=actor,
            agency=agency,
            obj=batch,
            details={"filename": batch.filename, "rows": len(rows) - 1, "columns": len(rows[0])},
        )
        return batch


def drop_stale(municipality: Municipality) -> int:
    """Uploads left pending longer than PENDING_DAYS hold a file's personal data for nothing: they go."""
    cutoff = timezone.now() - dt.timedelta(days=PENDING_DAYS)
    stale = RecordImport.objects.filter(
        municipality=municipality, state=RecordImport.State.PENDING, uploaded_at__lt=cutoff
    )
    return stale.delete()[0]


def check(batch: RecordImport) -> Parsed:
    """What applying would create, and every problem by line; nothing is written."""
    parsed = read_rows(batch.table, batch.mapping, today=today(), municipality=batch.municipality)
    if not any(key in batch.mapping.values() for key in ("name", "family_name")):
        parsed.problems.insert(0, (1, "「氏名」（または「姓」）にあたる列を選んでください。"))
    return parsed


def possible_duplicates(batch: RecordImport, parsed: Parsed) -> int:
    """Persons of the file that the agency already has, by folded name and birth date (a file imported twice)."""
    keys = set()
    for _, _, members in parsed.families:
        for _, person in members:
            person.refresh_keys()
            keys.add((person.name_key, person.birth_date))
    names = {k for k, _ in keys}
    on_record = set(
        Person.objects.filter(owner_agency=batch.owner_agency, name_key__in=names).values_list(
            "name_key", "birth_date"
        )
    )
    return len(keys & on_record)


def viewed(batch: RecordImport, *, actor: Actor) -> None:
    """The mapping page shows the first rows of every column: a read of personal data, on the trail."""
    audit.log(
        "records.import_viewed",
        actor=actor,
        agency=batch.owner_agency,
        obj=batch,
        details={"filename": batch.filename},
    )


@transaction.atomic
def set_mapping(batch: RecordImport, mapping: dict[str, str], *, actor: Actor) -> Parsed:
    batch.mapping = {index: key for index, key in mapping.items() if key}
    batch.save(update_fields=["mapping"])
    parsed = check(batch)
    audit.log(
        "records.import_checked",
        actor=actor,
        agency=batch.owner_agency,
        obj=batch,
        details={"filename": batch.filename, "persons": parsed.persons, "problems": len(parsed.problems)},
    )
    return parsed


@transaction.atomic
def apply(batch: RecordImport, *, actor: Actor) -> RecordImport:
    batch = RecordImport.objects.select_for_update().get(pk=batch.pk)
    if batch.state != RecordImport.State.PENDING:
        raise ImportRefused("この取り込みはすでに反映されています。")
    parsed = check(batch)
    if parsed.problems:
        raise ImportRefused("読み取れない行があります。直してから反映してください。")
    families = []
    for _, household, members in parsed.families:
        household.municipality = batch.municipality
        household.owner_agency = batch.owner_agency
        household.created_by = actor.staff
        for _, person in members:
            person.municipality = batch.municipality
            person.owner_agency = batch.owner_agency
            person.created_by = actor.staff
        families.append((household, [p for _, p in members]))
    source = f"記録の取り込み「{batch.filename}」（取り込み番号 {batch.pk}）"
    added = add_households(batch.municipality, families, actor=actor, source=source)
    consultations = _record_consultations(batch, parsed, actor)
    ImportedRecord.objects.bulk_create(
        [
            record
            for line, household, members in parsed.families
            for record in (
                ImportedRecord(
                    batch=batch, kind=ImportedRecord.Kind.HOUSEHOLD, record_id=household.pk, line=line
                ),
                *(
                    ImportedRecord(batch=batch, kind=ImportedRecord.Kind.PERSON, record_id=p.pk, line=n)
                    for n, p in members
                ),
            )
        ]
        + [
            ImportedRecord(batch=batch, kind=ImportedRecord.Kind.CONSULTATION, record_id=c.pk, line=line)
            for line, c in consultations
        ]
    )
    batch.state = RecordImport.State.APPLIED
    batch.applied_at = timezone.now()
    batch.counts = {"households": len(families), "persons": added, "consultations": len(consultations)}
    batch.table = []  # the records now hold the data; the file's copy goes
    batch.save()
    audit.log(
        "records.imported",
        actor=actor,
        agency=batch.owner_agency,
        obj=batch,
        details={"filename": batch.filename, **batch.counts},
    )
    return batch


def _record_consultations(
    batch: RecordImport, parsed: Parsed, actor: Actor
) -> list[tuple[int, Consultation]]:
    """Each row's 相談受付, through the intake's own service, as the importer acting for the chosen agency."""
    owner = frozenset({batch.owner_agency_id})
    viewer = Viewer(
        user=actor.staff, municipality=batch.municipality, agency_ids=owner, edit_agency_ids=owner
    )
    recorded = []
    for line, person, data in parsed.consultations:
        form = ConsultationForm(data=data, municipality=batch.municipality)
        if not form.is_valid():
            raise ImportRefused(f"{line}行目の相談を読み取れません。もう一度確認してください。")
        recorded.append((line, record_consultation(viewer, form, person=person, actor=actor)))
    return recorded


def _ids(batch: RecordImport, kind: str) -> list[int]:
    return list(batch.records.filter(kind=kind).values_list("record_id", flat=True))


@transaction.atomic
def undo(batch: RecordImport, *, actor: Actor) -> RecordImport:
    batch = RecordImport.objects.select_for_update().get(pk=batch.pk)
    if batch.state != RecordImport.State.APPLIED:
        raise ImportRefused("元に戻せるのは、反映した取り込みだけです。")
    consultations = list(Consultation.objects.filter(pk__in=_ids(batch, ImportedRecord.Kind.CONSULTATION)))
    persons = list(Person.objects.filter(pk__in=_ids(batch, ImportedRecord.Kind.PERSON)))
    households = list(Household.objects.filter(pk__in=_ids(batch, ImportedRecord.Kind.HOUSEHOLD)))
    assert batch.applied_at is not None
    changed = sum(1 for p in persons if p.updated_at > batch.applied_at)
    changed += sum(1 for h in households if h.updated_at > batch.applied_at)
    # A 相談受付 keeps no update time; closing or reopening one is what changes it, and the trail says so.
    changed += (
        AuditEntry.objects.filter(
            object_type=Consultation._meta.label_lower,
            object_id__in=[str(c.pk) for c in consultations],
            action__in=("consultation.closed", "consultation.reopened"),
            created_at__gt=batch.applied_at,
        )
        .values("object_id")
        .distinct()
        .count()
    )
    ours: set[tuple[type[Model], int]] = {(Person, p.pk) for p in persons}
    ours |= {(Household, h.pk) for h in households}
    ours |= {(Consultation, c.pk) for c in consultations}
    later = _referred_to(persons, ours) + _referred_to(households, ours) + _referred_to(consultations, ours)
    extra = Person.objects.filter(household__in=households).exclude(pk__in=[p.pk for p in persons]).count()
    if changed or later or extra:
        raise ImportRefused(
            "元に戻せません。取り込んだ記録のうち"
            + "、".join(
                part
                for part in (
                    f"{changed}件がその後変更されています" if changed else "",
                    f"{later}件にその後の記録（相談・同意・ケースなど）があります" if later else "",
                    f"{extra}人の世帯員がその後加えられています" if extra else "",
                )
                if part
            )
            + "。"
        )
    try:
        with transaction.atomic():
            Consultation.objects.filter(pk__in=[c.pk for c in consultations]).delete()
            PersonKey.objects.filter(person__in=persons).delete()
            Person.objects.filter(pk__in=[p.pk for p in persons]).delete()
            Household.objects.filter(pk__in=[h.pk for h in households]).delete()
    except (ProtectedError, RestrictedError):
        raise ImportRefused("元に戻せません。取り込んだ記録に、その後の記録がつながっています。") from None
    batch.state = RecordImport.State.UNDONE
    batch.undone_at = timezone.now()
    batch.undone_by = actor.staff
    batch.save(update_fields=["state", "undone_at", "undone_by"])
    audit.log(
        "records.import_undone",
        actor=actor,
        agency=batch.owner_agency,
        obj=batch,
        details={
            "filename": batch.filename,
            "persons": len(persons),
            "households": len(households),
            "consultations": len(consultations),
        },
    )
    return batch


def _referred_to(records: Sequence[Model], ours: Set[tuple[type[Model], int]]) -> int:
    """How many of the records something else refers to: every relation that points at their model (a
    consultation, a consent, a case, a meeting's agenda, anything), one query per relation, leaving out the
    import's own records and the name index (which goes with the person)."""
    if not records:
        return 0
    model = type(records[0])
    referred: set[int] = set()
    relations = [f for f in model._meta.get_fields(include_hidden=True) if f.auto_created and not f.concrete]
    for relation in relations:
        related = relation.related_model
        if related in (PersonKey, AuditEntry):
            continue
        name = relation.field.name  # type: ignore[union-attr]
        rows = related._base_manager.filter(**{f"{name}__in": records})  # type: ignore[union-attr]
        own = [pk for m, pk in ours if m is related]
        if own:
            rows = rows.exclude(pk__in=own)
        referred |= set(rows.values_list(name, flat=True))
    return len(referred)


def mapping_choices(batch: RecordImport) -> list[dict[str, Any]]:
    """Each column with its heading, a few sample values and its current target, for the mapping screen."""
    rows = [row for row in batch.table if any(c.strip() for c in row)][1:4]
    return [
        {
            "index": str(i),
            "heading": heading,
            "samples": [row[i] for row in rows if i < len(row) and row[i].strip()],
            "target": batch.mapping.get(str(i), ""),
        }
        for i, heading in enumerate(batch.headings)
    ]
