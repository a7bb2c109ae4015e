"""Project rules that keep the code in shape: a Qt-free core, one version, a complete
Chinese catalog whose compiled form is current."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import seniorlearn
from seniorlearn.core.i18n import LOCALE_DIR, mo_bytes, parse_po, translate

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from extract_messages import source_messages  # noqa: E402

PO = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "seniorlearn.po"


def test_core_never_imports_qt() -> None:
    offenders = []
    for path in (ROOT / "seniorlearn" / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path}: {n}" for n in names if n.split(".")[0] == "PySide6"]
    assert offenders == []


def test_importing_the_core_loads_no_qt() -> None:
    code = ("import sys, pkgutil, importlib, seniorlearn.core as c\n"
            "for m in pkgutil.walk_packages(c.__path__, 'seniorlearn.core.'):\n"
            "    importlib.import_module(m.name)\n"
            "print(any(k.startswith('PySide6') for k in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_version_has_one_source() -> None:
    out = subprocess.run([sys.executable, "-m", "seniorlearn", "--version"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"seniorlearn {seniorlearn.__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", seniorlearn.__version__)
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'version = { attr = "seniorlearn.__version__" }' in pyproject


def test_every_message_has_a_chinese_translation() -> None:
    catalog = parse_po(PO.read_text(encoding="utf-8"))
    missing = [f"{where}: {msgid}" for msgid, where in source_messages().items()
               if not catalog.get(msgid)]
    assert missing == []


def test_translations_keep_their_placeholders() -> None:
    for msgid, msgstr in parse_po(PO.read_text(encoding="utf-8")).items():
        if msgid:
            assert set(re.findall(r"{\w+}", msgid)) == set(re.findall(r"{\w+}", msgstr)), msgid


def test_compiled_catalog_is_current() -> None:
    mo = PO.with_suffix(".mo")
    assert mo.read_bytes() == mo_bytes(parse_po(PO.read_text(encoding="utf-8"))), (
        "run: python -m seniorlearn.core.i18n")


def test_gettext_reads_the_catalog() -> None:
    assert translate("Home", "zh_CN") == "回首页"
    assert translate("Home", "en") == "Home"


def test_the_package_type_checks() -> None:
    """STYLE: a typed core (disallow_untyped_defs on seniorlearn.core, see pyproject)."""
    out = subprocess.run([sys.executable, "-m", "mypy", "seniorlearn"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout[-3000:]


def test_readme_lists_every_debian_package_and_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    packages = [line.split()[0] for line in
                (ROOT / "installer" / "debian-packages.txt").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    assert packages
    assert [p for p in packages if f"| `{p}` |" not in readme] == []
    assert "./installer/setup.sh" in readme and "./installer/test.sh" in readme
    assert "./installer/test.sh" in (ROOT / ".ci" / "run").read_text()
