"""The suite's own CUPS (tests/printing.py) is ready when ``start`` returns: a queue added at
once is taken. ``lpstat -r`` exits 0 even with no scheduler, which once let a test's
``lpadmin`` run before cupsd listened (CI, stop 18)."""

from __future__ import annotations

from tests.printing import CupsServer, needs_cups


@needs_cups
def test_the_scheduler_is_listening_when_start_returns():
    server = CupsServer()
    try:
        assert not server.is_running()
        server.start()
        assert server.is_running()
        server.add_default_printer()
        assert server.run("lpstat", "-d").stdout.strip().endswith("Study_Point")
        server.stop()
        assert not server.is_running()
    finally:
        server.remove()
