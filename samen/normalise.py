"""One way to compare the words people type: headers, sheet names, codes."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_APOSTROPHES = re.compile(r"['’‘`´]")


def normalise_name(text: object) -> str:
    """Case-fold, fold accents, drop apostrophes, read runs of anything else as `_`.

    `Duur (uren)` → `duur_uren`, `Jaren in België` → `jaren_in_belgie`,
    `Duo's vormen` → `duos_vormen` (DOMAIN.md §3).
    """
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    folded = _APOSTROPHES.sub("", folded.casefold())
    return _NON_ALNUM.sub("_", folded).strip("_")
