"""Templates stay MiniJinja-safe: filters and plain variables, no Python method calls."""

from __future__ import annotations

import re
from pathlib import Path

import intheopen

TEMPLATES = Path(intheopen.__file__).parent / "templates"
TAG = re.compile(r"({{.*?}}|{%.*?%})", re.S)
METHOD_CALL = re.compile(r"\w\s*\.\s*\w+\s*\(")


def test_no_template_calls_python_methods() -> None:
    templates = sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.j2"))
    assert len(templates) >= 8
    calls = {
        f"{path.relative_to(TEMPLATES)}: {tag}"
        for path in templates
        for tag in TAG.findall(path.read_text(encoding="utf-8"))
        if METHOD_CALL.search(tag)
    }
    assert calls == set()


def test_every_theme_template_escapes_what_it_prints() -> None:
    # MkDocs renders themes with autoescape off; ours switch it on for their own output.
    for path in sorted((TEMPLATES / "theme").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        printed = [
            tag for tag in TAG.findall(text) if tag.startswith("{{") and "super()" not in tag
        ]
        if printed:
            assert "{% autoescape true %}" in text, path
