"""Password hashing sized for a municipal server: Argon2id with 32 MiB, 3 passes, one lane.

Django's default (100 MiB, 8 lanes) makes ten simultaneous logins take about 1 GiB on a 2-core server of a
few GiB; this takes 32 MiB and ~80 ms of one core per login (``benchmarks/password_hashing.py``), above
OWASP's minimum for Argon2id (19 MiB, 2 passes). Hashes made with other parameters still verify and are
re-hashed with these at the next login.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class KasaneArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 3
    memory_cost = 32 * 1024  # KiB
    parallelism = 1
