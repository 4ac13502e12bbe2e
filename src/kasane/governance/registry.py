"""The registry of personal data: which app holds what about a person, and how each app lets it go.

Every app that stores personal data contributes one *provider*, in its own ``personal_data`` module, and
lists it here in ``PROVIDERS``. The contract a provider fulfils (``Provider``, ``Section``, ``Record`` …) is
in ``kasane.lib.personal_data``, below the apps that implement it. A provider answers four questions for the governance features:

- ``collect(person)``: everything the app holds about one person, as Japanese-labelled sections (開示);
- ``holds(cutoff)``: conditions under which a household must be kept (open work, or activity on or after
  the cutoff) — the retention run anonymises only households none of the providers holds;
- ``inventory(households)``: how many records of each kind those households have, and their dates, for
  the dry run (counts and dates only, never a name);
- ``anonymise(household, scrubbed)``: scrub names and free text from the app's records of one household,
  keeping the rows and the coded fields that counts are made of, and tally what it changed in
  ``scrubbed``. It runs inside the household's transaction.

Adding an app (the meetings app, for example) takes one line: write ``kasane/meetings/personal_data.py``
with a ``provider`` object of a class like the ones in ``kasane/casework/personal_data/``, list its models
in ``models``, give them an ``audit_label``, and add ``"kasane.meetings.personal_data.provider"`` to
``PROVIDERS`` below. Until then, ``uncovered_models()`` reports the app's models and the retention run
keeps every household that has a record in them (it cannot scrub what no provider describes), and
``tests/governance/test_disclosure_and_retention.py`` reminds whoever adds a model that links to a person.

Anonymisers run in the reverse order of ``PROVIDERS``, so that the households provider, which removes the
identity (birth date, names), runs last: the others may still derive what they keep from it (the
consultation's age band comes from the birth date).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Exists, Model, OuterRef, Q
from django.utils.module_loading import import_string

from kasane.lib.personal_data import (
    Provider,
    Section,
)

if TYPE_CHECKING:
    from kasane.casework.models import Person

PROVIDERS: tuple[str, ...] = (
    "kasane.casework.personal_data.households.provider",
    "kasane.casework.personal_data.consultations.provider",
    "kasane.casework.personal_data.consents.provider",
    "kasane.casework.personal_data.referrals.provider",
    "kasane.casework.personal_data.cases.provider",
    "kasane.casework.personal_data.merges.provider",
    "kasane.meetings.personal_data.provider",
    "kasane.outreach.personal_data.provider",
    "kasane.participation.personal_data.provider",
    "kasane.governance.personal_data.provider",
)


@cache
def providers() -> tuple[Provider, ...]:
    return tuple(import_string(path) for path in PROVIDERS)


def collect(person: Person) -> list[Section]:
    return [section for provider in providers() for section in provider.collect(person)]


def staff_notes(person: Person) -> list[str]:
    """What the staff handling a 開示請求 must weigh and the document must not say (a provider may offer
    ``staff_notes``; the meetings provider tells how many 支援会議 items there are)."""
    return [
        note
        for provider in providers()
        for note in (provider.staff_notes(person) if hasattr(provider, "staff_notes") else [])
    ]


# Which models hold personal data: those that point at a person or a household, directly or through
# another such model. Anything here that no provider lists is uncovered.


@cache
def personal_models() -> tuple[type[Model], ...]:
    found: dict[str, type[Model]] = {
        "casework.household": apps.get_model("casework", "Household"),
        "casework.person": apps.get_model("casework", "Person"),
    }
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model._meta.label_lower in found:
                continue
            if any(related._meta.label_lower in found for related in _forward(model).values()):
                found[model._meta.label_lower] = model
                grew = True
    return tuple(sorted(found.values(), key=lambda m: m._meta.label_lower))


def covered_labels() -> set[str]:
    return {label.lower() for provider in providers() for label in provider.models}


def uncovered_models() -> list[type[Model]]:
    covered = covered_labels()
    return [m for m in personal_models() if m._meta.label_lower not in covered]


def _forward(model: type[Model]) -> dict[str, type[Model]]:
    """The model's foreign keys and one-to-one fields, by name, with the models they point at."""
    return {
        f.name: f.related_model
        for f in model._meta.get_fields()
        if f.concrete and (f.many_to_one or f.one_to_one) and isinstance(f.related_model, type)
    }


def household_lookups(model: type[Model]) -> list[str]:
    """Lookups from a personal model to its household's id: the one sure way there when a required link
    leads to it (a decision's ``case__household``), else one per possible link (a meeting item may name a
    case, a plan or only a person)."""
    personal = {m._meta.label_lower for m in personal_models()}
    return _lookups(model, personal, frozenset())[0]


def _lookups(model: type[Model], personal: set[str], seen: frozenset[str]) -> tuple[list[str], bool]:
    label = model._meta.label_lower
    if label == "casework.household":
        return ["pk"], True
    if label == "casework.person":
        return ["household"], True
    sure: list[str] = []
    possible: list[str] = []
    for name, related in _forward(model).items():
        if related._meta.label_lower not in personal or related._meta.label_lower in seen | {label}:
            continue
        paths, certain = _lookups(related, personal, seen | {label})
        joined = [name if rest == "pk" else f"{name}__{rest}" for rest in paths]
        if certain and not getattr(model._meta.get_field(name), "null", True):
            sure += joined
        possible += joined
    if sure:
        return [min(sure, key=lambda p: (p.count("__"), p))], True
    return possible, False


def uncovered_holds() -> list[tuple[str, Q]]:
    """For each uncovered model, the condition that a household has a record in it (kept back)."""
    conditions = []
    for model in uncovered_models():
        lookups = household_lookups(model)
        if not lookups:
            continue
        match = Q()
        for lookup in lookups:
            match |= Q(**{lookup: OuterRef("pk")})
        conditions.append((str(model._meta.verbose_name), Q(Exists(model._default_manager.filter(match)))))
    return conditions
