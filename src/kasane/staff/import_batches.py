"""Applying a previewed agency and staff list, and undoing it.

A pending ``StaffImport`` holds the preview. Applying writes exactly the rows it showed, all in one
transaction, through the same services as the screens (``save_agency``, ``create_staff``, ``add_membership``,
each with its audit entry) plus one entry for the import as a whole; a file with any error row is never
applied. If anything the preview relied on has changed since (a user name taken, an agency edited), nothing is
written and the administrator is asked to upload again.

The undo rule: only the municipality's latest applied import, and only while nothing has been built on it —
no account it created has been used to log in or been given another membership, no agency it created is
referred to by anything but the import's own memberships and the audit trail, and every agency it updated is
still as the import left it. Undo removes the memberships it added, retires the accounts and agencies it
created (they cannot log in or be chosen, and their names are free again; the rows stay because the
append-only audit trail names them), and restores updated agencies, in one transaction with its audit entry;
otherwise it refuses and says what stands in the way.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import router, transaction
from django.db.models import Q
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from kasane import audit
from kasane.accounts.models import Membership, User
from kasane.accounts.services import add_membership, create_staff
from kasane.agencies.forms import AgencyForm
from kasane.agencies.models import Agency, AgencyTopic
from kasane.agencies.services import save_agency
from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.staff.import_file import AGENCIES
from kasane.staff.import_plan import (
    ADD_MEMBERSHIP,
    NEW,
    UPDATE,
    Importer,
    Plan,
    agency_data,
    existing_user_action,
    key,
)
from kasane.staff.models import StaffImport
from kasane.tenancy.models import Municipality

PENDING_DAYS = 7
CHANGED_SINCE = "プレビューの後に登録内容が変わりました（{what}）。もう一度ファイルを選んで確認してください。"


class ImportRefused(Exception):
    """The import cannot be applied or undone; the message says why, in Japanese."""


def start(*, municipality: Municipality, filename: str, plan: Plan, actor: Actor) -> StaffImport:
    """Keep the preview as a pending import (replacing this administrator's earlier pending one)."""
    with transaction.atomic():
        # This administrator's earlier preview, and anyone's left longer than PENDING_DAYS: a preview holds
        # the file's names and addresses, for nothing once nobody will apply it.
        StaffImport.objects.filter(municipality=municipality, state=StaffImport.State.PENDING).filter(
            Q(uploaded_by=actor.staff) | Q(uploaded_at__lt=timezone.now() - dt.timedelta(days=PENDING_DAYS))
        ).delete()
        batch = StaffImport.objects.create(
            municipality=municipality,
            filename=filename[:200],
            rows=plan.rows,
            counts=plan.counts(),
            uploaded_by=actor.staff,
            uploaded_at=timezone.now(),
        )
        audit.log(
            "staff.import_previewed",
            actor=actor,
            obj=batch,
            details={"filename": batch.filename, **batch.counts},
        )
    return batch


def latest_applied(municipality: Municipality) -> StaffImport | None:
    return (
        StaffImport.objects.filter(municipality=municipality, state=StaffImport.State.APPLIED)
        .order_by("-applied_at", "-pk")
        .first()
    )


@transaction.atomic
def apply(
    batch: StaffImport, *, actor: Actor, importer: Importer
) -> tuple[StaffImport, list[tuple[User, str]]]:
    """Write what the preview showed. Returns the new accounts with their temporary passwords, which are
    shown once and kept nowhere."""
    batch = StaffImport.objects.select_for_update().get(pk=batch.pk)
    if batch.state != StaffImport.State.PENDING:
        raise ImportRefused("この取り込みはすでに反映されています。取り込みの履歴をご覧ください。")
    if batch.counts.get("errors"):
        raise ImportRefused("エラーのある行を直してから、もう一度ファイルを選んでください。")
    municipality = batch.municipality
    agencies = {key(a.name): a for a in Agency.objects.in_municipality(municipality)}
    created_agencies: list[int] = []
    changed: list[dict[str, Any]] = []
    for row in batch.rows:
        if row["sheet"] != AGENCIES or row["action"] not in (NEW, UPDATE):
            continue
        existing = agencies.get(key(row["name"])) if row["action"] == UPDATE else None
        if row["action"] == NEW and key(row["name"]) in agencies:
            raise ImportRefused(CHANGED_SINCE.format(what=f"機関「{row['name']}」がすでに登録されています"))
        if row["action"] == UPDATE and (existing is None or existing.pk != row["agency_id"]):
            raise ImportRefused(CHANGED_SINCE.format(what=f"機関「{row['name']}」"))
        before = _json(agency_data(existing)) if existing else None
        if existing is not None and before != _json(row["before"]):
            raise ImportRefused(CHANGED_SINCE.format(what=f"機関「{row['name']}」が編集されています"))
        form = AgencyForm(data=row["data"], instance=existing, municipality=municipality)
        if not form.is_valid():
            raise ImportRefused(CHANGED_SINCE.format(what=f"{row['line']}行目の機関「{row['name']}」"))
        agency = save_agency(form, actor=actor)
        agencies[key(agency.name)] = agency
        if existing is None:
            created_agencies.append(agency.pk)
        else:
            changed.append({"id": agency.pk, "before": before, "after": _json(agency_data(agency))})
    created = {key(a.name): a for a in agencies.values() if a.pk in created_agencies}
    created_users, memberships, passwords = _apply_staff(batch, created, importer, actor)
    batch.state = StaffImport.State.APPLIED
    batch.applied_at = timezone.now()
    batch.created_agencies = created_agencies
    batch.changed_agencies = changed
    batch.created_users = created_users
    batch.created_memberships = memberships
    batch.save()
    audit.log(
        "staff.imported",
        actor=actor,
        obj=batch,
        details={
            "filename": batch.filename,
            "agencies_created": len(created_agencies),
            "agencies_updated": len(changed),
            "staff_created": len(created_users),
            "memberships_added": len(memberships),
        },
    )
    return batch, passwords


def _apply_staff(
    batch: StaffImport, created: dict[str, Agency], importer: Importer, actor: Actor
) -> tuple[list[int], list[dict[str, Any]], list[tuple[User, str]]]:
    """The staff rows, each checked again against the one who applies (``importer``): the agency the preview
    named, by its id, still theirs to manage and still so named; a role they may still grant; an existing
    account still theirs to change, and never their own."""
    manageable = {a.pk: a for a in importer.agencies}
    roles = {r.pk: r for r in importer.roles}
    users: dict[str, User] = {}
    created_users: list[int] = []
    memberships: list[dict[str, Any]] = []
    passwords: list[tuple[User, str]] = []
    for row in batch.rows:
        if row["sheet"] == AGENCIES or row["action"] not in (NEW, ADD_MEMBERSHIP):
            continue
        if row["agency_id"] is not None:
            agency = manageable.get(row["agency_id"])
            if agency is not None and key(agency.name) != key(row["agency_name"]):
                agency = None
        else:
            agency = created.get(key(row["agency_name"]))
        role = roles.get(row["role_id"])
        if agency is None or role is None:
            raise ImportRefused(CHANGED_SINCE.format(what=f"{row['line']}行目の所属機関または役割"))
        lowered = row["username"].lower()
        if row["action"] == NEW:
            if User.objects.filter(username__iexact=row["username"]).exists():
                raise ImportRefused(
                    CHANGED_SINCE.format(what=f"ユーザー名「{row['username']}」が使われています")
                )
            user, password = create_staff(
                username=row["username"],
                full_name=row["full_name"],
                full_name_kana=row["full_name_kana"],
                email=row["email"],
                agency=agency,
                role=role,
                actor=actor,
            )
            users[lowered] = user
            created_users.append(user.pk)
            passwords.append((user, password))
            continue
        user = users.get(lowered)  # type: ignore[assignment]
        if user is None:
            user = User.objects.prefetch_related("memberships").filter(pk=row["user_id"]).first()
            problems: list[str] = []
            action = (
                existing_user_action(user, row["full_name"], agency, role, importer, problems) if user else ""
            )
            if user is None or problems:
                raise ImportRefused(CHANGED_SINCE.format(what=f"ユーザー名「{row['username']}」"))
            if action != ADD_MEMBERSHIP:
                continue  # the membership is there already
        was = Membership.objects.filter(user=user, agency=agency, role=role).first()
        if was is not None and was.is_active:
            continue
        membership = add_membership(user, agency, role, actor=actor)
        memberships.append({"id": membership.pk, "reactivated": was is not None})
    return created_users, memberships, passwords


def _json(value: Any) -> Any:
    """A value as it comes back from a JSONField, so that stored and fresh states compare equal."""
    return json.loads(json.dumps(value, default=str))


@transaction.atomic
def undo(batch: StaffImport, *, actor: Actor) -> StaffImport:
    batch = StaffImport.objects.select_for_update().get(pk=batch.pk)
    latest = latest_applied(batch.municipality)
    if batch.state != StaffImport.State.APPLIED or latest is None or latest.pk != batch.pk:
        raise ImportRefused("元に戻せるのは、最後に反映した取り込みだけです。")
    problems = _undo_problems(batch)
    if problems:
        raise ImportRefused("元に戻せません。" + "　".join(problems))
    for entry in batch.created_memberships:
        membership = Membership.objects.filter(pk=entry["id"]).first()
        if membership is None:
            continue
        if entry["reactivated"]:
            membership.is_active = False
            membership.save(update_fields=["is_active"])
        else:
            membership.delete()
    Membership.objects.filter(user_id__in=batch.created_users).delete()
    for user in User.objects.filter(pk__in=batch.created_users):
        _retire_account(user, batch)
    for agency in Agency.objects.filter(pk__in=batch.created_agencies):
        _retire_agency(agency, batch)
    for entry in batch.changed_agencies:
        agency = Agency.objects.get(pk=entry["id"])
        form = AgencyForm(data=entry["before"], instance=agency, municipality=batch.municipality)
        if not form.is_valid():
            raise ImportRefused(f"元に戻せません。機関「{agency.name}」を前の内容に戻せませんでした。")
        save_agency(form, actor=actor)
    batch.state = StaffImport.State.UNDONE
    batch.undone_at = timezone.now()
    batch.undone_by = actor.staff
    batch.save(update_fields=["state", "undone_at", "undone_by"])
    audit.log(
        "staff.import_undone",
        actor=actor,
        obj=batch,
        details={
            "filename": batch.filename,
            "agencies_deleted": len(batch.created_agencies),
            "agencies_restored": len(batch.changed_agencies),
            "staff_deleted": len(batch.created_users),
            "memberships_removed": len(batch.created_memberships),
        },
    )
    return batch


def _since(moment: Any, reference: Any) -> bool:
    return moment is not None and reference is not None and moment >= reference


def _retire_account(user: User, batch: StaffImport) -> None:
    """An account the import made, taken back: it can never log in, and its user name is free again. The row
    stays, since the audit trail names it (entries are never changed, so nothing they point at is deleted)."""
    user.is_active = False
    user.set_unusable_password()
    user.must_set_password = False
    user.temporary_password_expires_at = None
    user.username = f"{user.username}.undone{batch.pk}"[:150]
    user.save()


def _retire_agency(agency: Agency, batch: StaffImport) -> None:
    """An agency the import made, taken back: inactive, off the 相談先ナビ, its name free again."""
    agency.is_active = False
    agency.is_listed = False
    agency.name = f"{agency.name}（取り込み{batch.pk}を取り消し）"[:120]
    agency.refresh_search_text()
    agency.save()


def _later_records(agency: Agency, ours: set[int]) -> bool:
    """Whether anything but the import's own memberships, topics and audit entries refers to the agency."""
    collector = Collector(using=router.db_for_write(Agency))
    try:
        collector.collect([agency])
    except (ProtectedError, RestrictedError) as exc:
        blocking = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        return any(not (isinstance(o, Membership) and o.pk in ours) for o in blocking)
    allowed = {Agency, AgencyTopic, Agency.support_fields.through, Membership}
    if any(model not in allowed and objs for model, objs in collector.data.items()):
        return True
    # Links deleted in bulk without being loaded: a consent's agencies to share with, a name index's agency.
    own_links = {AgencyTopic, Agency.support_fields.through}
    if any(qs.model not in own_links and qs.exists() for qs in collector.fast_deletes):
        return True
    updated = [
        objs
        for (field, _value), lists in collector.field_updates.items()
        if field.model is not AuditEntry
        for objs in lists
    ]
    return any(objs.exists() if hasattr(objs, "exists") else objs for objs in updated)


def _undo_problems(batch: StaffImport) -> list[str]:
    problems = []
    reactivated = {m["id"]: m["reactivated"] for m in batch.created_memberships}
    added = Membership.objects.filter(pk__in=list(reactivated)).exclude(user_id__in=batch.created_users)
    worked = sorted(
        {
            m.user.full_name
            for m in added.select_related("user")
            # Since the import gave the membership: its own creation, or the apply for one it took back into use.
            if _since(m.user.last_login, batch.applied_at if reactivated[m.pk] else m.created_at)
        }
    )
    if worked:
        problems.append(f"所属を追加した職員が、その後ログインしています（{'、'.join(worked)}）。")
    created = list(User.objects.filter(pk__in=batch.created_users))
    used = [u.full_name for u in created if u.last_login is not None or not u.must_set_password]
    if used:
        problems.append(f"ログインを始めた職員がいます（{'、'.join(used)}）。")
    ours = {m["id"] for m in batch.created_memberships} | set(
        Membership.objects.filter(
            user_id__in=batch.created_users, created_at__lte=batch.applied_at
        ).values_list("pk", flat=True)
    )
    later = Membership.objects.filter(user_id__in=batch.created_users).exclude(pk__in=ours)
    if later.exists():
        names = sorted({m.user.full_name for m in later.select_related("user")})
        problems.append(f"取り込んだ後に所属を追加した職員がいます（{'、'.join(names)}）。")
    ours = {m["id"] for m in batch.created_memberships} | set(
        Membership.objects.filter(user_id__in=batch.created_users).values_list("pk", flat=True)
    )
    for new_agency in Agency.objects.filter(pk__in=batch.created_agencies):
        if _later_records(new_agency, ours):
            problems.append(
                f"この取り込みで登録した機関に、その後の記録や所属があります（{new_agency.name}）。"
            )
    for entry in batch.changed_agencies:
        agency = Agency.objects.filter(pk=entry["id"]).first()
        if agency is None or _json(agency_data(agency)) != entry["after"]:
            problems.append(
                f"取り込んだ後に編集された機関があります（{agency.name if agency else '削除済み'}）。"
            )
    return problems
