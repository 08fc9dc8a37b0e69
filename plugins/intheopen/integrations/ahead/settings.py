"""mkdocs.yml read for engines that run no plugin of ours, and the configuration written for
them: the council's own settings, pointed at the generated docs folder."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from intheopen.integrations.mkdocs.options import InTheOpenConfig

OURS = "intheopen"
STYLESHEETS = ["assets/intheopen/intheopen.css", "assets/intheopen/zensical.css"]
SCRIPTS = ["assets/intheopen/pages.js"]


class SettingsError(Exception):
    """mkdocs.yml cannot be read, or our options in it are wrong: one line for the author."""


@dataclass(frozen=True)
class Tagged:
    """A value written with a YAML tag (`!ENV`, `!!python/name:…`), kept to be written back
    as it was for the engine, which reads the tags itself."""

    tag: str
    value: Any


class _Keeping(yaml.SafeLoader):
    pass


def _keep(loader: _Keeping, suffix: str, node: yaml.Node) -> Tagged:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value)


_Keeping.add_multi_constructor("", _keep)


class _Writing(yaml.SafeDumper):
    pass


def _write_tagged(dumper: _Writing, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Writing.add_representer(Tagged, _write_tagged)


def read(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as data, its tags kept."""
    try:
        raw = yaml.load(config_file.read_text("utf-8"), _Keeping)  # a SafeLoader
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{config_file}: cannot be read ({error})") from None
    except yaml.YAMLError as error:
        raise SettingsError(f"{config_file}: is not valid YAML ({error})") from None
    if not isinstance(raw, dict):
        raise SettingsError(f"{config_file}: expected settings (name: value), found none")
    return raw


def plugin_entries(raw: dict[str, Any]) -> list[Any]:
    """The `plugins:` list, in list form."""
    plugins = raw.get("plugins")
    if isinstance(plugins, dict):
        return [{name: value} for name, value in plugins.items()]
    return list(plugins) if isinstance(plugins, list) else []


def name_of(entry: Any) -> str:
    if isinstance(entry, dict) and len(entry) == 1:
        return str(next(iter(entry)))
    return str(entry)


def options(raw: dict[str, Any]) -> InTheOpenConfig:
    """Our plugin's options, checked as the plugin checks them."""
    found: dict[str, Any] = {}
    for entry in plugin_entries(raw):
        if name_of(entry) == OURS and isinstance(entry, dict):
            found = dict(entry[OURS] or {})
    config = InTheOpenConfig()
    config.load_dict(found)
    errors, _ = config.validate()
    if errors:
        key, error = errors[0]
        raise SettingsError(f"plugins: intheopen: {key}: {error}")
    return config


def markdown_extensions(raw: dict[str, Any]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The Markdown extensions MkDocs would use, with their settings (as MkDocs reads
    `markdown_extensions:`: its three built in first, each name once)."""
    names = ["toc", "tables", "fenced_code"]
    configs: dict[str, dict[str, Any]] = {}
    for item in raw.get("markdown_extensions") or []:
        if isinstance(item, dict):
            for name, settings in item.items():
                if name not in names:
                    names.append(str(name))
                if isinstance(settings, dict):
                    configs[str(name)] = {k: _resolved(v) for k, v in settings.items()}
        elif isinstance(item, str) and item not in names:
            names.append(item)
    return names, configs


def _resolved(value: Any) -> Any:
    """A setting with its `!!python/name:` tags turned into what they name, as MkDocs does
    (mkdocs.yml is the council's own code, trusted as MkDocs trusts it)."""
    if isinstance(value, Tagged):
        prefix = "tag:yaml.org,2002:python/name:"
        if value.tag.startswith(prefix):
            module, _, name = value.tag[len(prefix) :].rpartition(".")
            return getattr(importlib.import_module(module), name)
        return value.value
    if isinstance(value, dict):
        return {k: _resolved(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolved(v) for v in value]
    return value


def engine_config(raw: dict[str, Any], theme_dir: str, footer: dict[str, Any]) -> dict[str, Any]:
    """The council's settings for an engine building the generated docs folder beside this
    configuration: our plugin out, our stylesheet and footer in, paths made to fit."""
    config = dict(raw)
    config.pop("INHERIT", None)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    theme = raw.get("theme")
    theme = dict(theme) if isinstance(theme, dict) else {"name": str(theme or "material")}
    theme["custom_dir"] = theme_dir
    theme["font"] = False  # no Google Fonts: zero third-party requests
    config["theme"] = theme
    config["plugins"] = [entry for entry in plugin_entries(raw) if name_of(entry) != OURS]
    config["extra_css"] = [*(raw.get("extra_css") or []), *STYLESHEETS]
    config["extra_javascript"] = [*(raw.get("extra_javascript") or []), *SCRIPTS]
    extra = raw.get("extra")
    extra = dict(extra) if isinstance(extra, dict) else {}
    extra["intheopen_footer"] = footer
    extra.setdefault("generator", False)
    config["extra"] = extra
    config.pop("strict", None)  # decided by `intheopen build --strict`
    return config


def write(config: dict[str, Any], path: Path) -> None:
    text = yaml.dump(config, Dumper=_Writing, allow_unicode=True, sort_keys=False)
    note = "# Written by intheopen: do not edit; it is made again on every build.\n"
    if not path.is_file() or path.read_text("utf-8") != note + text:  # a serving engine
        path.write_text(note + text, "utf-8")  # rebuilds on any write
