"""The fault helpers really fault: a read-only folder refuses writes, a small disk fills."""

import pytest

from tests.faults import fill, read_only, small_disk


def test_ro(tmp_path):
    d = tmp_path / "d"; d.mkdir(); (d / "f").write_text("a")
    with read_only(d):
        with pytest.raises(OSError):
            (d / "f").write_text("b")
    (d / "f").write_text("c")

def test_full(tmp_path):
    with small_disk(tmp_path / "s") as d:
        fill(d)
        with pytest.raises(OSError):
            with open(d / "x", "wb") as fh:
                fh.write(b"x" * 10000); fh.flush()
