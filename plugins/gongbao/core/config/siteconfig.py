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

from gongbao.core.config.settings import Settings
from gongbao.core.errors import GongbaoError
from gongbao.core.findings import Finding, FindingsError

__all__ = ["PLUGIN_NAME", "OptionError", "load_settings", "settings_from_options"]

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


class OptionError(GongbaoError):
    """A plugin option with a value it cannot take; ``fix`` says what to write instead."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


def _fail(path: str, message: str, fix: str) -> FindingsError:
    return FindingsError([Finding(path, None, "config", message, fix)])


def load_settings(config_file: Path, *, as_of: datetime.date | None = None) -> Settings:
    """Settings for the site whose ``mkdocs.yml`` is ``config_file``.

    Raises:
        FindingsError: the file is missing, not YAML, or does not enable the plugin.
    """
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
    options = _plugin_options(raw.get("plugins"))
    if options is None:
        raise _fail(
            name,
            "mkdocs.yml 没有启用 gongbao 插件。",
            "在 plugins: 下加入一行 - gongbao。",
        )
    try:
        return settings_from_options(
            config_file.resolve().parent,
            options,
            content_dir=str(raw.get("docs_dir", "docs")),
            directory_urls=bool(raw.get("use_directory_urls", True)),
            site_name=str(raw.get("site_name", Settings.site_name)),
            as_of=as_of,
        )
    except OptionError as exc:
        raise _fail(name, str(exc), exc.fix) from None
    except ValueError as exc:
        raise _fail(
            name, str(exc), "检查 mkdocs.yml 中的 as_of 或环境变量 GONGBAO_AS_OF。"
        ) from None


# The plugin options that map one-to-one onto Settings fields.
_OPTION_FIELDS = (
    "interpretations_dir",
    "gazette_dir",
    "sync_tolerance_days",
    "per_page",
    "gazette_title",
    "normative_in_gazette",
    "archive_dir",
    "cache_dir",
    "pdf_errors",
    "require_review",
    "search_engine",
)
#: Values of ``search_engine`` (the plugin's Choice checks them too; the CLI reads the YAML).
_SEARCH_ENGINES = ("whoosh", "tantivy")


def settings_from_options(
    root: Path,
    options: Mapping[str, Any],
    *,
    content_dir: str,
    directory_urls: bool,
    site_name: str,
    as_of: datetime.date | None = None,
) -> Settings:
    """Settings from the plugin's options: the one mapping shared by the plugin and the CLI.

    ``as_of`` wins over ``GONGBAO_AS_OF``, which wins over the ``as_of`` option.

    Raises:
        ValueError: ``as_of`` is not an ISO date, or ``search_engine`` is not an engine.
    """
    if as_of is None and (value := os.environ.get("GONGBAO_AS_OF") or options.get("as_of")):
        try:
            as_of = datetime.date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"as_of（构建日期）应为 YYYY-MM-DD，实际为 {value!r}。") from None
    fields = {name: options[name] for name in _OPTION_FIELDS if options.get(name) is not None}
    engine = fields.get("search_engine", "whoosh")
    if engine not in _SEARCH_ENGINES:
        raise OptionError(
            f"search_engine（检索引擎）应为 whoosh 或 tantivy，实际为 {engine!r}。",
            "在 mkdocs.yml 中写 search_engine: whoosh（默认）或 search_engine: tantivy。",
        )
    if options.get("page_globs") is not None:
        fields["page_globs"] = tuple(options["page_globs"])
    return Settings(
        root=root,
        content_dir=content_dir.rstrip("/"),
        directory_urls=directory_urls,
        site_name=site_name,
        as_of=as_of,
        **fields,
    )
