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
    E,
    "废止依据找不到对应的政策文件",
    "废止关系指向不存在的文件：读者无法查到废止它的文件，“已废止”横幅也无从链接。",
    "核对文号或 id；废止它的文件不在本站时，先把它加入 content/。",
)
REPEAL_VALIDITY = declare(
    "repeal.validity",
    E,
    "写了废止依据，但有效性仍为有效",
    "已被废止的文件显示为有效，会误导读者按旧文件办事。",
    "把 validity 改为 废止 或 失效，或删除 repealed_by。",
)
REPEAL_BASIS_MISSING = declare(
    "repeal.basis_missing",
    E,
    "有效性为废止，但没有写废止依据",
    "读者看到“已废止”却不知道被哪份文件废止、现在应按什么办。",
    "加入 repealed_by（废止依据），写明废止它的文件的文号或 id；只是到期失效的，把 validity 改为 失效。",
)
REPEAL_ORDER = declare(
    "repeal.order",
    E,
    "文件被早于它发布的文件废止",
    "一份文件不能被它发布之前的文件废止；多半是废止依据写反了，或日期有误。",
    "核对 repealed_by 和两份文件的发布日期：废止依据应写在被废止的旧文件中。",
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

# --- 修改、代替 --------------------------------------------------------------------------------

LIFECYCLE_UNRESOLVED = declare(
    "lifecycle.unresolved",
    E,
    "修改或代替的文件找不到",
    "amends（修改）、replaces（代替）指向不存在的文件时，旧文件页面不会显示已被修改或代替，"
    "读者可能按旧规定办事。",
    "核对文号或 id（〔〕、[]、() 等写法均可）；旧文件不在本站时，先把它加入 content/。",
)
LIFECYCLE_SELF = declare(
    "lifecycle.self",
    E,
    "文件修改或代替它自己",
    "一份文件不能修改或代替自己；多半是把本文件的文号误填进了 amends 或 replaces。",
    "把 amends / replaces 改为被修改、被代替的旧文件的文号或 id。",
)
REPLACE_CYCLE = declare(
    "lifecycle.replace_cycle",
    E,
    "代替关系形成循环",
    "A 代替 B、B 又代替 A 时，两份文件都会显示为已被代替，读者找不到现行文件。",
    "核对循环中各文件的 replaces，只保留真实的代替关系。",
)
LIFECYCLE_ORDER = declare(
    "lifecycle.order",
    E,
    "文件修改或代替了晚于它发布的文件",
    "新文件只能修改、代替在它之前发布的文件；多半是关系写反了，或日期有误。",
    "把 amends / replaces 写在新文件中，指向旧文件；并核对两份文件的发布日期。",
)
