"""Codes of links in what editors write: to files, anchors, and documents by 文号 or id."""

from __future__ import annotations

from gongbao.core.findings.codes import declare
from gongbao.core.findings.finding import Severity

E = Severity.ERROR
W = Severity.WARNING

LINK_BROKEN = declare(
    "link.broken",
    W,
    "链接指向的文件不存在",
    "读者点开只会看到“找不到页面”；mkdocs build --strict 也会因此失败。",
    "核对路径和文件名（相对于本文件所在的目录）；链接其他政策文件、解读或公报，"
    "可直接写 [标题](@文号) 或 [标题](@id)，构建时换成正确的地址。",
)
LINK_ANCHOR = declare(
    "link.anchor",
    W,
    "链接指向的段落锚点不存在",
    "锚点（# 后面的部分）由标题生成；标题改了，旧锚点就失效了。",
    "改成目标页面现有标题的锚点（标题文字，空格换成 -），或在标题后用 {#锚点} 固定它。",
)
LINK_WITHHELD = declare(
    "link.withheld",
    W,
    "链接指向不在网站上发布的文件",
    "非主动公开或尚未到发布日期的文件不会出现在网站上，链接会失效。",
    "删除该链接，或等目标文件发布后再加上。",
)
LINK_UNRESOLVED = declare(
    "link.unresolved",
    E,
    "按文号或 id 链接的目标不存在",
    "[标题](@文号) 和 [标题](@id) 在构建时换成目标页面的地址；找不到目标就无法生成链接。",
    "核对文号（〔〕、[]、() 等写法均可）或 id 是否与目标文件头信息中的一致。",
)
