"""The plugin's options: one declaration per option, the single source of every other view.

The MkDocs config class (``gongbao.mkdocs_plugin.config``), :class:`~.settings.Settings`,
reading ``mkdocs.yml`` without MkDocs (:mod:`.siteconfig`) and the README's options table are
all made from (or tested against) :data:`OPTIONS`. Values are checked here, once, with Chinese
messages that name the option, what was expected, what was received and the fix.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gongbao.core.config.catalogues import DEFAULT_CATALOGUES, parse_catalogues
from gongbao.core.errors import GongbaoError

__all__ = ["OPTIONS", "Option", "OptionError", "default", "parse_options"]


class OptionError(GongbaoError):
    """A plugin option with a value it cannot take; ``fix`` says what to write instead."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


@dataclass(frozen=True)
class Option:
    """One option of ``plugins: - gongbao: …``."""

    name: str
    kind: str
    """``bool``, ``int``, ``str``, ``list`` (of text), ``choice``, ``date`` (YYYY-MM-DD) or
    ``zone`` (an IANA time zone name) or ``catalogues`` (公开目录 entries: names or
    ``{name, title, basis}``)."""
    default: Any
    doc: str
    """The README's description (English, with the Chinese terms editors know)."""
    label: str
    """The option's Chinese name in messages."""
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    optional: bool = False
    """May be left unset (``None``): the default is then decided at build time."""
    readme_default: str = ""
    """How the README shows the default when it is not a plain value."""


OPTIONS: tuple[Option, ...] = (
    Option("enabled", "bool", True, "switch the plugin off", "启用"),
    Option(
        "interpretations_dir",
        "str",
        "interpretations",
        "folder of 解读 materials, relative to `mkdocs.yml`",
        "解读目录",
    ),
    Option("gazette_dir", "str", "gazette", "folder of gazette issues", "公报目录"),
    Option(
        "consultations_dir",
        "str",
        "consultations",
        "folder of 意见征集 (drafts put to the public, and their 反馈)",
        "意见征集目录",
    ),
    Option(
        "feedback_due_days",
        "int",
        30,
        "days after a consultation closes before a missing 反馈 is a warning",
        "反馈期限（天）",
        minimum=0,
    ),
    Option(
        "audit_stale_days",
        "int",
        180,
        "`gongbao audit`: a column with nothing published within this many days is 不更新",
        "栏目更新期限（天）",
        minimum=1,
    ),
    Option(
        "audit_forbidden",
        "list",
        (),
        "`gongbao audit`: 严重表述错误 to look for; `错误写法=正确写法` names the right form",
        "禁用表述",
    ),
    Option(
        "audit_required",
        "list",
        (),
        "`gongbao audit`: expressions the published site must contain (e.g. the official name)",
        "必备表述",
    ),
    Option(
        "page_globs",
        "list",
        ("index.md", "pages/**", "**/index.md"),
        "ordinary pages inside `docs_dir` (not policy documents)",
        "普通页面",
    ),
    Option(
        "sync_tolerance_days",
        "int",
        0,
        "days an interpretation may follow its document (三同步)",
        "三同步允许天数",
        minimum=0,
    ),
    Option(
        "normative_in_gazette",
        "choice",
        "error",
        "`error`/`warn`/`off`: every 规范性文件 must be printed in an issue",
        "规范性文件刊登检查",
        choices=("error", "warn", "off"),
    ),
    Option(
        "require_review",
        "bool",
        False,
        "先审后发: every published record names `reviewed_by` (审核人) and a different "
        "`approved_by` (签发人)",
        "先审后发",
    ),
    Option(
        "as_of",
        "date",
        None,
        "the build's idea of today (also `GONGBAO_AS_OF`); later 发布日期 are scheduled",
        "构建日期",
        optional=True,
        readme_default="today",
    ),
    Option(
        "time_zone",
        "zone",
        "Asia/Shanghai",
        "the time zone whose date is the build's today (an IANA name); the machine's own "
        "zone never decides what is published",
        "时区",
    ),
    Option("archive_dir", "str", "archive", "where generated archive pages live", "归档目录"),
    Option("per_page", "int", 50, "rows per archive page", "每页条数", minimum=1),
    Option(
        "catalogues",
        "catalogues",
        DEFAULT_CATALOGUES,
        "the 公开目录's entries in order: short names documents give in `catalogue`, or "
        "`{name, title, basis}`; also the generated catalogue pages",
        "公开目录",
        readme_default="条例第二十条的 15 类 + 第二十一条（设区的市）",
    ),
    Option(
        "empty_catalogue_error",
        "bool",
        False,
        "a 公开目录 entry with no published document (空白栏目) fails the build instead of a "
        "warning",
        "空白栏目报错",
    ),
    Option(
        "markdown_time_limit",
        "int",
        20,
        "seconds one page's Markdown conversion may take before the build fails (0: no limit)",
        "单页 Markdown 转换时限（秒）",
        minimum=0,
    ),
    Option(
        "gazette_title",
        "str",
        "政府公报",
        "the gazette's name, e.g. 平凉市人民政府公报",
        "公报名称",
    ),
    Option(
        "pdf_errors",
        "choice",
        "error",
        "`error`/`warn`: what an encrypted, corrupt or truncated PDF does to the build",
        "PDF 错误处理",
        choices=("error", "warn"),
    ),
    Option(
        "cache_dir",
        "str",
        ".gongbao-cache",
        "parsed sources (per file), PDF text and generated PDFs; safe to delete",
        "缓存目录",
    ),
    Option("search_index", "bool", True, "build the full-text index", "全文索引"),
    Option(
        "search_engine",
        "choice",
        "whoosh",
        "`whoosh` (pure Python, always installed) or `tantivy` (compiled; "
        "`pip install 'gongbao[tantivy]'`) for archives of many thousands of documents: "
        "same query language and results, a faster index build",
        "检索引擎",
        choices=("whoosh", "tantivy"),
    ),
    Option(
        "search_index_dir",
        "str",
        None,
        "where the index goes (not published)",
        "索引目录",
        optional=True,
        readme_default="`search-index/` beside `site_dir`",
    ),
    Option(
        "search_terms",
        "list",
        (),
        "extra words for the Chinese segmenter (issuer names, local terms)",
        "自定义词语",
    ),
    Option(
        "client_search_limit",
        "int",
        2_000_000,
        "past this many characters of record text, record pages' HTML waits on disk between "
        "MkDocs' two passes (a large archive's memory); the browser index always has full text",
        "大型归档字数阈值",
        minimum=0,
    ),
    Option(
        "client_search_summary",
        "int",
        120,
        "no longer used (the browser index is gongbao's own, with full text); accepted so that "
        "existing mkdocs.yml files stay valid",
        "（已不再使用）",
        minimum=0,
    ),
    # 政府网站发展指引: the footer of every page and the page meta tags.
    *(
        Option(name, "str", None, doc, label, optional=True, readme_default="—")
        for name, label, doc in (
            ("site_sponsor", "主办单位", "主办单位，显示在每页页脚"),
            ("site_organizer", "承办单位", "承办单位（网站的运行维护单位），显示在页脚"),
            ("site_contact", "联系方式", "联系方式（电话、地址或电子邮箱），显示在页脚"),
            (
                "site_id_code",
                "网站标识码",
                "网站标识码，显示在页脚，并写入每页的 `SiteIDCode` 标签",
            ),
            ("site_domain", "网站域名", "每页的 `SiteDomain` 标签；不设时取 `site_url` 的域名"),
            ("icp_number", "ICP备案号", "ICP备案号，显示在页脚，链接到工业和信息化部备案系统"),
            (
                "police_number",
                "公安机关备案号",
                "公安机关备案号（如 甘公网安备62080202000001号），显示在页脚",
            ),
        )
    ),
)
"""Every option, in the order the README lists them."""

_BY_NAME = {option.name: option for option in OPTIONS}


def default(name: str) -> Any:
    """The declared default of option ``name`` (``Settings`` fields take theirs from here)."""
    return _BY_NAME[name].default


def _expected(option: Option) -> str:
    return {
        "bool": "true 或 false",
        "int": "整数" if option.minimum is None else f"不小于 {option.minimum} 的整数",
        "str": "一段文字",
        "list": "文字列表",
        "choice": " 或 ".join(option.choices),
        "date": "日期 YYYY-MM-DD",
        "zone": "IANA 时区名，如 Asia/Shanghai",
        "catalogues": "栏目名称的列表（或 {name, title, basis}），名称不重复",
    }[option.kind]


def _parse(option: Option, value: Any) -> Any:
    """The option's value, typed, or ``None`` when the value is not acceptable."""
    kind = option.kind
    if kind == "bool":
        return value if isinstance(value, bool) else None
    if kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return value if ok and (option.minimum is None or value >= option.minimum) else None
    if kind == "list":
        ok = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
        return tuple(value) if ok else None
    if kind == "choice":
        return value if value in option.choices else None
    if kind == "date":
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            return None
    if kind == "catalogues":
        return parse_catalogues(value)
    if kind == "zone":
        try:
            zoneinfo.ZoneInfo(str(value))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None
        return str(value)
    return value if isinstance(value, str) and value.strip() else None


def parse_options(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Every option's value from ``raw`` (``mkdocs.yml``'s entry), defaults for the rest.

    Raises:
        OptionError: an unknown option, or a value the option cannot take.
    """
    unknown = sorted(set(raw) - set(_BY_NAME))
    if unknown:
        raise OptionError(
            f"gongbao 插件没有选项 {unknown[0]!r}。",
            "删除该选项，或改成 README“插件选项”中列出的选项名。",
        )
    values: dict[str, Any] = {}
    for option in OPTIONS:
        value = raw.get(option.name)
        if value is None:
            values[option.name] = option.default
            continue
        parsed = _parse(option, value)
        if parsed is None:
            raise OptionError(
                f"选项 {option.name}（{option.label}）应为{_expected(option)}，实际为 {value!r}。",
                f"在 mkdocs.yml 中改正 {option.name} 的取值。",
            )
        values[option.name] = parsed
    return values
