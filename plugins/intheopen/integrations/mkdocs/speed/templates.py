"""Templates compiled once a `serve`: MkDocs makes a new Jinja environment for every rebuild,
and compiling the theme's templates again cost a fifth of a rebuild.

The compiled code stays in the serving process's memory, never on disk: compiled template
code read from a folder could have been planted there, and would run (see `speed/cache.py`).
Jinja checks each template's source against the checksum kept with its code, so an edited
template (the council's `custom_dir`) is compiled again; so is every template when the
environment's settings differ.
"""

from __future__ import annotations

from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket


class CompiledTemplates(BytecodeCache):
    """Compiled templates by name, source checksum and environment, for one process."""

    def __init__(self) -> None:
        self._code: dict[tuple[str, str], tuple[str, Any]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self._code.get((bucket.key, _settings(bucket.environment)))
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            key = (bucket.key, _settings(bucket.environment))
            self._code[key] = (bucket.checksum, bucket.code)

    def clear(self) -> None:
        self._code.clear()


def _settings(environment: Environment) -> str:
    """What, beyond a template's source, decides the code Jinja compiles it to."""
    autoescape = environment.autoescape
    return repr(
        (
            sorted(environment.extensions),
            autoescape if isinstance(autoescape, bool) else getattr(autoescape, "__qualname__", ""),
            environment.block_start_string,
            environment.block_end_string,
            environment.variable_start_string,
            environment.variable_end_string,
            environment.comment_start_string,
            environment.comment_end_string,
            environment.line_statement_prefix,
            environment.line_comment_prefix,
            environment.trim_blocks,
            environment.lstrip_blocks,
            environment.newline_sequence,
            environment.keep_trailing_newline,
            environment.optimized,
            environment.is_async,
        )
    )


_DICT_NAMES = frozenset(dir(dict))  # every attribute a plain dict has


def quicker_lookups(environment: Environment) -> None:
    """`a.b` in a template, where `a` is a plain dict without the attribute `b`, looked up
    as Jinja does but without raising and catching an AttributeError first: Material's
    templates do it some 200 times a page (`config.extra.…`, `page.meta.…`). Every other
    lookup goes to Jinja's own `getattr`; an environment with its own (a sandbox) is left
    alone."""
    if type(environment).getattr is not Environment.getattr:
        return
    plain = environment.getattr

    def getattr(obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_NAMES:
            try:
                return obj[attribute]
            except KeyError:
                return environment.undefined(obj=obj, name=attribute)
        return plain(obj, attribute)

    environment.getattr = getattr  # type: ignore[method-assign]
