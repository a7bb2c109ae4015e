"""A county's private CA (``lrs.ca_file``), over real TLS: a CA and a server certificate made
with the openssl command, TLS terminated by the proxy in front of the real LRS. With the CA
set, everything is sent; without it, the connection test and ``seniorlearn sync`` say in a
sentence that the certificate is not trusted and what to do, and nothing is marked sent."""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
from pathlib import Path

import pytest

from seniorlearn.core.config import Config
from seniorlearn.core.sync.client import CA_UNREADABLE, UNTRUSTED, Kind
from seniorlearn.core.sync.setup import sync_service
from tests.sync.proxy import FaultProxy
from tests.sync.test_sync import assert_exactly_once, cli, kiosk, ralph  # noqa: F401

pytestmark = pytest.mark.skipif(
    subprocess.run(["sh", "-c", "command -v openssl"], capture_output=True).returncode != 0
    or not __import__("tests.sync.ralph", fromlist=["x"]).ralph_available(),
    reason="needs openssl and Ralph")
PENDING = 7 * 5 * 4 - 7 * 2


def county_ca(folder: Path) -> tuple[Path, Path, Path]:
    """A private CA and a certificate for 127.0.0.1 signed by it."""
    folder.mkdir()
    run = lambda *args: subprocess.run(["openssl", *args], cwd=folder, check=True,  # noqa: E731
                                       capture_output=True, timeout=60)
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
        "-days", "2", "-subj", "/CN=County Learning Records Test CA")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
        "-subj", "/CN=127.0.0.1")
    (folder / "ext.cnf").write_text("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf")
    return folder / "ca.pem", folder / "server.pem", folder / "server.key"


@pytest.fixture
def tls_proxy(ralph, tmp_path):  # noqa: F811
    ca, cert, key = county_ca(tmp_path / "ca")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    proxy = FaultProxy(ralph.port, tls=context)
    yield proxy, ca
    proxy.close()


def test_without_the_county_ca_nothing_is_sent_and_the_sentence_says_why(
        kiosk, ralph, tls_proxy, data_home) -> None:  # noqa: F811
    writer, config, paths = kiosk
    proxy, ca = tls_proxy
    config.set("lrs.endpoint", proxy.endpoint)
    answer = sync_service(writer, config, paths).probe()  # what 测试连接 runs
    assert answer.kind is Kind.RETRY and answer.detail == UNTRUSTED
    writer.close()
    done = cli(data_home, "sync")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "证书不受信任" in done.stderr and "lrs.ca_file" in done.stderr
    status = json.loads(cli(data_home, "sync", "status", "--json").stdout)
    assert status["sent"] == 0 and status["pending"] == PENDING
    assert ralph.statements() == []
    Config(paths.config_file).set("lrs.ca_file", str(ca))
    assert cli(data_home, "sync").returncode == 0


def test_with_the_county_ca_everything_is_sent_exactly_once(kiosk, ralph,  # noqa: F811
                                                            tls_proxy) -> None:
    writer, config, paths = kiosk
    proxy, ca = tls_proxy
    config.set("lrs.endpoint", proxy.endpoint)
    config.set("lrs.ca_file", str(ca))
    service = sync_service(writer, config, paths)
    assert service.probe().kind is Kind.SENT
    report = service.sync_once()
    assert report.pending == 0 and report.problem is None, report
    assert_exactly_once(ralph, writer)


@pytest.mark.parametrize("broken", ["gone", "not a certificate"])
def test_a_county_ca_file_gone_or_damaged_sends_nothing_and_says_which_file(
        kiosk, ralph, tls_proxy, data_home, tmp_path, broken) -> None:  # noqa: F811
    """Not the system's authorities instead: that would hide the mistake (and trust any
    certificate they trust) until the county's certificate changes."""
    writer, config, paths = kiosk
    proxy, ca = tls_proxy
    config.set("lrs.endpoint", proxy.endpoint)
    file = tmp_path / "county-ca.pem"
    if broken == "not a certificate":
        file.write_text("县里的证书\n", encoding="utf-8")
    config.set("lrs.ca_file", str(file))
    answer = sync_service(writer, config, paths).probe()
    assert answer.kind is Kind.RETRY and answer.detail == f"{CA_UNREADABLE}: {file}"
    writer.close()
    done = cli(data_home, "sync")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"证书文件 {file}（lrs.ca_file）读不出来" in done.stderr, done.stderr
    status = json.loads(cli(data_home, "sync", "status", "--json").stdout)
    assert status["sent"] == 0 and status["pending"] == PENDING
    assert "证书文件" in status["last_error"]
    assert ralph.statements() == []
    shutil.copy(ca, file)  # the volunteer copies the county's file there again
    assert cli(data_home, "sync").returncode == 0
    assert len(ralph.statements()) == PENDING
