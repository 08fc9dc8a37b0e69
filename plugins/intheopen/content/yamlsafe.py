"""Safe YAML for front matter: line numbers kept, aliases refused, dates left as text."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class AliasRefused(yaml.MarkedYAMLError):
    """Aliases are refused so that 'billion laughs' documents cannot blow up later walks."""


class Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings (we parse and explain them ourselves)
    and refuses anchors' aliases."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise AliasRefused(
                problem="YAML aliases (*name) are not allowed in front matter; "
                "write the value out in full",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


_RESOLVERS = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.yaml_implicit_resolvers = _RESOLVERS

FastLoader: type[yaml.CSafeLoader] | None = None
if hasattr(yaml, "CSafeLoader"):  # PyYAML built with libyaml: several times faster

    class _FastLoader(yaml.CSafeLoader):
        """libyaml's safe loader, leaving dates as strings."""

    _FastLoader.yaml_implicit_resolvers = _RESOLVERS
    FastLoader = _FastLoader


@dataclass
class Lines:
    """Where each key and list item of a front matter block was written."""

    offset: int
    by_path: dict[Path, int] = field(default_factory=dict)
    duplicates: list[tuple[Path, int, int]] = field(default_factory=list)

    def line(self, path: Path) -> int:
        """The file line of `path`, or of its nearest ancestor that was written."""
        while path:
            if path in self.by_path:
                return self.by_path[path]
            path = path[:-1]
        return self.offset + 1


class _Repeated(Exception):
    """A node met twice while walking: the document uses an alias."""


def load(text: str, offset: int) -> tuple[Any, Lines]:
    """Parse one YAML document; `offset` is the file line before its first line.

    Raises yaml.YAMLError (marks shifted to file lines) or RecursionError.
    """
    if FastLoader is not None:
        # libyaml composes; anything it refuses, or any alias, goes to the pure-Python
        # loader below, whose messages (and refusal of aliases) are the ones we explain.
        loader = FastLoader(text)
        try:
            node = loader.get_single_node()
            lines = Lines(offset)
            if node is not None:
                _walk(node, (), lines, set())
            return (loader.construct_document(node) if node is not None else None), lines
        except (yaml.YAMLError, _Repeated):
            pass
        finally:
            loader.dispose()
    return _load_slowly(text, offset)


def _load_slowly(text: str, offset: int) -> tuple[Any, Lines]:
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        for mark in (error.problem_mark, error.context_mark):
            if mark is not None:
                mark.line += offset
        raise
    finally:
        loader.dispose()
    lines = Lines(offset)
    if node is not None:
        _walk(node, (), lines, None)
    return data, lines


def _walk(node: yaml.Node, path: Path, lines: Lines, met: set[int] | None) -> None:
    """Record lines (and repeated keys); with `met`, refuse a node met twice."""
    if met is not None:
        if id(node) in met:
            raise _Repeated
        met.add(id(node))
    lines.by_path.setdefault(path, node.start_mark.line + lines.offset + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[Hashable] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            line = key_node.start_mark.line + lines.offset + 1
            if key in seen:
                lines.duplicates.append(((*path, key), lines.by_path[(*path, key)], line))
            seen.add(key)
            lines.by_path[(*path, key)] = line
            _walk(value_node, (*path, key), lines, met)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, met)
