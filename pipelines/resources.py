"""The one resource every asset uses: where $SAMEN_HOME is, which landing
folder to read and which as-of date the figures are for."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg

from samen.settings import Paths, paths, secret_key

TIMEZONE = ZoneInfo("Europe/Brussels")


class SamenResource(dg.ConfigurableResource):
    """$SAMEN_HOME, the landing folder (default $SAMEN_HOME/landing) and the as-of date (default today)."""

    home: str
    landing: str = ""
    as_of: str = ""

    @property
    def paths(self) -> Paths:
        return paths(self.home)

    @property
    def landing_dir(self) -> Path:
        return Path(self.landing).resolve() if self.landing else self.paths.landing

    @property
    def as_of_date(self) -> date:
        if self.as_of:
            return date.fromisoformat(self.as_of)
        from datetime import datetime

        return datetime.now(TIMEZONE).date()

    def key(self) -> bytes:
        return secret_key(self.paths)
