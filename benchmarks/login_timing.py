"""Login refusals take the same time whether the name exists or not (issue 12, point 6).

    uv run python benchmarks/login_timing.py

With the shipped Argon2 parameters, posts the login form for a real name with a wrong password, a name no
account has, and a disabled account, each from its own address so no throttle interferes, and prints the
median and p95 per kind. Before the fix an unknown name answered in a few milliseconds and a real one in the
time of a hash, which told an outsider which names exist.
"""

from __future__ import annotations

import os
import secrets
import statistics
import tempfile
import time

os.environ.setdefault("KASANE_DATA_DIR", tempfile.mkdtemp(prefix="kasane-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kasane.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

REPEAT = 20


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django.conf import settings

    from kasane.accounts.models import User

    settings.KASANE_LOCKOUT_THRESHOLD = 10_000
    settings.KASANE_ADDRESS_LOCKOUT_THRESHOLD = 10_000
    settings.KASANE_ACCOUNT_LOCKOUT_THRESHOLD = 10_000
    right = secrets.token_urlsafe(16)
    User.objects.create_user("bench-real", password=right, full_name="計測 一郎")
    User.objects.create_user("bench-disabled", password=right, full_name="計測 二郎", is_active=False)
    kinds = {
        "existing name, wrong password": "bench-real",
        "unknown name": "bench-nobody",
        "disabled account": "bench-disabled",
    }
    print(f"{'refusal':32} {'median ms':>10} {'p95 ms':>8}")
    for number, (label, username) in enumerate(kinds.items(), start=1):
        client = Client()
        samples = []
        for _ in range(REPEAT + 1):
            start = time.perf_counter()
            client.post(
                "/accounts/login/",
                {"username": username, "password": "wrong-password"},
                REMOTE_ADDR=f"198.51.100.{number}",
            )
            samples.append((time.perf_counter() - start) * 1000)
        samples = sorted(samples[1:])
        print(f"{label:32} {statistics.median(samples):10.1f} {samples[int(REPEAT * 0.95) - 1]:8.1f}")


if __name__ == "__main__":
    main()
