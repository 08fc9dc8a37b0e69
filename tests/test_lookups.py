"""`quicker_lookups` (speed/templates.py): a template's `a.b` gives what Jinja's own lookup
gives, for plain dicts and everything else; and a page's data digest (speed/reuse.py), made
the quicker way, is its data in any order."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import pytest
from jinja2 import ChainableUndefined, Environment, StrictUndefined, Undefined
from jinja2.sandbox import SandboxedEnvironment

from intheopen.integrations.mkdocs.speed.templates import quicker_lookups


class Thing:
    def __init__(self) -> None:
        self.title = "a thing"

    def __getitem__(self, key: str) -> str:
        return f"item {key}"


OBJECTS: list[Any] = [
    {"title": "Home", "items": "shadowed", "get": 1, "__class__": 2, "meta": {"x": 1}},
    {},
    OrderedDict(title="ordered", items="shadowed"),  # a dict subclass: Jinja's own way
    Thing(),
    None,
    ["a", "b"],
    "text",
]
NAMES = ["title", "items", "get", "keys", "__class__", "meta", "missing", "__dict__", "mro"]


def same(left: Any, right: Any) -> bool:
    if isinstance(left, Undefined) or isinstance(right, Undefined):
        return type(left) is type(right) and left._undefined_hint == right._undefined_hint
    if callable(left) and callable(right):  # bound methods are made anew at each lookup
        return bool(left == right)
    return bool(left == right)


@pytest.mark.parametrize("undefined", [Undefined, StrictUndefined, ChainableUndefined])
def test_every_lookup_gives_what_jinja_gives(undefined: type[Undefined]) -> None:
    jinja, ours = Environment(undefined=undefined), Environment(undefined=undefined)
    quicker_lookups(ours)
    assert ours.getattr is not jinja.getattr  # the quicker lookup is in place
    for obj in OBJECTS:
        for name in NAMES:
            assert same(ours.getattr(obj, name), jinja.getattr(obj, name)), (obj, name)


def test_templates_render_as_before() -> None:
    source = (
        "{{ page.title }}|{{ page.items is callable }}|{{ page.meta.x }}"
        "|{{ page.missing is defined }}|{{ page.get('title') }}|{{ page.missing|default('none') }}"
    )
    context = {"page": OBJECTS[0]}
    jinja, ours = Environment(), Environment()
    quicker_lookups(ours)
    expected = jinja.from_string(source).render(context)
    assert ours.from_string(source).render(context) == expected
    assert expected == "Home|True|1|False|Home|none"


def test_a_sandbox_keeps_its_own_lookup() -> None:
    sandbox = SandboxedEnvironment()
    own = sandbox.getattr
    quicker_lookups(sandbox)
    assert sandbox.getattr == own


def test_a_pages_data_digest_is_its_data_in_any_order() -> None:
    from types import SimpleNamespace

    from intheopen.integrations.mkdocs.speed.reuse import data_digest

    def page(view: dict[str, Any], lang: str = "en") -> Any:
        return SimpleNamespace(view=view, feed=None, lang=lang)

    first = {"title": "Bins", "cards": [{"url": "/a/", "day": "2026-03-01"}], "n": 1}
    same = {"n": 1, "cards": [{"day": "2026-03-01", "url": "/a/"}], "title": "Bins"}
    assert data_digest(page(first)) == data_digest(page(same))
    assert data_digest(page(first)) != data_digest(page({**first, "n": 2}))
    assert data_digest(page(first)) != data_digest(page(first, lang="cy"))
    lone = {"title": "\ud800"}  # not UTF-8: digested all the same
    assert data_digest(page(lone)) != data_digest(page({"title": "\ud801"}))
