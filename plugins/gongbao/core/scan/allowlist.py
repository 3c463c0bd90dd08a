"""What markup may reach a published page: the allow-list of tags, attributes and link schemes.

One table, read by the source scanner (:mod:`gongbao.core.scan.html` and
:mod:`gongbao.core.scan.attr_lists`, run by ``gongbao check`` and the build, with line
numbers) and by the Markdown guard the build adds to Python-Markdown
(:mod:`gongbao.core.scan.guard`, which sees what attr_list and md_in_html really produce).
``docs/markup.md`` is generated from these tables.

An allow-list rather than a deny-list: a browser runs script from attributes nobody thought
of (``onpointerrawupdate``, ``formaction``, ``srcdoc``), and styles can lay a forged notice
over an official text. Everything an official document needs (tables, 上标, figures, 折叠,
local audio and video) is here; everything else is refused with the file and line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = [
    "ATTRIBUTES",
    "TAGS",
    "AllowedAttribute",
    "attr_list_problem",
    "attribute_problem",
    "script_problem",
    "tag_problem",
    "url_problem",
]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: Allowed tags, by the purpose the documentation groups them under.
TAG_GROUPS: dict[str, tuple[str, ...]] = {
    "段落与标题": _words(
        "p br hr h1 h2 h3 h4 h5 h6 blockquote pre div span section article header footer aside"
    ),
    "文字": _words(
        "strong b em i u s del ins mark small sub sup abbr cite q dfn code kbd samp var time wbr"
    ),
    "列表": ("ul", "ol", "li", "dl", "dt", "dd"),
    "表格": _words("table caption colgroup col thead tbody tfoot tr th td"),
    "链接与图片": ("a", "img", "figure", "figcaption"),
    "折叠": ("details", "summary"),
    "本站音视频": ("video", "audio", "source", "track"),
}
TAGS: frozenset[str] = frozenset(tag for group in TAG_GROUPS.values() for tag in group)

#: Tags refused with a reason of their own (the rest outside TAGS get the general one).
DANGEROUS_TAGS: dict[str, str] = {
    "script": "<script> 标签",
    "iframe": "<iframe> 标签",
    "frame": "<frame> 标签",
    "frameset": "<frame> 标签",
    "object": "<object>/<embed> 标签",
    "embed": "<object>/<embed> 标签",
    "applet": "<object>/<embed> 标签",
    "form": "<form> 标签",
    "style": "<style> 标签",
    "base": "<base> 标签",
}

_TABLE_PARTS = ("table", "tr", "td", "th", "col", "colgroup", "thead", "tbody", "tfoot")
_MEDIA = ("video", "audio")


@dataclass(frozen=True)
class AllowedAttribute:
    """One attribute that may appear, on which tags (empty: every allowed tag), and why."""

    name: str
    tags: tuple[str, ...]
    why: str
    url: bool = False
    """Its value is a link: only relative targets and the schemes of :data:`SCHEMES`."""


ATTRIBUTES: tuple[AllowedAttribute, ...] = (
    AllowedAttribute("id", (), "锚点（跳转到段落）"),
    AllowedAttribute("class", (), "主题样式（如 admonition、表格样式）"),
    AllowedAttribute("title", (), "提示文字"),
    AllowedAttribute("lang", (), "外文段落的语言，供读屏软件朗读"),
    AllowedAttribute("dir", (), "文字方向"),
    AllowedAttribute("markdown", (), "md_in_html：块内按 Markdown 排版（不进入页面）"),
    AllowedAttribute("href", ("a",), "链接目标", url=True),
    AllowedAttribute(
        "src", ("img", "video", "audio", "source", "track"), "图片或音视频文件", url=True
    ),
    AllowedAttribute("poster", ("video",), "视频封面图", url=True),
    AllowedAttribute("alt", ("img",), "图片的替代文字（无障碍）"),
    AllowedAttribute("width", ("img", "video", "table", "col", "colgroup", "td", "th"), "宽度"),
    AllowedAttribute("height", ("img", "video", "td", "th", "tr"), "高度"),
    AllowedAttribute("colspan", ("td", "th"), "合并单元格"),
    AllowedAttribute("rowspan", ("td", "th"), "合并单元格"),
    AllowedAttribute("scope", ("th",), "表头的范围（无障碍）"),
    AllowedAttribute(
        "align", (*_TABLE_PARTS, "caption", "p", "div", "img", "h1", "h2", "h3"), "对齐（旧式排版）"
    ),
    AllowedAttribute("valign", _TABLE_PARTS, "垂直对齐（旧式排版）"),
    AllowedAttribute("border", ("table",), "表格边框（旧式排版）"),
    AllowedAttribute("cellpadding", ("table",), "单元格内边距（旧式排版）"),
    AllowedAttribute("cellspacing", ("table",), "单元格间距（旧式排版）"),
    AllowedAttribute("start", ("ol",), "编号起始值"),
    AllowedAttribute("reversed", ("ol",), "倒序编号"),
    AllowedAttribute("type", ("ol", "source"), "编号样式或文件类型"),
    AllowedAttribute("datetime", ("time", "del", "ins"), "机器可读的日期"),
    AllowedAttribute("open", ("details",), "默认展开"),
    AllowedAttribute("controls", _MEDIA, "播放器控件"),
    AllowedAttribute("preload", _MEDIA, "预加载方式"),
    AllowedAttribute("muted", _MEDIA, "静音"),
    AllowedAttribute("loop", _MEDIA, "循环播放"),
    AllowedAttribute("kind", ("track",), "字幕类型"),
    AllowedAttribute("srclang", ("track",), "字幕语言"),
    AllowedAttribute("label", ("track",), "字幕名称"),
    AllowedAttribute("default", ("track",), "默认字幕"),
)
_BY_NAME: dict[str, AllowedAttribute] = {attribute.name: attribute for attribute in ATTRIBUTES}

#: Link schemes a published page may use; relative targets (``附件/1.pdf``, ``#第一条``,
#: ``/about.html``) need none.
SCHEMES: tuple[str, ...] = ("http", "https", "mailto", "tel")
#: Inline images written as data: URLs (``![图](data:image/png;base64,…)``), on <img> only.
_DATA_IMAGE_RE = re.compile(r"data:image/(?:png|jpeg|gif|webp)[;,]")
_SCHEME_RE = re.compile(r"([a-z][a-z0-9+.\-]*):")
_NAMED_SCHEMES = {
    "javascript": "javascript: 链接",
    "vbscript": "vbscript: 链接",
}
_SCRIPT_LINKS = frozenset([*_NAMED_SCHEMES.values(), "data:text/html 链接"])
# Browsers drop C0 controls and spaces around a URL and remove tabs/newlines inside it;
# removing all of them (inner spaces too) can only over-report.
_URL_JUNK_RE = re.compile(r"[\x00-\x20\x7f]+")
_EVENT_RE = re.compile(r"on[a-z]+", re.ASCII)


def url_problem(value: str, *, tag: str = "a") -> str | None:
    """Why ``value`` (an attribute value as written, entities allowed) may not be a link."""
    normalized = _URL_JUNK_RE.sub("", html.unescape(value)).lower()
    scheme = _SCHEME_RE.match(normalized)
    if scheme is None:
        return None  # relative: a file of the site or an anchor
    name = scheme.group(1)
    if name in SCHEMES:
        return None
    if name == "data":
        if tag == "img" and _DATA_IMAGE_RE.match(normalized):
            return None
        if normalized.startswith("data:text/html"):
            return "data:text/html 链接"
    return _NAMED_SCHEMES.get(name, f"链接协议 {name}: 不在允许范围内")


#: Attributes that browsers follow as links, wherever they appear.
_LINK_ATTRIBUTES = frozenset(
    _words("href src xlink:href action formaction data poster background codebase dynsrc lowsrc")
)


def script_problem(name: str, value: str | None) -> str | None:
    """Why attribute ``name`` would run script whatever its tag (an event handler, a
    ``javascript:`` link), or None: for text that may or may not be read as a tag."""
    if _EVENT_RE.fullmatch(name):
        return f"事件属性 {name}="
    if name in _LINK_ATTRIBUTES and value is not None:
        problem = url_problem(value)
        if problem in _SCRIPT_LINKS:
            return problem
    return None


def attr_list_problem(name: str, value: str | None) -> str | None:
    """Why ``{: name=value}`` (attr_list, on whatever element it lands) may not be written.

    Links are not set this way: ``[中国政府网](https://www.gov.cn){: href=…}`` would show one
    address to the reviewer and send readers to another.
    """
    if name in {".", "id"}:
        return None
    if _EVENT_RE.fullmatch(name):
        return f"事件属性 {name}="
    allowed = _BY_NAME.get(name)
    if name in _LINK_ATTRIBUTES or (allowed is not None and allowed.url):
        return f"属性 {name}= 不能用 {{: }} 设置（链接地址请写在 Markdown 链接里）"
    return attribute_problem(allowed.tags[0] if allowed and allowed.tags else "p", name, value)


def tag_problem(tag: str) -> str | None:
    """Why the tag named ``tag`` (lower case) may not appear, or None."""
    if tag in TAGS:
        return None
    return DANGEROUS_TAGS.get(tag, f"<{tag}> 标签不在允许范围内")


def attribute_problem(tag: str, name: str, value: str | None) -> str | None:
    """Why attribute ``name`` (lower case; ``value`` as written, None when bare) may not
    appear on ``tag``, or None. The tag itself is judged by :func:`tag_problem`."""
    if _EVENT_RE.fullmatch(name):
        return f"事件属性 {name}="
    allowed = _BY_NAME.get(name)
    if allowed is None:
        if name == "style":
            return "样式属性 style=（可遮盖或伪造页面内容）"
        return f"属性 {name}= 不在允许范围内"
    if allowed.tags and tag not in allowed.tags:
        return f"属性 {name}= 不能用于 <{tag}>"
    if allowed.url and value is not None:
        return url_problem(value, tag=tag)
    return None
