"""Codes of the 公开目录 (政府信息公开目录): entries documents name, and entries left empty."""

from __future__ import annotations

from gongbao.core.findings.codes import declare
from gongbao.core.findings.finding import Severity

E = Severity.ERROR
W = Severity.WARNING

# --- 公开目录 ---------------------------------------------------------------------------------

CATALOGUE_UNKNOWN = declare(
    "catalogue.unknown",
    E,
    "文件的公开目录栏目不在本站目录中",
    "catalogue（公开目录）决定文件列在公开目录的哪一栏；写错的栏目名会让文件从目录中消失。",
    "改为选项 catalogues 中的一个栏目名称（错误信息列出了全部名称），或在 mkdocs.yml 的 "
    "catalogues 中加入该栏目。",
)
CATALOGUE_EMPTY = declare(
    "catalogue.empty",
    W,
    "公开目录的栏目暂无信息（空白栏目）",
    "政府网站检查把没有内容的栏目计为空白栏目（《政府网站发展指引》：避免出现空白栏目）。"
    "选项 empty_catalogue_error 为 true 时是错误。本站还没有任何文件写 catalogue 时不检查。",
    "发布属于该栏目的文件（头信息写 catalogue: 栏目名），或在 mkdocs.yml 的 catalogues "
    "中删去本站不适用的栏目。",
)
