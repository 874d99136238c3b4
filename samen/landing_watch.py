"""Which landing files are new, changed and finished arriving — the landing sensor's logic as a plain function.

Cheap with thousands of files: a file is hashed only when its size or mtime
changed since the last look. A file counts as arrived when it was seen with
the same size and mtime on two consecutive looks, or its mtime is older than
the settle time. Content already requested (by hash) is never requested again,
whatever its name.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from samen.contracts import REGISTRY_FOLDER
from samen.ingest import SUPPORTED, file_sha256

SETTLE_SECONDS = 10.0


@dataclass
class WatchState:
    files: dict[str, list] = field(default_factory=dict)  # relpath → [size, mtime_ns, sha256 | None]
    requested: set[str] = field(default_factory=set)  # content hashes already sent to a run

    def to_cursor(self) -> str:
        return json.dumps({"files": self.files, "requested": sorted(self.requested)}, separators=(",", ":"))

    @classmethod
    def from_cursor(cls, cursor: str | None) -> "WatchState":
        if not cursor:
            return cls()
        raw = json.loads(cursor)
        return cls(files={k: list(v) for k, v in raw.get("files", {}).items()}, requested=set(raw.get("requested", [])))


@dataclass(frozen=True)
class WatchResult:
    state: WatchState
    ready: list[str]  # content hashes that arrived and were never requested
    waiting: list[str]  # relpaths still growing
    initiatives: list[str]  # initiative folders present in the landing folder


def scan(landing: Path, previous: WatchState, now: float) -> WatchResult:
    state = WatchState(files={}, requested=set(previous.requested))
    ready: set[str] = set()
    waiting: list[str] = []
    initiatives: set[str] = set()
    if not landing.is_dir():
        return WatchResult(state, [], [], [])
    for dirpath, dirnames, filenames in os.walk(landing):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith((".", "~$")) or Path(name).suffix.lower() not in SUPPORTED:
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(landing).as_posix()
            try:
                st = path.stat()
            except FileNotFoundError:  # removed while we looked
                continue
            if "/" in rel and rel.split("/")[0] != REGISTRY_FOLDER:
                initiatives.add(rel.split("/")[0])
            before = previous.files.get(rel)
            unchanged = before is not None and before[0] == st.st_size and before[1] == st.st_mtime_ns
            settled = unchanged or (now - st.st_mtime_ns / 1e9) >= SETTLE_SECONDS
            if not settled:
                state.files[rel] = [st.st_size, st.st_mtime_ns, None]
                waiting.append(rel)
                continue
            digest = before[2] if unchanged and before[2] else file_sha256(path)
            state.files[rel] = [st.st_size, st.st_mtime_ns, digest]
            if digest not in state.requested:
                ready.add(digest)
    return WatchResult(state, sorted(ready), sorted(waiting), sorted(initiatives))


def run_key(hashes: list[str]) -> str:
    """Derived from the content alone: the same new files give the same key after a daemon restart."""
    return "landing-" + hashlib.sha256("\n".join(sorted(hashes)).encode()).hexdigest()[:32]
