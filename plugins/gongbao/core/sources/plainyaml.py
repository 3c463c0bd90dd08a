"""Plain front matter read without a YAML parser: PyYAML's answer, at a fraction of its cost.

Almost every source's front matter is a column of ``key: value`` lines, perhaps a list under a
key, in a handful of shapes. Reading one with libyaml and PyYAML's constructor costs ≈ 55 µs,
about a quarter of all the per-file work of a cold ``gongbao check`` on a fresh clone.
:class:`PlainReader` reads that subset line by line and returns exactly what
``frontmatter._load`` returns for it (the same values, types, key order and key lines); for
anything else it returns ``None`` and the caller parses the text with PyYAML as before, so
every error message, alias refusal and duplicate-key report still comes from there.

The subset, line by line (anything else, anywhere in the text, means ``None``):

* blank lines and ``#`` comment lines;
* ``key: value`` at column 0: the key a word (letters, digits, ``_``, ``-``; not starting
  with a digit) that YAML reads as text, the value one of
  - nothing (null, or the start of a block list),
  - a plain scalar with no ``: ``, `` #``, trailing ``:`` or leading indicator character,
  - a one-line single-quoted scalar (``''`` inside) or double-quoted one without escapes,
  - a one-line flow list ``[a, b]`` of plain scalars without quotes, colons or brackets;
* ``- item`` lines (one indentation for the whole list) after a key with no value, each
  item a plain or quoted scalar, or nothing.

Plain scalars are typed by PyYAML's own resolver and constructors (``2023-05-22`` is a date,
``false`` a bool, ``010`` an int…), so the subset cannot drift from what PyYAML would say.
Tabs, YAML line breaks other than ``\\n`` (NEL, U+2028/9), the byte-order mark, characters
YAML does not allow and duplicate keys all send the text to PyYAML.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml

__all__ = ["PlainReader"]

# Only characters that YAML reads as themselves: no tab, no C0/C1 controls, no NEL/LS/PS
# line breaks, no BOM, no surrogates or U+FFFE/FFFF. Anything else is PyYAML's business.
_OUTSIDE_RE = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)

# key, then ":" and either the end of the line or spaces and the value.
_KEY_LINE_RE = re.compile(r"([^\W\d][\w\-]*):(?: +(.*))?")
_ITEM_LINE_RE = re.compile(r"( *)-(?: +(.*))?")
_BLANK_OR_COMMENT_RE = re.compile(r" *(?:#.*)?")
_SINGLE_QUOTED_RE = re.compile(r"'((?:[^']|'')*)' *")
_DOUBLE_QUOTED_RE = re.compile(r'"([^"\\]*)" *')
# A plain scalar's first character may not be a YAML indicator (or a space).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_FLOW_FORBIDDEN = frozenset("[]{}'\"#:?")

_STR_TAG = "tag:yaml.org,2002:str"


class _OutsideError(Exception):
    """The text leaves the subset: PyYAML must read it."""


class PlainReader:
    """Reads plain front matter as the PyYAML loader class ``loader`` would.

    ``loader`` is the class the caller falls back to; its implicit resolvers type plain
    scalars and its constructors build their values, so the two readers cannot disagree on
    a value (``frontmatter`` keeps a date that does not exist as text, for instance).
    """

    def __init__(self, loader: type[Any]) -> None:
        self._loader = loader("")
        # The first characters PyYAML's implicit resolvers are keyed on: a plain scalar that
        # starts with anything else can only be text.
        self._resolved_by = loader.yaml_implicit_resolvers
        self._typed = functools.lru_cache(maxsize=4096)(self._construct)
        # Keys already known to be read as text (a site has a few dozen distinct keys).
        self._text_keys: set[str] = set()

    def _construct(self, value: str) -> Any:
        """A plain scalar as the loader constructs it (cached: dates and booleans repeat)."""
        tag = self._loader.resolve(yaml.ScalarNode, value, (True, False))
        if tag == _STR_TAG:
            return value
        construct = type(self._loader).yaml_constructors.get(tag)
        if construct is None:
            raise _OutsideError  # "=" (tag:yaml.org,2002:value) and the like: PyYAML's error
        return construct(self._loader, yaml.ScalarNode(tag, value))

    def _plain(self, value: str) -> Any:
        # Block context: PyYAML ends a plain scalar at " #" (a comment) and refuses ": " or
        # a final ":" (a mapping where none may start); trailing spaces are already gone.
        if value[0] in _INDICATORS or ": " in value or " #" in value or value.endswith(":"):
            raise _OutsideError
        if value[0] not in self._resolved_by:
            return value
        return self._typed(value)

    def _written(self, raw: str) -> tuple[Any, str | None]:
        """A one-line scalar, and ``raw`` itself when the scalar is plain and YAML typed it
        as something other than text or null (``0017`` is 15, ``1:30`` is 90)."""
        value = self._scalar(raw)
        typed = raw[0] not in "'\"" and value is not None and type(value) is not str
        return value, raw if typed else None

    def _scalar(self, raw: str) -> Any:
        """A one-line scalar; ``raw`` has no leading or trailing space."""
        first = raw[0]
        if first == "'":
            match = _SINGLE_QUOTED_RE.fullmatch(raw)
            if match is None:
                raise _OutsideError
            return match.group(1).replace("''", "'")
        if first == '"':
            match = _DOUBLE_QUOTED_RE.fullmatch(raw)
            if match is None:
                raise _OutsideError
            return match.group(1)
        return self._plain(raw)

    def _flow_list(self, raw: str) -> tuple[list[Any], list[Any] | None]:
        """A one-line ``[a, b]`` list, and its items as written when YAML typed one."""
        if not raw.endswith("]") or any(char in _FLOW_FORBIDDEN for char in raw[1:-1]):
            raise _OutsideError
        inner = raw[1:-1]
        if not inner.strip(" "):
            return [], None
        items, written = [], []
        for part in inner.split(","):
            item = part.strip(" ")
            if not item:
                raise _OutsideError  # "[a,,b]" is an error, "[a, b,]" is left to PyYAML
            value = self._plain(item)
            items.append(value)
            written.append(item if value is not None and type(value) is not str else value)
        return items, written if written != items else None

    def load(self, text: str) -> tuple[Any, dict[str, int], dict[str, Any]] | None:
        """``(value, key lines, as written)`` as the loader's ``frontmatter._load`` gives
        them, or ``None`` when ``text`` is not plain front matter (see the module docstring).

        "As written" holds, by key, the text of every plain scalar YAML typed as a number,
        boolean or date (a list of items for a list), so that a text field keeps what the
        editor wrote."""
        if _OUTSIDE_RE.search(text):
            return None
        try:
            return self._load_lines(text.split("\n"))
        except _OutsideError:
            return None

    def _load_lines(self, lines: list[str]) -> tuple[Any, dict[str, int], dict[str, Any]]:
        meta: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        written: dict[str, Any] = {}
        # The key whose block list is being read, and that list's indentation (-1: none yet).
        open_key: str | None = None
        indent = -1
        for number, line in enumerate(lines, start=2):  # line 1 is the opening ---
            match = _KEY_LINE_RE.fullmatch(line)
            if match is not None:
                key, raw = match.groups()
                if key in meta:
                    raise _OutsideError  # a duplicate: PyYAML reports it
                if key not in self._text_keys:
                    if type(self._plain(key)) is not str:
                        raise _OutsideError  # "yes:", "null:": not a text key
                    self._text_keys.add(key)
                raw = raw.rstrip(" ") if raw else raw
                if raw:
                    value, as_written = (
                        self._flow_list(raw) if raw[0] == "[" else self._written(raw)
                    )
                    meta[key] = value
                    if as_written is not None:
                        written[key] = as_written
                    open_key = None
                else:
                    meta[key] = None
                    open_key, indent = key, -1
                key_lines[key] = number
                continue
            item = _ITEM_LINE_RE.fullmatch(line)
            if item is not None:
                spaces, raw = item.groups()
                if open_key is None or (indent >= 0 and len(spaces) != indent):
                    raise _OutsideError
                if indent < 0:
                    indent = len(spaces)
                    meta[open_key] = []
                raw = raw.rstrip(" ") if raw else raw
                value, as_written = self._written(raw) if raw else (None, None)
                meta[open_key].append(value)
                if as_written is not None or open_key in written:
                    # The list as written so far: typed items by their text.
                    items = written.setdefault(open_key, list(meta[open_key][:-1]))
                    items.append(value if as_written is None else as_written)
                continue
            if _BLANK_OR_COMMENT_RE.fullmatch(line) is None:
                raise _OutsideError
        if not meta:
            return None, {}, {}
        return meta, key_lines, written
