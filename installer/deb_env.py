"""Helpers of installer/build-deb, run with the checkout's .venv python.

    deb_env.py copy-deps SITE_PACKAGES       copy seniorlearn's runtime dependencies (the
                                             installed files of each, from this venv)
    deb_env.py prune-qt SITE_PACKAGES        delete the Qt modules, plugins and libraries
                                             the kiosk never loads
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

# What the app imports (grep "PySide6.Qt" in seniorlearn/), plus what those load themselves.
QT_MODULES = {"QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtMultimedia",
              "QtMultimediaWidgets", "QtPrintSupport", "QtSvg", "QtSvgWidgets", "QtDBus",
              "QtOpenGL", "QtOpenGLWidgets"}
QT_PLUGINS = {"platforms", "xcbglintegrations", "egldeviceintegrations", "imageformats",
              "iconengines", "multimedia", "platforminputcontexts", "platformthemes",
              "tls", "networkinformation", "printsupport", "generic"}
QT_DROP = ["qml", "resources", "libexec", "metatypes", "translations"]
TOOLS = ["assistant", "designer", "linguist", "lrelease", "lupdate", "balsam", "balsamui",
         "include", "doc", "typesystems", "scripts", "support", "QtAsyncio"]


def requirement_names(dist: metadata.Distribution) -> list[str]:
    names = []
    for spec in dist.requires or []:
        if "extra ==" in spec:
            continue
        names.append(re.split(r"[ ;<>=!~\[(]", spec, maxsplit=1)[0])
    return names


def closure(root: str) -> list[metadata.Distribution]:
    seen: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = dist
        todo.extend(requirement_names(dist))
    seen.pop("seniorlearn", None)  # installed from its wheel, not copied
    return list(seen.values())


def copy_deps(target: Path) -> None:
    for dist in closure("seniorlearn"):
        base = Path(dist.locate_file(""))
        for file in dist.files or []:
            source = base / file
            if "__pycache__" in file.parts or file.parts[0] in ("..",) or not source.is_file():
                continue
            goal = target / file
            goal.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, goal)
        print(f"{dist.metadata['Name']} {dist.version}")


def needed(library: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(library)], capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", out)


def prune_qt(site: Path) -> None:
    pyside = site / "PySide6"
    qt = pyside / "Qt"
    for module in pyside.glob("Qt*.abi3.so"):
        if module.name.split(".")[0] not in QT_MODULES:
            module.unlink()
            (pyside / (module.name.split(".")[0] + ".pyi")).unlink(missing_ok=True)
    for name in TOOLS:
        path = pyside / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    for name in QT_DROP:
        shutil.rmtree(qt / name, ignore_errors=True)
    for plugin in (qt / "plugins").iterdir():
        if plugin.name not in QT_PLUGINS:
            shutil.rmtree(plugin)
    # An X session only: no Wayland platform, no on-screen keyboard (they pull in QtQuick).
    for pattern in ("platforms/libqwayland*", "platforminputcontexts/libqtvirtualkeyboard*",
                    "imageformats/libqpdf*", "platformthemes/libqgtk3*"):
        for plugin in (qt / "plugins").glob(pattern):
            plugin.unlink()
    keep_needed_libraries(site, qt / "lib")


def keep_needed_libraries(site: Path, lib: Path) -> None:
    """Keep the Qt libraries reachable from what is left (Python modules, plugins, shiboken)."""
    roots = [p for p in site.rglob("*.so*") if p.is_file() and lib not in p.parents]
    have = {p.name: p for p in lib.iterdir()}
    keep: set[str] = set()
    todo = [name for root in roots for name in needed(root)]
    while todo:
        name = todo.pop()
        if name in keep or name not in have:
            continue
        keep.add(name)
        todo.extend(needed(have[name]))
    for name, path in have.items():
        if name not in keep and path.is_file() and ".so" in name:
            path.unlink()


if __name__ == "__main__":
    action, where = sys.argv[1], Path(sys.argv[2])
    if action == "copy-deps":
        copy_deps(where)
    elif action == "prune-qt":
        prune_qt(where)
    else:
        raise SystemExit(f"deb_env.py: unknown action {action!r}")
