"""Read the gongbao settings out of ``mkdocs.yml`` without importing MkDocs.

``gongbao check`` must run without rendering (and without MkDocs, for a pre-commit hook or a
future SSG), so the few keys it needs are read here with a YAML loader that tolerates MkDocs'
tags (``!ENV``, ``!!python/name:…``) instead of executing them.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from gongbao.core.config.options import OptionError, parse_options
from gongbao.core.config.settings import Settings
from gongbao.core.findings import FindingsError
from gongbao.core.findings.catalogue.reading import CONFIG_FILE, CONFIG_OPTION

__all__ = ["PLUGIN_NAME", "load_settings", "settings_from_options", "site_values"]

PLUGIN_NAME = "gongbao"


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that turns unknown tags into plain values (``!ENV [X, default]`` → default)."""


def _unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node, deep=True)
        # !ENV [NAME, default]: use the environment like MkDocs does, else the default.
        if suffix == "!ENV" and items:
            names = items[:-1] if len(items) > 1 else items
            for name in names:
                if isinstance(name, str) and name in os.environ:
                    return os.environ[name]
            return items[-1] if len(items) > 1 else None
        return items
    return loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # A date that does not exist (2023-02-30) stays text: the option check then says so.
    try:
        return loader.construct_yaml_timestamp(node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_TolerantLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_TolerantLoader.add_multi_constructor("!", _unknown)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown)


def _plugin_options(plugins: Any) -> dict[str, Any] | None:
    entries = plugins.items() if isinstance(plugins, dict) else plugins or []
    for entry in entries:
        if entry == PLUGIN_NAME:
            return {}
        if isinstance(entry, tuple) and entry[0] == PLUGIN_NAME:
            return dict(entry[1] or {})
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            return dict(entry[PLUGIN_NAME] or {})
    return None


def _fail(path: str, message: str, fix: str) -> FindingsError:
    return FindingsError([CONFIG_FILE(path, None, message, fix)])


def site_values(text: str) -> dict[str, Any]:
    """The values of a ``mkdocs.yml`` as YAML decodes them (tags tolerated), ``{}`` when it
    does not parse: what the leak scan reads besides the text as written."""
    try:
        raw = yaml.load(text, Loader=_TolerantLoader)
    except (yaml.YAMLError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


def _read(config_file: Path) -> dict[str, Any]:
    name = config_file.name
    try:
        raw = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_TolerantLoader)
    except OSError:
        raise _fail(
            name,
            f"找不到站点配置文件 {config_file}。",
            "在站点目录中运行，或用 -f 指定 mkdocs.yml。",
        ) from None
    except yaml.YAMLError as exc:
        raise _fail(name, f"配置文件不是合法的 YAML：{exc}", "检查缩进和冒号。") from None
    if not isinstance(raw, dict):
        raise _fail(name, "配置文件应为“键: 值”的映射。", "参考 gongbao init 生成的 mkdocs.yml。")
    return raw


def load_settings(config_file: Path, *, as_of: datetime.date | None = None) -> Settings:
    """Settings for the site whose ``mkdocs.yml`` is ``config_file``.

    Raises:
        FindingsError: the file is missing, not YAML, does not enable the plugin, or gives an
            option a value it cannot take.
    """
    raw = _read(config_file)
    options = _plugin_options(raw.get("plugins"))
    if options is None:
        raise _fail(
            config_file.name,
            "mkdocs.yml 没有启用 gongbao 插件。",
            "在 plugins: 下加入一行 - gongbao。",
        )
    root = config_file.resolve().parent
    theme = raw.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    try:
        return settings_from_options(
            root,
            options,
            content_dir=str(raw.get("docs_dir", "docs")),
            directory_urls=bool(raw.get("use_directory_urls", True)),
            site_name=str(raw.get("site_name", Settings.site_name)),
            template_dirs=(root / str(custom_dir),) if custom_dir else (),
            strict=raw.get("strict") is True,
            config_file=config_file.name,
            as_of=as_of,
            site_url=str(raw["site_url"]) if raw.get("site_url") else None,
        )
    except OptionError as exc:
        raise FindingsError([CONFIG_OPTION(config_file.name, None, str(exc), exc.fix)]) from exc


def settings_from_options(
    root: Path,
    options: Mapping[str, Any],
    *,
    content_dir: str,
    directory_urls: bool,
    site_name: str,
    template_dirs: tuple[Path, ...] = (),
    strict: bool = False,
    config_file: str = "mkdocs.yml",
    as_of: datetime.date | None = None,
    site_url: str | None = None,
) -> Settings:
    """Settings from the plugin's options: the one mapping shared by the plugin and the CLI.

    ``as_of`` wins over ``GONGBAO_AS_OF``, which wins over the ``as_of`` option.

    Raises:
        OptionError: an option has a value it cannot take (the message says which and why).
    """
    values = parse_options(options)
    if as_of is None and (env := os.environ.get("GONGBAO_AS_OF")):
        try:
            as_of = datetime.date.fromisoformat(env)
        except ValueError:
            raise OptionError(
                f"环境变量 GONGBAO_AS_OF（构建日期）应为 YYYY-MM-DD，实际为 {env!r}。",
                "改正或删除环境变量 GONGBAO_AS_OF。",
            ) from None
    values["as_of"] = as_of or values["as_of"]
    del values["enabled"]
    return Settings(
        root=root,
        content_dir=content_dir.rstrip("/"),
        directory_urls=directory_urls,
        site_name=site_name,
        template_dirs=template_dirs,
        strict=strict,
        config_file=config_file,
        site_url=site_url,
        **values,
    )
