"""The theme's templates compiled by a child while a build plans (speed/templates.py): the
build's environment loads them from the child's code instead of compiling them, unless a
template's source or the environment's filters changed since."""

from __future__ import annotations

from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment
from mkdocs.theme import Theme

from intheopen.integrations.mkdocs.speed.templates import CompiledTemplates, meanwhile, prepared
from intheopen.integrations.mkdocs.speed.templates import compiled as walked

OURS = package_files("intheopen") / "templates" / "theme"


def theme_with(custom: Path | None = None) -> Theme:
    theme = Theme(name="material", custom_dir=str(custom) if custom else None)
    theme.dirs.insert(1 if custom else 0, str(OURS))
    return theme


def compiles(env: Environment, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates `env` compiles from now on."""
    seen: list[str] = []
    plain = env.compile

    def compile(source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        seen.append(str(name))
        return plain(source, name, *args, **kwargs)

    monkeypatch.setattr(env, "compile", compile)
    return seen


def test_the_build_loads_the_theme_the_child_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    theme = theme_with()
    child = meanwhile(theme, OURS)
    env = theme.get_env()

    prepared(env, None, child)

    store = env.bytecode_cache
    assert isinstance(store, CompiledTemplates)
    assert {"main.html", "404.html", "intheopen/post.html", "partials/header.html"} <= store.names
    compiled = compiles(env, monkeypatch)
    for name in ("main.html", "intheopen/post.html", "intheopen/listing.html", "404.html"):
        env.get_template(name)
    assert compiled == []
    assert walked(env, ["main.html", "intheopen/post.html"]) == []  # nor parsed before forking


def test_a_template_changed_meanwhile_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    custom = tmp_path / "overrides"
    custom.mkdir()
    (custom / "main.html").write_text("first", encoding="utf-8")
    theme = theme_with(custom)
    child = meanwhile(theme, OURS)
    child_done = child.receive()  # as if the build took its time
    assert child_done is not None
    (custom / "main.html").write_text("second", encoding="utf-8")
    env = theme.get_env()
    store = CompiledTemplates()
    store.take(child_done)
    env.bytecode_cache = store
    compiled = compiles(env, monkeypatch)

    assert env.get_template("main.html").render() == "second"
    assert compiled == ["main.html"]
    child.close()


def test_a_filter_passed_something_else_means_compiling_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    theme = theme_with()
    child = meanwhile(theme, OURS)
    env = theme.get_env()
    plain_url = env.filters["url"]  # passed the context: now a filter that is not
    env.filters["url"] = lambda value: plain_url({"base_url": "."}, value)
    prepared(env, None, child)
    compiled = compiles(env, monkeypatch)

    env.get_template("partials/logo.html")

    assert compiled == ["partials/logo.html"]  # its code calls `url` differently now


PAGE = (
    '{% import "partials/language.html" as lang with context %}'
    "{{ lang.t('search.placeholder') }}|{{ lang.t('search.placeholder') }}|"
    "{{ lang.t('language') }}|{{ lang.t('action.edit') }}|{{ lang.t('no.such.key') }}"
)


@pytest.mark.parametrize("language", ["en", "cy", "xx"])
def test_the_theme_words_are_remembered_and_the_same(language: str) -> None:
    from intheopen.integrations.mkdocs.speed.templates import quicker_translations

    theme = theme_with()
    # "xx": no such language file; the page (as Material would) asks English
    context = {"config": {"theme": {"language": "en" if language == "xx" else language}}}
    fresh, ours = theme.get_env(), theme.get_env()
    english = ours.get_template("partials/languages/en.html").module.t
    asked: list[str] = []
    table = english._func
    english._func = lambda key: asked.append(key) or table(key)

    quicker_translations(ours, language)

    for _ in range(3):  # page after page
        assert ours.from_string(PAGE).render(context) == fresh.from_string(PAGE).render(context)
    if language != "cy":  # English asked each word once, the first time it was needed
        assert asked == ["search.placeholder", "language", "action.edit", "no.such.key"]


def test_a_translation_macro_of_more_than_the_key_is_left_alone(tmp_path: Path) -> None:
    from jinja2.runtime import Macro

    from intheopen.integrations.mkdocs.speed.templates import quicker_translations

    languages = tmp_path / "overrides" / "partials" / "languages"
    languages.mkdir(parents=True)
    (languages / "en.html").write_text(
        "{% macro t(key, plural=false) %}{{ key }}{{ 's' if plural }}{% endmacro %}",
        encoding="utf-8",
    )
    env = theme_with(tmp_path / "overrides").get_env()

    quicker_translations(env, "en")

    assert isinstance(env.get_template("partials/languages/en.html").module.t, Macro)


def test_each_template_is_parsed_once_into_the_code_jinja_would_make(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    theme = theme_with()
    env, fresh = theme.get_env(), theme.get_env()
    store = env.bytecode_cache = CompiledTemplates()
    parsed: list[str] = []
    plain = env._parse

    def parse(source: str, name: str | None, filename: str | None) -> Any:
        parsed.append(str(name))
        return plain(source, name, filename)

    monkeypatch.setattr(env, "_parse", parse)

    done = walked(env, ["main.html", "intheopen/post.html"])

    assert {"base.html", "partials/header.html", "intheopen/partials/card.html"} <= set(done)
    assert sorted(parsed) == sorted(done)  # once each: its names found in the same tree
    assert fresh.loader is not None
    for name in done:
        source, filename, _ = fresh.loader.get_source(fresh, name)
        bucket = store.get_bucket(env, name, filename, source)
        assert bucket.code == fresh.compile(source, name, filename), name
    again = theme.get_env()  # a later build (serve) with the code kept
    again.bytecode_cache = store
    compiled = compiles(again, monkeypatch)
    assert walked(again, ["main.html", "intheopen/post.html"]) == done
    assert compiled == []  # loaded from the code kept, not compiled again
