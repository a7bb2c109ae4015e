"""Keeping the library whole: rebuilding a lost index, clearing provable leftovers.

Both run only while the library's lock is held (see ``library.py``). Clearing is the only
place the library deletes anything it did not just make, so its rule is narrow: staging,
temporary index files, and a store folder that a saved index supersedes. A folder of a
course the index does not know may be the only copy of that course and is left alone.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
from pathlib import Path

from seniorlearn.core.courses.index import (
    DAMAGED_COPY,
    FOLDER,
    INDEX_NAME,
    Index,
    IndexDamaged,
    read_index,
    rebuild,
    replace_file,
    write_index,
)

log = logging.getLogger(__name__)


def repair_index(courses: Path, store: Path) -> tuple[Index, bool]:
    """The index read again, else rebuilt from ``store`` and saved; True when rebuilt.

    A damaged index is kept as index.damaged.json. When saving fails (a read-only disk)
    the rebuilt index is returned unsaved, so nothing is judged by it.
    """
    path = courses / INDEX_NAME
    try:
        return read_index(path), False
    except FileNotFoundError:
        damaged, why = None, "missing"
    except IndexDamaged as exc:
        damaged, why = path.read_bytes(), f"damaged ({exc})"
    index = rebuild(store)
    found = ", ".join(f"{cid} v{entry['version']} in {entry['folder']}"
                      for cid, entry in sorted(index.courses.items())) or "no courses"
    try:
        if damaged is not None:
            replace_file(courses, DAMAGED_COPY, damaged)
        write_index(courses, index)
    except OSError as exc:
        log.error("the course index was %s; rebuilt from store/ (%s) but could not save it: "
                  "%s", why, found, exc)
        index.saved = False
        return index, False
    log.warning("the course index was %s; rebuilt it from store/: %s", why, found)
    return index, True


def clean_leftovers(staging: Path, courses: Path, store: Path, index: Index) -> int:
    """Delete what interrupted imports and removals provably left; how many went."""
    removed = 0
    if staging.is_dir():
        for leftover in staging.iterdir():
            removed += remove_path(leftover)
        with contextlib.suppress(OSError):
            staging.rmdir()
    for tmp in courses.glob(".index-*.tmp"):
        removed += remove_path(tmp)
    if not index.saved or not store.is_dir():
        return removed  # never judge the store by an index that is not on disk
    referenced = {entry["folder"] for entry in index.courses.values()}
    for folder in sorted(store.iterdir()):
        if folder.name in referenced:
            continue
        if superseded(store, folder.name, index):
            log.info("removing %s, left by an interrupted import or removal", folder.name)
            removed += remove_path(folder)
        else:
            log.warning("store folder %s is not in the index; left as it is", folder.name)
    return removed


def superseded(store: Path, name: str, index: Index) -> bool:
    """The index names another, existing folder for this course, or records its removal."""
    match = FOLDER.fullmatch(name)
    if match is None:
        return False
    entry = index.courses.get(match["id"])
    if entry is not None:
        return (store / entry["folder"]).is_dir()
    return match["id"] in index.removed


def remove_path(path: Path) -> int:
    """Delete a file or folder; 1 if it is gone now, 0 if it could not be (read-only disk)."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove %s: %s", path, exc)
        return 0
    return 1
