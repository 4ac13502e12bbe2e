"""Account actions: login with lockout, two-factor authentication, and administrators' changes.

Each action that changes state is one transaction with its audit entry.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import pyotp
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from kasane import audit
from kasane.accounts import throttle
from kasane.accounts.models import Membership, Role, User
from kasane.accounts.throttle import lockout_message
from kasane.audit.actor import Actor


class ResetRefused(ValueError):
    """An administrator's reset that the four-eyes rule refuses; the message says whom to ask."""


BAD_CREDENTIALS = "ユーザー名またはパスワードが正しくありません。"
TEMPORARY_EXPIRED = (
    "仮パスワードの有効期限が切れています。所属機関の管理者に仮パスワードの再発行を依頼してください。"
)


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    error: str = ""
    needs_code: bool = False


def _find_user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


@transaction.atomic
def _record_code_failure(user: User, *, actor: Actor) -> str:
    """A wrong confirmation code after a right password: counted on the account itself, since whoever typed it
    knew the password."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.failed_login_count += 1
    if user.failed_login_count >= settings.KASANE_LOCKOUT_THRESHOLD:
        user.locked_until = timezone.now() + dt.timedelta(minutes=settings.KASANE_LOCKOUT_MINUTES)
        user.failed_login_count = 0
        user.save(update_fields=["failed_login_count", "locked_until"])
        audit.log("auth.otp_failed", actor=actor, user=user, details={"username": user.username})
        audit.log(
            "auth.lockout", actor=actor, user=user, obj=user, details={"until": user.locked_until.isoformat()}
        )
        return lockout_message(user.locked_until)
    user.save(update_fields=["failed_login_count"])
    audit.log(
        "auth.otp_failed",
        actor=actor,
        user=user,
        details={"username": user.username, "count": user.failed_login_count},
    )
    remaining = settings.KASANE_LOCKOUT_THRESHOLD - user.failed_login_count
    return f"確認コードが正しくありません。あと{remaining}回失敗すると、アカウントが一時的にロックされます。"


@transaction.atomic
def _record_password_failure(user: User | None, username: str, *, actor: Actor) -> str:
    """A wrong password, or a name no account has: the same counting and the same words either way."""
    failure = throttle.record_failure(username, actor.client_address or "")
    details: dict[str, object] = {"username": username}
    if user is None:
        details["reason"] = "unknown_user"
    elif not user.is_active:
        details["reason"] = "inactive"
    audit.log("auth.login_failed", actor=actor, user=user, details=details)
    if failure.lock is not None:
        audit.log(
            "auth.lockout",
            actor=actor,
            user=user,
            obj=user,
            details={
                "username": username,
                "until": failure.lock.until.isoformat(),
                "scope": "address" if failure.lock.by_address else "account",
            },
        )
        return failure.lock.message
    if failure.remaining <= 2:
        return f"{BAD_CREDENTIALS}あと{failure.remaining}回失敗すると、アカウントが一時的にロックされます。"
    return BAD_CREDENTIALS


def check_password_step(
    username: str, password: str, *, actor: Actor, device_user_id: int | None = None
) -> LoginResult:
    """``device_user_id``: the account this browser logged in as before (``devices``), if any."""
    address = actor.client_address or ""
    user = _find_user(username)
    known_device = user is not None and device_user_id == user.pk
    lock = throttle.current_lock(username, address, known_device=known_device)
    # The account's own lock (wrong codes after a right password), not a throttle set from another address.
    if lock is None and user is not None and user.locked_until and user.locked_until > timezone.now():
        lock = throttle.Lock(until=user.locked_until, by_address=False)
    if lock is not None:
        audit.log(
            "auth.login_failed", actor=actor, user=user, details={"username": username, "reason": "locked"}
        )
        return LoginResult(None, lock.message)
    if user is None or not user.is_active:
        # Hash the password anyway, so an unknown name takes as long to refuse as a wrong password.
        make_password(password)
        return LoginResult(None, _record_password_failure(user, username, actor=actor))
    if not user.check_password(password):
        return LoginResult(None, _record_password_failure(user, username, actor=actor))
    throttle.record_success(username, address)
    if user.temporary_password_expired():
        audit.log(
            "auth.login_failed",
            actor=actor,
            user=user,
            details={"username": username, "reason": "temporary_password_expired"},
        )
        return LoginResult(None, TEMPORARY_EXPIRED)
    return LoginResult(user, needs_code=user.has_two_factor)


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, issuer=settings.KASANE_TOTP_ISSUER)


def _matching_step(secret: str, code: str, now: dt.datetime | None = None) -> int | None:
    """The 30-second time step the code belongs to (±1 step for clock drift), or None."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    moment = now or timezone.now()
    totp = _totp(secret)
    for drift in (0, -1, 1):
        candidate = moment + dt.timedelta(seconds=30 * drift)
        if totp.verify(code, for_time=candidate, valid_window=0):
            return int(candidate.timestamp()) // 30
    return None


def check_code_step(user: User, code: str, *, actor: Actor) -> LoginResult:
    # Only the account's own lock counts here: whoever reached this step typed the right password, and a
    # stranger's wrong passwords at another address must not stop them.
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.locked_until is not None and user.locked_until > timezone.now():
            return LoginResult(None, lockout_message(user.locked_until))
        return _accept_code(user, code, actor=actor)


def _accept_code(user: User, code: str, *, actor: Actor) -> LoginResult:
    step = _matching_step(user.totp_secret, code)
    # A code already used cannot be replayed within its window.
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return LoginResult(None, _record_code_failure(user, actor=actor))
    user.totp_last_step = step
    user.failed_login_count = 0
    user.save(update_fields=["totp_last_step", "failed_login_count"])
    return LoginResult(user)


def new_totp_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return _totp(secret).provisioning_uri(name=user.username)


@transaction.atomic
def enable_two_factor(user: User, secret: str, code: str, *, actor: Actor) -> bool:
    step = _matching_step(secret, code)
    if step is None:
        return False
    user.totp_secret = secret
    user.totp_confirmed_at = timezone.now()
    user.totp_last_step = step
    user.two_factor_reset_by = None
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step", "two_factor_reset_by"])
    audit.log("auth.2fa_enabled", actor=actor, obj=user)
    return True


# Administrators' actions on other users.


# No 0/O, 1/l/I: the temporary password is read off a screen or paper and typed.
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _temporary_password() -> str:
    groups = ["".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(4)) for _ in range(4)]
    return "-".join(groups)


def _give_temporary_password(target: User) -> str:
    password = _temporary_password()
    target.set_password(password)
    target.must_set_password = True
    target.temporary_password_expires_at = timezone.now() + dt.timedelta(
        hours=settings.KASANE_TEMPORARY_PASSWORD_HOURS
    )
    return password


@transaction.atomic
def issue_temporary_password(target: User, *, actor: Actor) -> str:
    """A forgotten password: the administrator gets a one-time temporary password to hand over. It opens only
    the page where the user sets their own (and enrols 2FA where required), and expires; the administrator
    never chooses, or learns, the password that stays in use. Returned once, never stored in clear."""
    # Re-read under a row lock, so two resets sent at once by one administrator cannot both pass the rule.
    target = User.objects.select_for_update().get(pk=target.pk)
    if target.two_factor_reset_by_id == actor.staff.pk and not target.has_two_factor:
        raise ResetRefused(
            f"{target.full_name} さんの二要素認証を解除したのはあなたのため、仮パスワードは別の管理者"
            "（市の管理者など）が発行してください。本人が二要素認証を設定し直せば、この制限はなくなります。"
        )
    password = _give_temporary_password(target)
    target.password_issued_by = actor.staff
    target.failed_login_count = 0
    target.locked_until = None
    target.save(
        update_fields=[
            "password",
            "must_set_password",
            "temporary_password_expires_at",
            "password_issued_by",
            "failed_login_count",
            "locked_until",
        ]
    )
    throttle.clear(target.username)
    audit.log(
        "staff.password_reset",
        actor=actor,
        obj=target,
        details={"expires": target.temporary_password_expires_at.isoformat()},  # type: ignore[union-attr]
    )
    return password


@transaction.atomic
def set_own_password(user: User, new_password: str, *, actor: Actor) -> None:
    """The user replaces the temporary password with their own."""
    user.set_password(new_password)
    user.must_set_password = False
    user.temporary_password_expires_at = None
    user.password_issued_by = None
    user.save(
        update_fields=["password", "must_set_password", "temporary_password_expires_at", "password_issued_by"]
    )
    audit.log("auth.password_set", actor=actor, obj=user)


@transaction.atomic
def reset_two_factor(target: User, *, actor: Actor) -> None:
    """A lost phone: the person sets up 2FA again at next login, with their own password."""
    target = User.objects.select_for_update().get(pk=target.pk)
    if target.must_set_password and target.password_issued_by_id == actor.staff.pk:
        raise ResetRefused(
            f"{target.full_name} さんの仮パスワードを発行したのはあなたのため、二要素認証の解除は別の管理者"
            "（市の管理者など）が行ってください。本人が自分のパスワードを設定すれば、この制限はなくなります。"
        )
    target.totp_secret = ""
    target.totp_confirmed_at = None
    target.totp_last_step = None
    target.two_factor_reset_by = actor.staff
    target.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step", "two_factor_reset_by"])
    audit.log("staff.2fa_reset", actor=actor, obj=target)


@transaction.atomic
def unlock(target: User, *, actor: Actor) -> None:
    throttle.clear(target.username)
    target.locked_until = None
    target.failed_login_count = 0
    target.save(update_fields=["locked_until", "failed_login_count"])
    audit.log("staff.unlocked", actor=actor, obj=target)


@transaction.atomic
def add_membership(target: User, agency: object, role: Role, *, actor: Actor) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=target, agency=agency, role=role, defaults={"is_active": True}
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    audit.log(
        "staff.membership_added",
        actor=actor,
        obj=target,
        agency=membership.agency,
        details={"agency": membership.agency.name, "role": role.name},
    )
    return membership


@transaction.atomic
def remove_membership(membership: Membership, *, actor: Actor) -> None:
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit.log(
        "staff.membership_removed",
        actor=actor,
        obj=membership.user,
        agency=membership.agency,
        details={"agency": membership.agency.name, "role": membership.role.name},
    )


@transaction.atomic
def create_staff(
    *,
    username: str,
    full_name: str,
    full_name_kana: str,
    email: str,
    agency: object,
    role: Role,
    actor: Actor,
) -> tuple[User, str]:
    """A new account with a temporary password for the administrator to hand over (returned once): the new
    member of staff sets their own at first login."""
    user = User(
        username=User.normalize_username(username),
        full_name=full_name,
        full_name_kana=full_name_kana,
        email=User.objects.normalize_email(email),
    )
    password = _give_temporary_password(user)
    # None when `kasane setup` creates a municipality's first administrator: no member of staff issued it.
    user.password_issued_by = actor.user
    user.save()
    audit.log(
        "staff.created",
        actor=actor,
        obj=user,
        agency=agency,
        details={"expires": user.temporary_password_expires_at.isoformat()},  # type: ignore[union-attr]
    )
    add_membership(user, agency, role, actor=actor)
    return user, password


@transaction.atomic
def set_role_two_factor(role: Role, required: bool, *, actor: Actor) -> None:
    before = role.requires_2fa
    role.requires_2fa = required
    role.save(update_fields=["requires_2fa"])
    audit.log("role.updated", actor=actor, obj=role, details={"requires_2fa": [before, required]})
