"""Split a Markdown source into YAML front matter and body, strictly.

MkDocs' own ``get_data`` swallows YAML errors and returns empty metadata; here every problem is a
finding with the file and line: bad YAML, a front matter that is a list or a string, duplicate
keys, YAML anchors/aliases (a "billion laughs" expansion is refused), text that is not UTF-8.
CRLF line endings and a UTF-8 byte-order mark are accepted: Windows editors write them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gongbao.core.errors import GongbaoError
from gongbao.core.findings import Finding
from gongbao.core.findings.catalogue.reading import (
    FRONTMATTER_KEY_TYPE,
    FRONTMATTER_KEYS,
    FRONTMATTER_NOT_MAPPING,
    FRONTMATTER_SIZE,
    FRONTMATTER_UNCLOSED,
    FRONTMATTER_YAML,
    SOURCE_BINARY,
    SOURCE_ENCODING,
    SOURCE_READ,
    SOURCE_SIZE,
)
from gongbao.core.findings.codes import Code
from gongbao.core.sources.plainyaml import PlainReader

__all__ = [
    "MAX_FRONT_MATTER_BYTES",
    "MAX_SOURCE_BYTES",
    "FrontMatterError",
    "Source",
    "parse_source",
    "read_source",
]

MAX_SOURCE_BYTES = 5 * 2**20
"""A policy text of 5 MB is about 1.7 million Chinese characters: anything larger is refused
(before it is read) rather than left to Markdown rendering for minutes."""

MAX_FRONT_MATTER_BYTES = 64 * 1024
"""Front matter is metadata, not content: anything larger is a mistake (or an attack)."""

MAX_FRONT_MATTER_KEYS = 200
"""Far more keys than any content model has: thousands of them are a mistake or an attack."""


@dataclass(frozen=True)
class Source:
    """A parsed source file: metadata with the line of each key, and the Markdown body."""

    path: str
    """Site-relative path, used in every message."""
    meta: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)
    """1-based line of each top-level key in the file."""
    body: str = ""
    body_line: int = 1
    """1-based line in the file where the body starts."""
    has_front_matter: bool = True
    as_written: dict[str, Any] = field(default_factory=dict)
    """By key, what the editor wrote where YAML 1.1 typed a plain scalar as a number, a
    boolean or a date (``0017`` is 15, ``1:30`` is 90, ``yes`` is true): text fields read this,
    so ``index_number: 0017`` stays ``0017``. A list holds its items, typed ones as written."""


class FrontMatterError(GongbaoError):
    """The source could not be read; carries one finding."""

    def __init__(self, finding: Finding) -> None:
        self.finding = finding
        super().__init__(finding.format())


_STR_TAG = "tag:yaml.org,2002:str"


class _StrictConstruction:
    """Construction rules shared by both loaders: duplicate keys and non-text keys are errors."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if type(key_node) is yaml.ScalarNode and key_node.tag == _STR_TAG:
                key = key_node.value  # what constructing a plain text key returns, for free
            else:
                key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
            line = key_node.start_mark.line + 2  # 1-based, after the opening ---
            if isinstance(key, list | dict):
                raise yaml.MarkedYAMLError(problem="键必须是文字", problem_mark=key_node.start_mark)
            if key in seen:
                raise yaml.MarkedYAMLError(
                    problem=f"键 {key!r} 重复出现（第 {seen[key]} 行已有）",
                    problem_mark=key_node.start_mark,
                )
            seen[key] = line
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)  # type: ignore[misc]
        return mapping


class _Loader(_StrictConstruction, yaml.SafeLoader):
    """The pure-Python loader: also refuses YAML aliases, at the line where they occur."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                problem="YAML 别名（*name）不受支持，请直接写出取值", problem_mark=event.start_mark
            )
        return super().compose_node(parent, index)


# libyaml parses twenty times faster; it is used whenever the text cannot hold an alias.
_CBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLoader(_StrictConstruction, _CBase):  # type: ignore[misc]
    """libyaml's loader with the same construction rules."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # YAML turns 2023-02-30 into a ValueError deep in the constructor: keep the text instead,
    # so the field validator can say which date does not exist.
    try:
        return loader.construct_yaml_timestamp(node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


for _cls in (_Loader, _FastLoader):
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


# Most front matter is a column of plain "key: value" lines: read without a YAML parser.
_PLAIN = PlainReader(_FastLoader)


def _load(text: str) -> tuple[Any, dict[str, int], dict[str, Any]]:
    """Parse ``text`` once: the value, the 1-based file line of each top-level key, and the
    text of plain scalars YAML typed as numbers, booleans or dates (see ``Source.as_written``)."""
    plain = _PLAIN.load(text)
    return plain if plain is not None else _load_yaml(text)


def _typed(value: Any) -> bool:
    return value is not None and type(value) is not str


def _as_written(node: yaml.Node, value: Any) -> Any:
    """What the editor wrote for a value that YAML typed from a plain scalar (``value`` is
    what it constructed), or ``None`` when nothing was typed. A plain scalar has no style:
    ``None`` from PyYAML, ``""`` from libyaml."""
    if isinstance(node, yaml.ScalarNode):
        return node.value if not node.style and _typed(value) else None
    if isinstance(node, yaml.SequenceNode) and isinstance(value, list):
        items = [
            item.value if isinstance(item, yaml.ScalarNode) and not item.style and _typed(v) else v
            for item, v in zip(node.value, value, strict=True)
        ]
        return items if items != value else None
    return None


def _load_yaml(text: str) -> tuple[Any, dict[str, int], dict[str, Any]]:
    """:func:`_load` with PyYAML, for any front matter."""
    # An alias needs & and *; without them the fast loader is exact.
    loader = (_Loader if "&" in text or "*" in text else _FastLoader)(text)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    written: dict[str, Any] = {}
    if isinstance(node, yaml.MappingNode) and isinstance(value, dict):
        for key, value_node in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines[str(key.value)] = key.start_mark.line + 2
                as_written = _as_written(value_node, value.get(key.value))
                if as_written is not None:
                    written[str(key.value)] = as_written
    return value, lines, written


def _fail(path: str, line: int | None, message: str, fix: str, code: Code) -> FrontMatterError:
    return FrontMatterError(code(path, line, message, fix))


# The line that closes the front matter (after the "\n" before it), as str.rstrip() sees it.
_CLOSING_RE = re.compile(r"\n(?:---|\.\.\.)[^\S\n]*(?=\n|\Z)")


def _split(text: str) -> tuple[str | None, str, int] | None:
    """``(front matter, body, first line of the body)`` of a source's text, line endings
    normalised; the front matter is ``None`` when there is none. ``None`` altogether when the
    opening ``---`` has no closing line.

    Only the front matter is cut into lines: a body of thousands of lines is sliced once.
    """
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip() != "---":
        return None, text, 1
    closing = _CLOSING_RE.search(text, first_end) if first_end >= 0 else None
    if closing is None:
        return None
    front = text[first_end + 1 : closing.start()]
    return front, text[closing.end() + 1 :], text.count("\n", 0, closing.start()) + 3


def read_body(file: Path) -> tuple[str, int]:
    """The Markdown body of a source file and its first line, as :func:`read_source` gives
    them, without parsing the front matter (for records restored from a cache)."""
    return split_body(file.read_bytes().decode("utf-8"))


def split_body(text: str) -> tuple[str, int]:
    """The Markdown body of a decoded source and its first line (front matter skipped)."""
    parts = _split(text)
    if parts is None:  # an unclosed front matter: all of it is body
        return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), 1
    return parts[1], parts[2]


def parse_source(text: str, path: str) -> Source:
    """Parse ``text`` (already decoded) into a :class:`Source`.

    Raises:
        FrontMatterError: the front matter is not valid YAML mapping.
    """
    parts = _split(text)
    if parts is None:
        raise _fail(
            path,
            1,
            "头信息（front matter）以 --- 开始，但没有找到结束的 --- 行。",
            "在头信息最后一个字段之后单独写一行 ---。",
            FRONTMATTER_UNCLOSED,
        )
    yaml_text, body, body_line = parts
    if yaml_text is None:
        return Source(path, {}, {}, body, 1, has_front_matter=False)
    if len(yaml_text.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise _fail(
            path,
            1,
            f"头信息超过 {MAX_FRONT_MATTER_BYTES // 1024} KB，不像是元数据。",
            "正文应写在第二个 --- 之后。",
            FRONTMATTER_SIZE,
        )
    try:
        meta, key_lines, as_written = _load(yaml_text)
    except yaml.MarkedYAMLError as exc:
        # "while parsing a flow sequence" / "while scanning a quoted scalar": the context mark
        # is where the unclosed bracket or quote starts, which is the line to fix.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for the "---"
        problem = exc.problem or "语法错误"
        if exc.context:
            problem = f"{exc.context}，{problem}"
        if "重复出现" in problem:
            fix = "删除其中一个，只保留正确的取值。"
        elif "别名" in problem:
            fix = "把 *name 换成它所指的实际取值。"
        else:
            fix = "检查该行的缩进、冒号后的空格和引号是否成对；含冒号或 # 的取值请加引号。"
        raise _fail(
            path, line, f"头信息不是合法的 YAML：{problem}。", fix, FRONTMATTER_YAML
        ) from exc
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        # Anything else PyYAML can raise (deep nesting, odd tags) is still the editor's input.
        raise _fail(
            path,
            2,
            f"头信息无法解析：{type(exc).__name__}。",
            "检查头信息的格式。",
            FRONTMATTER_YAML,
        ) from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        names: dict[type, str] = {list: "列表", str: "一段文字"}
        received = names.get(type(meta), type(meta).__name__)
        raise _fail(
            path,
            2,
            f"头信息应为“键: 值”的映射，实际是{received}。",
            "每行写成 key: value 的形式，例如 title: 关于……的通知。",
            FRONTMATTER_NOT_MAPPING,
        )
    if len(meta) > MAX_FRONT_MATTER_KEYS:
        raise _fail(
            path,
            2,
            f"头信息有 {len(meta)} 个字段，超过上限 {MAX_FRONT_MATTER_KEYS}。",
            "删除多余的字段；正文应写在第二个 --- 之后。",
            FRONTMATTER_KEYS,
        )
    bad_keys = [k for k in meta if not isinstance(k, str)]
    if bad_keys:
        raise _fail(
            path,
            2,
            f"头信息的键应为文字，实际有 {bad_keys[0]!r}。",
            "键用英文字段名或中文别名，如 published 或 发布日期。",
            FRONTMATTER_KEY_TYPE,
        )
    return Source(path, meta, key_lines, body, body_line, as_written=as_written)


class _TooLargeError(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


def _read_capped(file: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The file's bytes, refused (before reading) when over ``max_bytes``.

    One open, one ``fstat`` and (for a file that does not change meanwhile) one read: a third
    of ``stat`` plus ``read_bytes``, which costs 20,000 sources a third of a second.
    """
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        size = os.fstat(fd).st_size
        if size > max_bytes:
            raise _TooLargeError(size)
        # One byte more than the size, so that a file that grew since fstat is read on.
        chunks = [os.read(fd, size + 1)]
        read = len(chunks[0])
        while read > size and chunks[-1]:
            if read > max_bytes:
                raise _TooLargeError(read)
            chunks.append(os.read(fd, 1 << 16))
            read += len(chunks[-1])
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_source(
    file: str | os.PathLike[str], path: str, *, max_bytes: int = MAX_SOURCE_BYTES
) -> Source:
    """Read and parse a source file.

    Raises:
        FrontMatterError: unreadable, too large, not UTF-8, or bad front matter.
    """
    try:
        data = _read_capped(file, max_bytes)
    except _TooLargeError as exc:
        raise _fail(
            path,
            None,
            f"文件大小 {exc.size / 2**20:.1f} MB，超过上限 {max_bytes / 2**20:.0f} MB。",
            "把超长内容拆分为多个文件，或作为附件（PDF）发布。",
            SOURCE_SIZE,
        ) from None
    except OSError as exc:
        raise _fail(path, None, f"无法读取文件：{exc.strerror}。", "", SOURCE_READ) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(
            path,
            line,
            f"文件不是 UTF-8 编码（第 {exc.start + 1} 字节无法解码，可能是 GBK/GB2312）。",
            "用编辑器把文件另存为 UTF-8 编码。",
            SOURCE_ENCODING,
        ) from exc
    if "\x00" in text:
        raise _fail(
            path,
            text[: text.index("\x00")].count("\n") + 1,
            "文件含有空字符（\\0），不是文本文件。",
            "",
            SOURCE_BINARY,
        )
    return parse_source(text, path)
