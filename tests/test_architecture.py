"""The core stays free of MkDocs, so the product can move to another engine."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import intheopen

PACKAGE = Path(intheopen.__file__).parent
FORBIDDEN = ("mkdocs", "material", "properdocs")


def core_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "integrations" not in p.relative_to(PACKAGE).parts]


def imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_core_module_imports_mkdocs() -> None:
    modules = core_modules()
    assert len(modules) > 10
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            n for n in imported_names(path) if n.split(".")[0] in FORBIDDEN
        )
        for path in modules
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_the_whole_core_loads_no_mkdocs() -> None:
    names = [
        "intheopen." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in core_modules()
        if p.name != "__init__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


def test_importing_the_package_does_no_work() -> None:
    code = "import intheopen, sys; print('intheopen.content.catalogue' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"


def test_the_plain_path_knows_nothing_of_the_speed_layer() -> None:
    """Speed wraps the plain path from outside: no room of the core imports it."""
    plain = [
        p
        for p in core_modules()
        if p.relative_to(PACKAGE).parts[0] not in ("speed", "integrations", "cli.py")
    ]
    assert len(plain) > 40
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            n for n in imported_names(path) if n.startswith("intheopen.speed")
        )
        for path in plain
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_rooms_stay_few_and_small() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 12, top
    sizes = {
        str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    assert {name: lines for name, lines in sizes.items() if lines > 450} == {}
