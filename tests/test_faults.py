"""The fault helpers really fault: a read-only folder refuses writes, a small disk fills."""

import pytest

from tests.faults import fill, read_only, small_disk


def test_read_only_refuses_writes_and_is_lifted_after(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "f").write_text("a")
    with read_only(folder), pytest.raises(OSError):
        (folder / "f").write_text("b")
    (folder / "f").write_text("c")
    assert (folder / "f").read_text() == "c"


def test_small_disk_fills(tmp_path):
    with small_disk(tmp_path / "s") as folder:
        fill(folder)
        with pytest.raises(OSError), open(folder / "x", "wb", buffering=0) as fh:
            fh.write(b"x" * 10000)
