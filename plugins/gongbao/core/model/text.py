"""Text as identity: what two spellings of one 文号, id or title have in common.

Editors paste titles and 文号 from Word, WPS and web pages, and with them invisible characters:
zero-width spaces and joiners, byte-order marks, bidirectional controls, soft hyphens, C0/C1
control characters. Such a character makes ``平政发〔2023〕3号`` a different string from the
same 文号 typed by hand, so duplicates pass and links miss. Fields refuse them, naming the
position (:func:`first_invisible`); matching keys fold them away with NFKC
(:func:`identity`), so full-width letters and digits match their ASCII forms too.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["describe_char", "first_invisible", "identity"]

_NAMES = {
    "\u200b": "零宽空格",
    "\u200c": "零宽非连接符",
    "\u200d": "零宽连接符",
    "\u2060": "字连接符",
    "\ufeff": "字节顺序标记（零宽不换行空格）",
    "\u00ad": "软连字符",
}

_INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
"""Characters that show nothing (or reorder what is shown): C0 and C1 controls but tab and
line breaks, zero-width characters, bidirectional controls, invisible operators, the BOM."""


def first_invisible(text: str) -> tuple[int, str] | None:
    """The 1-based position and the character of the first invisible character, or ``None``."""
    match = _INVISIBLE_RE.search(text)
    return None if match is None else (match.start() + 1, match.group())


def describe_char(char: str) -> str:
    """``零宽空格（U+200B）``, ``控制字符（U+0007）``…"""
    name = _NAMES.get(char)
    if name is None:
        category = unicodedata.category(char)
        name = "控制字符" if category == "Cc" else "不可见的格式字符"
    return f"{name}（U+{ord(char):04X}）"


def identity(text: str) -> str:
    """``text`` for matching: NFKC-normalised, invisible characters removed, outer space
    stripped."""
    return _INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text)).strip()
