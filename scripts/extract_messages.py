"""List every message id marked with _() or N_() in the package, and the ones the zh_CN
catalog lacks. ``--add`` appends the missing ids to the catalog with empty translations."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from seniorlearn.core.i18n import LOCALE_DIR, parse_po  # noqa: E402

CATALOG = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "seniorlearn.po"


def source_messages(package: Path = ROOT / "seniorlearn") -> dict[str, str]:
    """msgid -> first place it is used."""
    found: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "N_") and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    wanted = source_messages()
    have = parse_po(CATALOG.read_text(encoding="utf-8"))
    missing = [m for m in wanted if not have.get(m)]
    for message in missing:
        print(f"{wanted[message]}: {message}")
    if "--add" in sys.argv:
        with CATALOG.open("a", encoding="utf-8") as fh:
            for message in missing:
                if message not in have:
                    fh.write(f"#: {wanted[message]}\nmsgid {po_quote(message)}\nmsgstr \"\"\n\n")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
