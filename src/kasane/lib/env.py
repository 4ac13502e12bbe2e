"""Typed readers for settings that come from the environment.

Every reader fails loudly: a mistyped value stops the process at start-up with a message that names the
variable, rather than running with a silent default.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class ConfigurationError(RuntimeError):
    pass


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be an integer, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ConfigurationError(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = os.environ.get(name) or default
    if value not in choices:
        raise ConfigurationError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def data_dir() -> Path:
    """Where kasane keeps its SQLite database, secret key and backups, outside the source tree."""
    raw = os.environ.get("KASANE_DATA_DIR")
    if raw:
        path = Path(raw).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "kasane"
    return path.resolve()


def private_dir(path: Path) -> Path:
    """A directory only kasane's own user can enter (0700): the data directory holds personal data."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def private_file(path: Path) -> Path:
    """A file only kasane's own user can read or write (0600), created empty if it is not there yet, so that
    no other user can read it even for a moment (SQLite gives its -wal and -shm files the same mode)."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        path.chmod(0o600)
    return path


def generated_secret(path: Path) -> str:
    """A random secret kept in ``path`` (0600), made on first use. It is written to a private temporary file
    and linked into place, so a second process starting at the same moment reads the same whole value and
    never an empty or half-written file."""
    if not path.exists():
        private_dir(path.parent)
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(draft, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            os.write(fd, secrets.token_urlsafe(64).encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process was first: its value stands
        finally:
            draft.unlink()
    value = path.read_text().strip()
    if not value:
        raise ConfigurationError(f"{path} is empty: remove it to have a new value generated")
    return value
