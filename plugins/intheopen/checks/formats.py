"""Print problems as text for people, JSON for tools, GitHub workflow annotations or a
GitLab code quality report."""

from __future__ import annotations

import hashlib
import json

from intheopen.checks.problems import Problem, counts, in_words


def summary(problems: list[Problem], files: int) -> str:
    checked = f"Checked {files} post{'s' if files != 1 else ''}"
    if not problems:
        return f"{checked}: no problems found."
    in_files = len({p.path for p in problems})
    return f"{checked}: {in_words(problems)} in {in_files} file{'s' if in_files != 1 else ''}."


def as_text(problems: list[Problem], files: int) -> str:
    return "".join(f"{p}\n" for p in problems) + summary(problems, files) + "\n"


def as_json(problems: list[Problem], files: int) -> str:
    errors, warnings = counts(problems)
    document = {
        "files": files,
        "errors": errors,
        "warnings": warnings,
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "field": p.field,
                "level": p.level.value,
                "message": p.message,
            }
            for p in problems
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def as_github(problems: list[Problem], files: int) -> str:
    """Workflow commands, so problems show on the changed lines of a pull request."""
    lines = []
    for p in problems:
        props = [f"file={_property(p.path)}"]
        if p.line is not None:
            props.append(f"line={p.line}")
        if p.field:
            props.append(f"title={_property(p.field)}")
        lines.append(f"::{p.level.value} {','.join(props)}::{_data(p.message)}\n")
    return "".join(lines) + summary(problems, files) + "\n"


def as_gitlab(problems: list[Problem], files: int) -> str:
    """A GitLab code quality report, so problems show on a merge request's changed lines."""
    report = []
    for p in problems:
        described = f"{p.field}: {p.message}" if p.field else p.message
        place = f"{p.path}:{p.line}:{p.level.value}:{described}"
        report.append(
            {
                "description": described,
                "check_name": f"intheopen-{p.level.value}",
                "fingerprint": hashlib.sha256(place.encode("utf-8")).hexdigest(),
                "severity": "major" if p.is_error else "minor",
                "location": {"path": p.path, "lines": {"begin": p.line or 1}},
            }
        )
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


FORMATS = {"text": as_text, "json": as_json, "github": as_github, "gitlab": as_gitlab}
