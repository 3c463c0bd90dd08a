"""``docs/markup.md``: the allow-list of :mod:`gongbao.core.scan.allowlist`, for editors.

Generated (``python3 -m gongbao.reference``) and checked by ``tests/test_docs.py``, so what
the documentation allows is what the build allows.
"""

from __future__ import annotations

from gongbao.core.scan.allowlist import ATTRIBUTES, DANGEROUS_TAGS, SCHEMES, TAG_GROUPS

__all__ = ["markup_markdown"]

_INTRO = """\
# 正文中允许的 HTML 与属性

<!-- 本文件由 python3 -m gongbao.reference 根据 gongbao/core/scan/allowlist.py 生成，请勿手工修改。 -->

政府网站上的一段脚本、一个事件属性或一层样式遮罩，都可能在读者的浏览器里运行、伪造通知或把读者引到
别的网站。gongbao 因此只允许下面这份**白名单**里的标签和属性进入页面：

- 正文中手写的 HTML（包括 `<div markdown="1">` 这样的 md_in_html 块）；
- 属性列表 `{: …}`（attr_list）：`{: #锚点 .样式}` 以及下表中的普通属性；**链接地址（href、src）不能用
  属性列表设置**，否则审核人看到的是一个地址，读者去的是另一个；
- Markdown 链接和图片的地址。

不在白名单里的内容不会被悄悄删掉（那样发布的就不是审定的原文了），而是让 `gongbao check` 和
`mkdocs build` 报错（错误代码 `html.unsafe`），指出文件、行号和原因，由编辑修改原文。
要在正文里显示尖括号 `<`，请写成 `\\<` 或 `&lt;`，或放进 `代码` 中。

每个页面的 Markdown 转换还有时限（插件选项 `markdown_time_limit`，默认 20 秒）：成串未配对的 `[`、`(`、`<`
会让转换耗时数分钟，超时即停止构建（错误代码 `html.timeout`）。
"""


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"


def markup_markdown() -> str:
    """The whole of ``docs/markup.md``."""
    lines = [_INTRO, "## 允许的标签", "", _row(("用途", "标签")), _row(("---", "---"))]
    for group, tags in TAG_GROUPS.items():
        lines.append(_row((group, " ".join(f"`<{tag}>`" for tag in tags))))
    lines += [
        "",
        "## 允许的属性",
        "",
        _row(("属性", "可用于", "用途")),
        _row(("---", "---", "---")),
    ]
    for attribute in ATTRIBUTES:
        where = " ".join(f"`<{tag}>`" for tag in attribute.tags) or "所有允许的标签"
        why = attribute.why + ("；只能是站内相对地址或下列协议" if attribute.url else "")
        lines.append(_row((f"`{attribute.name}`", where, why)))
    schemes = "、".join(f"`{scheme}:`" for scheme in SCHEMES)
    refused = "、".join(sorted({f"`<{tag}>`" for tag in DANGEROUS_TAGS}))
    lines += [
        "",
        "## 链接地址",
        "",
        f"站内相对地址（`附件/1.pdf`、`#第一条`、`/about.html`）和 {schemes} 可用；图片还可用"
        " `data:image/png`、`jpeg`、`gif`、`webp` 内嵌。`javascript:`、`vbscript:`、`data:text/html`"
        " 等其他协议一律拒绝。",
        "",
        "## 一律拒绝的内容",
        "",
        f"事件属性（`onclick`、`onerror` 等一切 `on…`）、`style` 属性，以及 {refused} 等标签。",
        "",
    ]
    return "\n".join(lines)
