"""Value parsers of the content model: YAML values in, typed values out, or why not.

Each parser raises :class:`FieldError` with what was expected and how to fix it; the record
builder (:mod:`gongbao.core.model.build`) turns that into a finding naming the field, the file
and the line.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from gongbao.core.errors import GongbaoError
from gongbao.core.model.records import GazetteItem, GazetteSection
from gongbao.core.model.text import describe_char, first_invisible

__all__ = [
    "FieldError",
    "choice",
    "describe",
    "parse_allowed",
    "parse_bool",
    "parse_date",
    "parse_id",
    "parse_pages",
    "parse_positive_int",
    "parse_refs",
    "parse_sections",
    "parse_text",
    "parse_text_list",
    "parse_year",
    "value_help",
]

E = TypeVar("E", bound=enum.Enum)

_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*(/[A-Za-z0-9][A-Za-z0-9_.\-]*)*")


class FieldError(GongbaoError):
    """A value did not validate: ``expected`` is what was wanted, ``fix`` how to get there."""

    def __init__(self, expected: str, fix: str = "") -> None:
        self.expected = expected
        self.fix = fix
        super().__init__(expected)


def describe(value: Any) -> str:
    """How a received value is shown in a message: ``日期 2023-05-22``, ``列表 [...]``."""
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, list):
        return f"列表 {value!r}"
    if isinstance(value, dict):
        return "映射（键: 值）"
    if value is None:
        return "空值"
    if isinstance(value, datetime.date):
        return f"日期 {value.isoformat()}"
    return repr(value)


# --- value parsers ---------------------------------------------------------------------------


def parse_text(value: Any) -> str:
    """A non-empty line of visible text. Numbers are accepted as text, though the record
    builder hands text fields what the editor wrote (``0017``, not YAML's 15)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FieldError("一段文字", "写成一行文字，必要时加引号。")
    text = str(value).strip()
    if not text:
        raise FieldError("非空的文字", "填写内容，或删除这一行。")
    if "\n" in text or "\r" in text:
        raise FieldError("一行文字（不含换行）", "把内容写在同一行。")
    invisible = first_invisible(text)
    if invisible is not None:
        position, char = invisible
        raise FieldError(
            "不含控制字符或零宽字符的文字",
            f"第 {position} 个字符是{describe_char(char)}，看不见但会使文号、标题无法匹配："
            "删除它（复制粘贴时常带入这类字符）。",
        )
    return text


def parse_date(value: Any) -> datetime.date:
    """An ISO date; YAML already turns ``2023-05-22`` into a date, quoted strings are accepted."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                raise FieldError(
                    "存在的日期（YYYY-MM-DD）", f"{text} 不是日历上存在的日期，请核对。"
                ) from None
        match = re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text)
        if match:
            y, m, d = (int(g) for g in match.groups())
            raise FieldError("ISO 日期 YYYY-MM-DD", f"写成 {y:04d}-{m:02d}-{d:02d}。")
    raise FieldError("ISO 日期 YYYY-MM-DD", "写成例如 2023-05-22 的格式。")


def parse_bool(value: Any) -> bool:
    """true/false, also 是/否."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip() in ("是", "否"):
        return value.strip() == "是"
    raise FieldError("true 或 false（是/否）", "写成 true 或 false。")


def parse_text_list(value: Any) -> tuple[str, ...]:
    """One text or a list of texts (an empty list is no value)."""
    items = value if isinstance(value, list) else [value]
    out = []
    for position, item in enumerate(items, 1):
        try:
            out.append(parse_text(item))
        except FieldError as exc:
            if isinstance(item, str) and item.strip():  # the text itself is wrong
                raise FieldError(exc.expected, f"列表第 {position} 项：{exc.fix}") from None
            raise FieldError(
                "一段文字或文字列表", "写成一行文字，或每行以“- ”开头的列表。"
            ) from None
    return tuple(out)


def parse_refs(value: Any) -> tuple[str, ...]:
    """One 文号 or id, or a non-empty list of them."""
    if value == [] or value is None:
        raise FieldError(
            "至少一个文号或 id", "写明解读的文件，例如 interprets: 平政办发〔2023〕51号。"
        )
    return parse_text_list(value)


def parse_positive_int(value: Any) -> int:
    """A whole number ≥ 1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FieldError("正整数（1、2、3……）", "写成不带引号的数字，如 1。")
    return value


def parse_id(value: Any) -> str:
    """A stable slug: ASCII letters, digits, ``-_.`` and ``/`` between segments."""
    text = parse_text(value)
    if not _ID_RE.fullmatch(text) or ".." in text:
        raise FieldError("由英文字母、数字、- _ . / 组成的标识", "例如 id: pzbf-2023-51。")
    return text


def choice(enum_type: type[E], aliases: Mapping[str, str] | None = None) -> Callable[[Any], E]:
    """A parser accepting the enum's values (and extra spellings in ``aliases``)."""
    spellings = {m.value: m for m in enum_type}
    for spelling, value in (aliases or {}).items():
        spellings[spelling] = enum_type(value)
    expected = "、".join(m.value for m in enum_type)

    def parse(value: Any) -> E:
        if isinstance(value, str) and value.strip() in spellings:
            return spellings[value.strip()]
        raise FieldError(f"以下之一：{expected}", f"改为 {expected} 中的一个。")

    _HELP[parse] = f"{expected} 之一"
    return parse


def parse_allowed(value: Any) -> tuple[tuple[str, str], ...]:
    """``allow_sensitive``: values that may be published, each with its reason."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            raw = item.get("value", item.get("取值"))
            reason = item.get("reason", item.get("理由"))
            if (
                isinstance(raw, str | int)
                and not isinstance(raw, bool)
                and isinstance(reason, str)
                and reason.strip()
            ):
                out.append((str(raw).strip(), reason.strip()))
                continue
        raise FieldError(
            "列表，每项含 value（取值）和 reason（理由）",
            "写成 allow_sensitive: [{value: '0933-8213456', reason: 单位办公电话}]。",
        )
    return tuple(out)


def parse_pages(value: Any) -> tuple[int, int]:
    """A 1-based inclusive page range: ``3-7`` or ``5``."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return (value, value)
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+)\s*[-–—~至]\s*(\d+)\s*", value)
        if match and 1 <= int(match[1]) <= int(match[2]):
            return (int(match[1]), int(match[2]))
    raise FieldError("页码范围，如 3-7", "写成“起始页-结束页”，起始页不大于结束页。")


def _parse_item(item: Any, where: str) -> GazetteItem:
    if isinstance(item, str | int) and not isinstance(item, bool):
        return GazetteItem(ref=str(item).strip())
    if not isinstance(item, dict):
        raise FieldError(f"{where}为文号、id，或含 ref/text/pages 的映射")
    unknown = set(item) - {"ref", "文号", "text", "标题", "pages", "页码"}
    if unknown:
        raise FieldError(
            f"{where}只含 ref（文号）、text（标题）、pages（页码）", f"删除 {sorted(unknown)!r}。"
        )
    ref = item.get("ref", item.get("文号", ""))
    text = item.get("text", item.get("标题", ""))
    pages_value = item.get("pages", item.get("页码"))
    try:
        pages = None if pages_value is None else parse_pages(pages_value)
    except FieldError as exc:
        raise FieldError(f"{where}的 pages：{exc.expected}", exc.fix) from None
    if not ref and not text:
        raise FieldError(f"{where}需要 ref（文号或 id）或 text（纯文字条目）")
    return GazetteItem(ref=str(ref).strip(), text=str(text).strip(), pages=pages)


def _parse_section(raw: Any, index: int) -> GazetteSection:
    if not isinstance(raw, dict):
        raise FieldError(
            f"第 {index} 个栏目应为含 heading 和 items 的映射", "见 gongbao init 生成的示例。"
        )
    items = raw.get("items", raw.get("条目"))
    try:
        heading = parse_text(raw.get("heading", raw.get("栏目名")))
    except FieldError:
        raise FieldError(f"第 {index} 个栏目的 heading（栏目名）为非空文字") from None
    if not isinstance(items, list) or not items:
        raise FieldError(f"栏目“{heading}”的 items（条目）为非空列表")
    parsed = tuple(
        _parse_item(item, f"栏目“{heading}”第 {position} 条")
        for position, item in enumerate(items, 1)
    )
    return GazetteSection(heading, parsed)


def parse_sections(value: Any) -> tuple[GazetteSection, ...]:
    """栏目: a list of ``{heading, items}``; each item a 文号 or id, or ``{ref|text, pages}``."""
    if not isinstance(value, list):
        raise FieldError(
            "栏目列表：每项含 heading（栏目名）和 items（条目列表）",
            "写成“- heading: 市政府文件”下接“items:”列表。",
        )
    return tuple(_parse_section(raw, index) for index, raw in enumerate(value, 1))


def parse_year(value: Any) -> int:
    """A four-digit year between 1949 and 2200."""
    if isinstance(value, int) and not isinstance(value, bool) and 1949 <= value <= 2200:
        return value
    raise FieldError("四位年份，如 2023", "写成不带引号的四位数字。")


_HELP: dict[Callable[[Any], Any], str] = {
    parse_text: "一行文字",
    parse_date: "日期，写成 2024-03-05",
    parse_bool: "true 或 false（是/否）",
    parse_text_list: "一行文字，或每行以“- ”开头的列表",
    parse_refs: "文号或 id，多个时写成列表",
    parse_positive_int: "正整数",
    parse_id: "由英文字母、数字、- _ . / 组成的标识",
    parse_allowed: "列表，每项含 value（取值）和 reason（理由）",
    parse_pages: "页码范围，如 3-7",
    parse_sections: "栏目列表，每项含 heading（栏目名）和 items（文号或 id 的列表）",
    parse_year: "四位年份",
}


def value_help(parse: Callable[[Any], Any]) -> str:
    """What a parser accepts, in the editors' words (``gongbao new`` comments every field)."""
    return _HELP.get(parse, "")
