"""Codes of the published site's own conventions (政府网站发展指引)."""

from __future__ import annotations

from gongbao.core.findings.codes import declare
from gongbao.core.findings.finding import Severity

N = Severity.NOTICE

# --- 站点配置 --------------------------------------------------------------------------------

SITE_URL_MISSING = declare(
    "config.site_url",
    N,
    "未设置 site_url，不生成站点地图",
    "站点地图（sitemap.xml）必须写出每个页面的完整网址，没有 site_url 就无从写起，"
    "所以本次构建不发布站点地图，搜索引擎和政府网站普查只能靠链接发现页面。"
    "只在查阅点离线使用（file://）的副本可以不设。",
    "在 mkdocs.yml 中写上网站的正式网址，如 site_url: https://www.example.gov.cn/；"
    "离线副本可以不设。",
)
