"""Codes of a document's lifecycle: its dates and its relations (repeal, amendment,
replacement)."""

from __future__ import annotations

from gongbao.core.findings.codes import declare
from gongbao.core.findings.finding import Severity

E = Severity.ERROR
W = Severity.WARNING

# --- 废止关系 ---------------------------------------------------------------------------------

REPEAL_UNRESOLVED = declare(
    "repeal.unresolved",
    W,
    "废止依据找不到对应的政策文件",
    "找不到废止依据时，“已废止”横幅无法链接到新文件。",
    "核对文号，或先把废止它的文件加入 content/。",
)
REPEAL_VALIDITY = declare(
    "repeal.validity",
    W,
    "写了废止依据，但有效性仍为有效",
    "已被废止的文件显示为有效，会误导读者按旧文件办事。",
    "把 validity 改为 废止 或 失效，或删除 repealed_by。",
)
REPEAL_SELF = declare(
    "repeal.self",
    E,
    "文件的废止依据是它自己",
    "一份文件不能废止自己；多半是把本文件的文号误填进了 repealed_by。",
    "把 repealed_by 改为废止它的那份文件的文号或 id。",
)
REPEAL_CYCLE = declare(
    "repeal.cycle",
    E,
    "废止关系形成循环",
    "A 废止 B、B 又废止 A 时，两份文件都会显示为已废止，读者找不到现行文件。",
    "核对循环中各文件的 repealed_by，只保留真实的废止关系。",
)

# --- 施行日期、有效期 -------------------------------------------------------------------------

LIFECYCLE_DATES = declare(
    "lifecycle.dates",
    E,
    "施行日期或有效期与其他日期先后倒置",
    "施行日期早于成文日期、有效期在施行（或发布）之前就已结束，读者无法判断文件何时有效。",
    "核对成文日期（written）、施行日期（effective）和有效期至（valid_until）。",
)
