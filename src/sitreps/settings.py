"""Settings: one frozen value passed explicitly to every stage that needs it (no globals).

Defaults here, overridden by `SITREPS_*` environment variables, then by CLI flags.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from .errors import ConfigError


def setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = setting("sitreps.db", "SQLite file or a sqlite:/// or postgresql:// URL")
    workers: int = setting(0, "Processes for analysis; 0 = all cores, 1 = in this process")
    engine: str = setting("local", "Where analysis runs: local or dask")
    scheduler: str | None = setting(None, "Dask scheduler address (with engine=dask)")
    batch_size: int = setting(200, "Articles per store transaction")
    published: date | None = setting(None, "Publication date for articles that give none")
    fetch_timeout_s: float = setting(20.0, "Per-request timeout for URLs and feeds, seconds")
    fetch_max_bytes: int = setting(10_000_000, "Largest page or feed fetched, bytes")
    max_text_chars: int = setting(2_000_000, "Longest article text analysed, characters")
    allow_private_addresses: bool = setting(False, "Let fetches reach loopback/private networks")


def load_settings(**overrides: Any) -> Settings:
    """Defaults, then SITREPS_<NAME> environment variables, then explicit overrides (CLI flags)."""
    values: dict[str, Any] = {}
    for f in fields(Settings):
        env = os.environ.get(f"SITREPS_{f.name.upper()}")
        if env is not None:
            values[f.name] = _coerce(f.name, env, f.default)
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return replace(Settings(), **values)
    except TypeError as exc:
        raise ConfigError(str(exc)) from exc


def _coerce(name: str, raw: str, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            return raw.strip().lower() in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if name == "published":
            return date.fromisoformat(raw)
    except ValueError as exc:
        raise ConfigError(f"SITREPS_{name.upper()}={raw!r}: {exc}") from exc
    return raw
