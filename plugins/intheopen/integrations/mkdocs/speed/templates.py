"""Templates compiled once a `serve`, and, in a build, compiled by a child while the build
reads and plans: MkDocs makes a new Jinja environment for every rebuild, and compiling the
theme's templates again cost a fifth of a rebuild; in a cold build it held up templating by
a third of a second.

The compiled code stays in memory, and passes from the child to the build through a pipe,
never on disk: compiled template code read from a folder could have been planted there, and
would run (see `speed/cache.py`). Jinja checks each template's source against the checksum
kept with its code, so an edited template (the council's `custom_dir`) is compiled again; so
is every template when the environment's settings or filters differ.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterable
from importlib.resources.abc import Traversable
from typing import Any

from jinja2 import BytecodeCache, Environment, TemplateError, meta
from jinja2.bccache import Bucket
from jinja2.runtime import Macro
from mkdocs.theme import Theme

from intheopen.speed.forked import Child

Compiled = tuple[list[str], list[tuple[tuple[str, str], str, bytes]]]  # as a child sends it


class CompiledTemplates(BytecodeCache):
    """Compiled templates by name, source checksum and environment, for one process;
    `names`: templates compiled, with every template they name, by a child."""

    def __init__(self) -> None:
        self._code: dict[tuple[str, str], tuple[str, Any]] = {}
        self.names: frozenset[str] = frozenset()

    def exported(self, names: Iterable[str]) -> Compiled:
        found = [
            (key, checksum, marshal.dumps(code)) for key, (checksum, code) in self._code.items()
        ]
        return sorted(names), found

    def take(self, sent: Compiled) -> None:
        """What `meanwhile`'s child sent through its pipe: the only code this unmarshals.
        The child is a fork of this build; nothing here is read from the cache folder or
        any other file, where code could have been planted (tests/test_cache_hostile.py)."""
        names, code = sent
        for key, checksum, data in code:
            self._code.setdefault(key, (checksum, marshal.loads(data)))
        self.names = frozenset(names)

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


def compiled(env: Environment, names: Iterable[str]) -> list[str]:
    """Compile the templates `names` and those they name (where the name is written out),
    but not those a child compiled for `env` already (they load from its code when used):
    a child forked after shares them instead of compiling them again. Those compiled."""
    cache = env.bytecode_cache
    known = cache.names if isinstance(cache, CompiledTemplates) else frozenset()
    waiting, seen, done = list(names), set(), []
    while waiting:
        name = waiting.pop()
        if name in seen or name in known or env.loader is None:
            continue
        seen.add(name)
        try:
            source, filename, _ = env.loader.get_source(env, name)
            tree = env.parse(source, name, filename)
            named = list(meta.find_referenced_templates(tree))
            if cache is not None:
                bucket = cache.get_bucket(env, name, filename, source)
                if bucket.code is None:  # compiled from the tree parsed here, not again
                    bucket.code = env.compile(tree, name, filename)
                    cache.set_bucket(bucket)
            env.get_template(name)  # from that code, where there is a cache
        except TemplateError:  # MkDocs will say so when it gets there
            continue
        done.append(name)
        waiting.extend(found for found in named if found)
    return done


def meanwhile(theme: Theme, ours: Traversable) -> Child:
    """A child that compiles the templates pages are made from (the theme's `main.html`, its
    static templates and ours in the folder `ours`, and every template they name) in an
    environment made as MkDocs will make the build's, and sends the code, for `prepared`."""
    found = [entry.name for entry in (ours / "intheopen").iterdir() if entry.name.endswith(".html")]
    names = ["main.html", *theme.static_templates, *(f"intheopen/{name}" for name in found)]

    def job(send: Any) -> None:
        env = theme.get_env()
        store = CompiledTemplates()
        env.bytecode_cache = store
        send(store.exported(compiled(env, names)))

    return Child(job)


def quicker_translations(env: Environment, language: Any) -> None:
    """Material's `t(key)` macros (`partials/languages/*.html`) build their whole table of
    words anew at each call, some twenty a page: those a page can call (the theme's
    language's and English, its fallback) answer a key asked before from memory. Only a
    macro of `key` alone is remembered, in the module Jinja keeps for a template imported
    without context (as Material's `partials/language.html` imports them), where nothing
    but the key can change its answer; any other stays as it is."""
    names = [f"partials/languages/{language}.html", "partials/languages/en.html"]
    for name in dict.fromkeys(names):
        try:
            module = env.get_template(name).module
        except TemplateError:  # no such language: Material falls back to English
            continue
        macro = getattr(module, "t", None)
        if not isinstance(macro, Macro) or macro.catch_kwargs or macro.catch_varargs:
            continue
        if list(macro.arguments) == ["key"]:
            module.t = _remembered(macro)  # type: ignore[attr-defined]


def _remembered(macro: Macro) -> Callable[[Any], Any]:
    known: dict[Any, Any] = {}

    def t(key: Any) -> Any:
        try:
            return known[key]
        except KeyError:
            found = known[key] = macro(key)
            return found
        except TypeError:  # a key that cannot be remembered
            return macro(key)

    return t


def prepared(
    env: Environment, kept: CompiledTemplates | None, child: Child | None, language: Any = "en"
) -> None:
    """Make MkDocs' new environment quicker: its lookups (`quicker_lookups`), and its
    templates' code taken from `kept` (a `serve`'s, kept from rebuild to rebuild) or else
    from what `child` compiled (`meanwhile`), instead of compiled again; then the theme's
    words (`quicker_translations`)."""
    quicker_lookups(env)
    if kept is not None:
        env.bytecode_cache = kept
    if child is not None:
        sent = child.receive()
        child.close()
        if sent is not None and kept is None:
            store = CompiledTemplates()
            store.take(sent)
            env.bytecode_cache = store
    quicker_translations(env, language)


def _settings(environment: Environment) -> str:
    """What, beyond a template's source, decides the code Jinja compiles it to (the filters
    and tests by name and by what they are passed, since the code calls them accordingly)."""
    autoescape = environment.autoescape
    kinds = [
        sorted((name, str(getattr(call, "jinja_pass_arg", ""))) for name, call in found.items())
        for found in (environment.filters, environment.tests)
    ]
    return repr(
        (
            kinds,
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
