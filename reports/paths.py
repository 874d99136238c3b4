"""Where reports land, under $SAMEN_HOME/reports:

    reports/<year>/jaarrapport.{html,pdf,xlsx}
    reports/<year>/initiatiefrapport/<initiatief_id>.{html,pdf,xlsx}
    reports/datakwaliteit/<initiatief_id>.{html,pdf,xlsx}     (not year-bound: it covers every file received)
    reports/datakwaliteit/_agentschap.{html,pdf,xlsx}         (the registry and unassigned files)

Dutch is the default and has no language suffix; another language adds one (`aalst.en.html`),
so rendering in English never overwrites the Dutch report.
"""

from __future__ import annotations

import re
from pathlib import Path

from reports.i18n import DEFAULT_LANG, check_lang
from samen.contracts import REGISTRY_FOLDER
from samen.settings import Paths

KINDS = ("jaarrapport", "initiatiefrapport", "datakwaliteit")
AGENCY = REGISTRY_FOLDER  # the agency's own datakwaliteit report uses the registry folder's name

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(text: str) -> str:
    """A file-name-safe form of an initiative id (ids are folder names; be strict anyway)."""
    return _UNSAFE.sub("_", text).lstrip(".") or "_"


def _suffix(lang: str) -> str:
    return "" if check_lang(lang) == DEFAULT_LANG else f".{lang}"


def report_stem(p: Paths, kind: str, *, year: int | None = None, initiatief_id: str | None = None,
                lang: str = DEFAULT_LANG) -> Path:
    """The path of a report without its format extension (`write_report` adds .html/.pdf/.xlsx)."""
    if kind == "datakwaliteit":
        name = AGENCY if initiatief_id is None or initiatief_id == AGENCY else safe_name(initiatief_id)
        return p.reports / "datakwaliteit" / f"{name}{_suffix(lang)}"
    if year is None:
        raise ValueError(f"the {kind} needs a year")
    if kind == "jaarrapport":
        return p.reports / str(int(year)) / f"jaarrapport{_suffix(lang)}"
    if kind == "initiatiefrapport":
        if not initiatief_id:
            raise ValueError("the initiatiefrapport needs an initiative")
        return p.reports / str(int(year)) / "initiatiefrapport" / f"{safe_name(initiatief_id)}{_suffix(lang)}"
    raise ValueError(f"unknown report kind {kind!r}; choose from {', '.join(KINDS)}")
