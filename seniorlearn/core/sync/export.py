"""The pending statements written to a folder (a USB stick) for a study point with no
network: xAPI JSON lines plus a manifest with counts and sha256, loadable into an LRS with
standard tools (``ralph write -b lrs < statements.jsonl``). They stay pending on the kiosk
until an LRS acknowledges them: sending them again later is harmless (same ids)."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from seniorlearn.core.sync.service import SyncService


@dataclass(frozen=True)
class Exported:
    count: int
    folder: Path


def export_pending(service: SyncService, into: Path) -> Exported:
    """Write ``into/seniorlearn-xapi-KIOSK-STAMP/``; OSError (full, read-only, pulled out)
    leaves no file under a finished name."""
    bodies = service.pending_statements()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = into / f"seniorlearn-xapi-{service.origin.kiosk_id}-{stamp}"
    lines = "".join(json.dumps(body, ensure_ascii=False) + "\n" for body in bodies).encode()
    manifest = {"format": "xAPI 1.0.3 statements, one JSON object per line",
                "statements": len(bodies), "file": "statements.jsonl",
                "sha256": hashlib.sha256(lines).hexdigest(),
                "kiosk": service.origin.kiosk_id, "study_point": service.origin.study_point_id,
                "made": datetime.datetime.now().astimezone().isoformat(timespec="seconds")}
    target.mkdir(parents=True)
    _write_whole(target / "statements.jsonl", lines)
    _write_whole(target / "manifest.json",
                 json.dumps(manifest, ensure_ascii=False, indent=2).encode())
    return Exported(len(bodies), target)


def _write_whole(path: Path, data: bytes) -> None:
    scratch = path.with_name(f".{path.name}.partial")
    try:
        with open(scratch, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(scratch, path)
    except OSError:
        scratch.unlink(missing_ok=True)
        raise
