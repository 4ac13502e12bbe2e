"""Login throttling by name and address: wrong passwords are counted per (name, address), per address and per
name across addresses, each in a fixed window of ``KASANE_LOCKOUT_MINUTES``.

- ``KASANE_LOCKOUT_THRESHOLD`` wrong passwords for one name from one address lock that name *at that address*.
  A stranger elsewhere cannot lock staff out of their own terminals.
- ``KASANE_ADDRESS_LOCKOUT_THRESHOLD`` wrong passwords from one address, whatever the names, stop that address.
- ``KASANE_ACCOUNT_LOCKOUT_THRESHOLD`` wrong passwords for one name from any addresses lock the name
  everywhere: the guard against guessing from many machines, which needs many machines to trip.

Unknown names are counted exactly like real ones, so the warnings and locks say nothing about which exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from kasane.accounts.models import LoginThrottle
from kasane.lib.dates import localtime


@dataclass(frozen=True)
class Lock:
    until: dt.datetime
    by_address: bool  # the address as a whole is stopped, not one name

    @property
    def message(self) -> str:
        at = f"{localtime(self.until):%H時%M分}"
        if self.by_address:
            return (
                f"この端末からのログインの失敗が続いたため、{at} までログインを受け付けません。"
                "時間をおいて再度お試しください。"
            )
        return lockout_message(self.until)


def lockout_message(until: dt.datetime) -> str:
    return (
        f"ログインに続けて失敗したため、このアカウントは {localtime(until):%H時%M分} までロックされています。"
        "時間をおいて再度お試しいただくか、所属機関の管理者にロックの解除を依頼してください。"
    )


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.KASANE_LOCKOUT_MINUTES)


def _keys(username: str, address: str) -> list[tuple[str, str]]:
    return [(username, address), ("", address), (username, LoginThrottle.ANY_ADDRESS)]


def current_lock(
    username: str, address: str, now: dt.datetime | None = None, *, known_device: bool = False
) -> Lock | None:
    """The lock that refuses this name from this address now, if any (the latest-ending one). From a device
    this name has logged in on before (``devices``), a stopped address does not refuse it: only the locks
    on the name itself do."""
    now = now or timezone.now()
    match = Q()
    for name, addr in _keys(username, address):
        if known_device and name == "":
            continue
        match |= Q(username=name, address=addr)
    row = (
        LoginThrottle.objects.filter(match, locked_until__gt=now)
        .order_by("-locked_until")
        .values_list("username", "locked_until")
        .first()
    )
    if row is None:
        return None
    return Lock(until=row[1], by_address=row[0] == "")  # type: ignore[arg-type]


@dataclass(frozen=True)
class Failure:
    """What one wrong password did: the lock it set, if any, and how many tries this name has left here."""

    lock: Lock | None
    remaining: int


def record_failure(username: str, address: str, now: dt.datetime | None = None) -> Failure:
    """Count one wrong password against the three keys. Call inside a transaction."""
    now = now or timezone.now()
    thresholds = {
        (username, address): settings.KASANE_LOCKOUT_THRESHOLD,
        ("", address): settings.KASANE_ADDRESS_LOCKOUT_THRESHOLD,
        (username, LoginThrottle.ANY_ADDRESS): settings.KASANE_ACCOUNT_LOCKOUT_THRESHOLD,
    }
    lock: Lock | None = None
    remaining = settings.KASANE_LOCKOUT_THRESHOLD
    for (name, addr), threshold in thresholds.items():
        row, _ = LoginThrottle.objects.select_for_update().get_or_create(
            username=name, address=addr, defaults={"window_started_at": now}
        )
        if row.window_started_at <= now - _window():
            row.failures = 0
            row.window_started_at = now
        row.failures += 1
        if row.failures >= threshold:
            row.locked_until = now + _window()
            row.failures = 0
            row.window_started_at = now
            if lock is None or row.locked_until > lock.until:
                lock = Lock(until=row.locked_until, by_address=name == "")
        row.save()
        if (name, addr) == (username, address):
            remaining = threshold - row.failures
    return Failure(lock=lock, remaining=remaining)


def record_success(username: str, address: str) -> None:
    """A right password clears the count for this name at this address (and only there: a success does not
    wipe what other addresses tried)."""
    LoginThrottle.objects.filter(username=username, address=address).delete()


def clear(username: str) -> None:
    """An administrator's unlock: every lock and count on the name, from every address."""
    LoginThrottle.objects.filter(username=username).delete()
