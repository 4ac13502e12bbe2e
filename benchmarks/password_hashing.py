"""Password hashing: time per hash and memory per login for kasane's Argon2 parameters beside Django's default.

    uv run python benchmarks/password_hashing.py

Each setting is measured in a fresh process (peak resident memory is per process): the mean of five hashes,
and the peak memory of the process. A login costs one hash; N simultaneous logins cost N times the memory.
"""

from __future__ import annotations

import subprocess
import sys

SETTINGS = {
    "Django's default (t=2, 100 MiB, p=8)": (2, 102400, 8),
    "kasane (t=3, 32 MiB, p=1)": (3, 32768, 1),
    "OWASP minimum (t=2, 19 MiB, p=1)": (2, 19456, 1),
}
PROBE = """
import resource, time
import argon2
hasher = argon2.PasswordHasher(time_cost={t}, memory_cost={m}, parallelism={p})
hasher.hash("warm-up")
started = time.perf_counter()
for _ in range(5):
    hasher.hash("kasane-demo-2026")
print((time.perf_counter() - started) / 5 * 1000, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def main() -> None:
    print(f"{'parameters':40} {'ms/hash':>8} {'peak MiB':>9} {'10 logins MiB':>14}")
    for label, (t, m, p) in SETTINGS.items():
        out = subprocess.run(  # noqa: S603 - this interpreter, our own probe
            [sys.executable, "-c", PROBE.format(t=t, m=m, p=p)], capture_output=True, text=True, check=True
        ).stdout.split()
        ms, peak = float(out[0]), float(out[1])
        print(f"{label:40} {ms:8.0f} {peak:9.0f} {10 * m / 1024:14.0f}")


if __name__ == "__main__":
    main()
