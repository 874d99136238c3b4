"""Where things live: everything under $SAMEN_HOME (default ./.samen)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOME = ".samen"


@dataclass(frozen=True)
class Paths:
    home: Path

    @property
    def warehouse(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def raw(self) -> Path:
        return self.home / "raw"

    @property
    def dagster(self) -> Path:
        return self.home / "dagster"

    @property
    def reports(self) -> Path:
        return self.home / "reports"

    @property
    def landing(self) -> Path:
        return self.home / "landing"

    @property
    def key_file(self) -> Path:
        return self.home / "secret.key"


def paths(home: str | os.PathLike | None = None) -> Paths:
    return Paths(Path(home or os.environ.get("SAMEN_HOME") or DEFAULT_HOME).resolve())


def secret_key(p: Paths) -> bytes:
    """The pseudonymisation key: $SAMEN_SECRET_KEY, else a key file made once in $SAMEN_HOME.

    The key never enters the warehouse, logs or Dagster metadata; losing it
    means new pseudonyms, so back the key file up with the warehouse.
    """
    env = os.environ.get("SAMEN_SECRET_KEY")
    if env:
        return env.encode("utf-8")
    if not p.key_file.exists():
        p.home.mkdir(parents=True, exist_ok=True)
        fd = os.open(p.key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return p.key_file.read_text().strip().encode("utf-8")
