"""Read a Markdown file with YAML front matter, refusing anything unsafe or broken."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from intheopen.checks.problems import Problem
from intheopen.content import yamlsafe

MAX_BYTES = 2 * 1024 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")
_HANDLER = YAMLHandler()  # pinned: no JSON or TOML detection


@dataclass(frozen=True)
class Source:
    """A file's parsed front matter and its body (with LF line endings).

    `body_line` is the file line just after the closing '---'.
    """

    path: str
    meta: dict[Any, Any]
    body: str
    lines: yamlsafe.Lines
    body_line: int
    mended: bool = False  # read only after mending slips that are errors: never to be built


def read_text(
    file: Path, shown: str, data: bytes | None = None
) -> tuple[str | None, list[Problem]]:
    """A text file's contents, or why it cannot be read as UTF-8 text; `data`: its bytes,
    if the caller has just read them."""

    def fail(message: str, line: int | None = None) -> tuple[None, list[Problem]]:
        return None, [Problem(shown, line, None, message)]

    try:
        size = file.stat().st_size if data is None else len(data)
        if size > MAX_BYTES:
            return fail(
                f"the file is {size / 1024 / 1024:.1f} MB; a post may be at most "
                f"{MAX_BYTES // 1024 // 1024} MB. Keep images and data in separate files "
                "beside the post"
            )
        if data is None:
            data = file.read_bytes()
    except OSError as error:
        return fail(f"cannot be read ({error.strerror or error})")
    if b"\0" in data:
        return fail("is not a text file (it holds binary data); posts are Markdown text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        return fail(f"is not UTF-8 text (byte 0x{byte}); save the file as UTF-8", line)
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse(text: str, shown: str) -> tuple[Source | None, list[Problem]]:
    """Split front matter from body and parse the front matter safely."""

    def fail(message: str, line: int | None = 1) -> tuple[None, list[Problem]]:
        return None, [Problem(shown, line, None, message)]

    if not text.strip():
        return fail("the file is empty; a post starts with front matter between two '---' lines")
    boundary = _HANDLER.FM_BOUNDARY
    assert boundary is not None
    start = boundary.match(text)
    if start is None:
        return fail(
            "no front matter; a post must start with a line '---', then its fields "
            "(title, date, type, …), then another line '---'"
        )
    try:
        block, body = _HANDLER.split(text)
    except ValueError:
        return fail("the front matter is not closed; add a line '---' after the last field")
    offset = text.count("\n", 0, start.end())
    meta, lines, problems = parse_yaml(block, offset, shown, "front matter: ")
    mended = False
    if problems:
        meta, lines, problems, mended = _mend(block, offset, shown, problems)
        if meta is None:
            return None, problems
    if meta is None:
        return fail("the front matter is empty; add the post's fields between the '---' lines")
    if not isinstance(meta, dict):
        return fail(
            "the front matter must be fields written 'key: value', one a line; "
            f"found {type(meta).__name__ if not isinstance(meta, list) else 'a list'}"
        )
    # The body starts on the line after the closing '---' (the split leaves that newline on it).
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    if body.startswith("\n"):
        body, body_line = body[1:], body_line + 1
    return Source(shown, meta, body, lines, body_line, mended), problems


# The two slips that stop YAML at their first line, and are plain to mend: indenting with a
# tab, and a value holding ': ' without quotes (title: Outage: what happened).
_TAB_INDENT = re.compile(r"^( *)\t[ \t]*")
_COLON_VALUE = re.compile(
    r"^(\s*(?:- +)?[^\s:'\"#\[\]{}-][^:#]*:[ \t]+)"  # key: (or - key:)
    r"([^\s'\"\[{|>&*!%@`#][^#]*?:\s.*)$"  # a value, not quoted, with ': ' in it
)
_TAB = "a tab is used for indenting; YAML needs spaces"
_COLON = "a value contains ': '; put the whole value in quotes"


def _mend(
    block: str, offset: int, shown: str, problems: list[Problem]
) -> tuple[Any, yamlsafe.Lines, list[Problem], bool]:
    """Every tab-indented line and unquoted value with ': ', listed at once, and the front
    matter read as if they were mended, so that the rest of the post can be checked in the
    same run. Anything else wrong: the problems as they were, and no front matter."""
    for width in (4, 2, 8):
        lines, slips = [], []
        for number, line in enumerate(block.split("\n"), start=offset + 1):
            indent = _TAB_INDENT.match(line)
            if indent:
                line = indent.group(0).expandtabs(width) + line[indent.end() :]
                slips.append(Problem(shown, number, None, f"front matter: {_TAB}"))
            colon = _COLON_VALUE.match(line)
            if colon:
                line = colon.group(1) + _quoted(colon.group(2).rstrip())
                slips.append(Problem(shown, number, None, f"front matter: {_COLON}"))
            lines.append(line)
        if not slips:
            break
        meta, found, again = parse_yaml("\n".join(lines), offset, shown, "front matter: ")
        if not again and isinstance(meta, dict):
            return meta, found, slips, True
    return None, yamlsafe.Lines(offset), problems, False


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def parse_yaml(
    text: str, offset: int, shown: str, prefix: str = ""
) -> tuple[Any, yamlsafe.Lines, list[Problem]]:
    """Parse YAML safely; problems say in plain words what is wrong and where."""
    lines = yamlsafe.Lines(offset)
    try:
        data, lines = yamlsafe.load(text, offset)
    except yaml.MarkedYAMLError as error:
        unclosed = "quoted scalar" in (error.context or "") and error.context_mark is not None
        mark = error.context_mark if unclosed else error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        return None, lines, [Problem(shown, line, None, prefix + _yaml_message(error))]
    except yaml.YAMLError as error:
        return None, lines, [Problem(shown, None, None, f"{prefix}not valid YAML ({error})")]
    except RecursionError:
        return None, lines, [Problem(shown, None, None, f"{prefix}nested too deeply to read")]
    surrogate = _lone_surrogate(data)
    if surrogate is not None:
        message = (
            f"{prefix}the escape \\u{ord(surrogate):04x} is half of a character; write the "
            "character itself (emoji included) instead of escaping it"
        )
        return None, lines, [Problem(shown, None, None, message)]
    return data, lines, []


def _lone_surrogate(data: Any) -> str | None:
    """The first lone surrogate in any key or value: YAML escapes such as \\ud83d make them,
    and no file can be written with one."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found = _SURROGATE.search(item)
            if found:
                return found.group()
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set):
            stack.extend(item)
    return None


def _yaml_message(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or str(error)
    if "'\\t'" in problem:
        return "a tab is used for indenting; YAML needs spaces"
    if "mapping values are not allowed here" in problem:
        return "a value contains ': '; put the whole value in quotes"
    if "could not determine a constructor" in problem:
        tag = problem.rsplit("tag ", 1)[-1].replace("tag:yaml.org,2002:", "!!")
        return f"the tag {tag} is not allowed; only plain text, lists and fields are"
    if "quoted scalar" in (error.context or ""):
        return "a quoted value is not closed; add its closing quotation mark"
    if "found duplicate anchor" in problem or isinstance(error, yamlsafe.AliasRefused):
        return problem
    context = f"{error.context} " if error.context else ""
    return f"not valid YAML ({context}{problem})".replace(" )", ")")


def load(file: Path, shown: str, data: bytes | None = None) -> tuple[Source | None, list[Problem]]:
    text, problems = read_text(file, shown, data)
    if text is None:
        return None, problems
    return parse(text, shown)
