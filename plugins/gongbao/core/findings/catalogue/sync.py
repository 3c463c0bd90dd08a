"""Codes of 三同步: interpretation targets and the gate itself."""

from __future__ import annotations

from gongbao.core.findings.codes import declare
from gongbao.core.findings.finding import Severity

E = Severity.ERROR
W = Severity.WARNING

# --- 解读对象与三同步 --------------------------------------------------------------------------

INTERPRETS_UNRESOLVED = declare(
    "interprets.unresolved",
    E,
    "解读对象找不到对应的政策文件",
    "解读必须与它解读的文件互设跳转链接；找不到文件时链接无从建立。",
    "核对文号是否与 content/ 中文件的 doc_number（文号）一致，或改写为该文件的 id。",
)
INTERPRETS_NOT_PUBLIC = declare(
    "interprets.not_public",
    E,
    "解读对象不是主动公开的文件",
    "依申请公开或不予公开的文件，其解读也不能公开发布。",
    "删除这份解读，或在确认文件可以主动公开后修改其 disclosure（公开属性）。",
)
SYNC_MISSING = declare(
    "sync.missing",
    E,
    "三同步：政策文件没有配套的解读材料",
    "政策文件与解读材料同步组织、同步审签、同步部署；没有解读的文件不得发布。",
    "在 interpretations/ 下新增解读，头信息写 interprets: 该文件的文号；"
    "如确实无需解读，设置 interpretation: exempt 并写明 exempt_reason。",
)
SYNC_LATE = declare(
    "sync.late",
    E,
    "三同步：解读晚于文件发布",
    "解读应与文件同步发布（允许的天数由 sync_tolerance_days 决定）。",
    "把至少一份解读的发布日期提前到文件发布之日（或允许的天数内）。",
)
SYNC_EXEMPT_REASON = declare(
    "sync.exempt_reason",
    E,
    "免于解读但没有写明理由",
    "免于解读是例外，理由要在页面上公开说明。",
    "加入 exempt_reason（免于解读理由）。",
)
