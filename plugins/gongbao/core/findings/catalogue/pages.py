"""Codes of the pages a site publishes: where sources and generated pages land."""

from __future__ import annotations

from gongbao.core.findings.codes import declare
from gongbao.core.findings.finding import Severity

E = Severity.ERROR

PAGE_COLLISION = declare(
    "page.collision",
    E,
    "两个文件会发布到网站的同一位置",
    "同一地址只能有一个页面；后写入的会覆盖先写入的，读者看到的不是编辑发布的内容。",
    "重命名或移走其中一个文件；archive_dir（默认 archive/）下的页面由 gongbao 生成，不要在那里放文件。",
)
