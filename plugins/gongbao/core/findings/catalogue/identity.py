"""Codes of identity: unique ids and 文号, and the 文号 format."""

from __future__ import annotations

from gongbao.core.findings.codes import declare
from gongbao.core.findings.finding import Severity

E = Severity.ERROR
W = Severity.WARNING

# --- 唯一性与文号 -------------------------------------------------------------------------------

UNIQUE_ID = declare(
    "unique.id",
    E,
    "标识（id）重复",
    "id 决定页面地址和引用关系，重复时两份材料会互相覆盖。",
    "为其中一个文件设置不同的 id（标识）。",
)
UNIQUE_DOC_NUMBER = declare(
    "unique.doc_number",
    E,
    "文号重复",
    "一个文号只能对应一份文件，否则解读、公报目录和正文引用会指错文件。",
    "核对文号；不同写法（[] 与〔〕、全角数字）视为同一个文号。",
)
UNIQUE_INDEX_NUMBER = declare(
    "unique.index_number",
    E,
    "索引号重复",
    "索引号是政府信息公开目录中每条信息的唯一编号（条例第十二条：目录包括信息的索引），"
    "重复时目录和检索无法区分两份文件。",
    "核对索引号：一个索引号只能对应一份文件。",
)
DOC_NUMBER_FORMAT = declare(
    "doc_number.format",
    W,
    "文号不符合 GB/T 9704-2012 的写法",
    "GB/T 9704-2012 7.2.5：年份用六角括号〔〕括入且写全，顺序号不加“第”、不编虚位。",
    "改为错误信息给出的规范写法。",
)
