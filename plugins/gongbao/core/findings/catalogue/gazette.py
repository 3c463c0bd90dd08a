"""Codes of the 政府公报: issues, their numbering and tables of contents."""

from __future__ import annotations

from gongbao.core.findings.codes import declare
from gongbao.core.findings.finding import Severity

E = Severity.ERROR
W = Severity.WARNING

# --- 政府公报 ---------------------------------------------------------------------------------

GAZETTE_DUPLICATE_NUMBER = declare(
    "gazette.duplicate_number",
    E,
    "两期公报的年度和期号相同",
    "同一年度的期号唯一，否则公报目录无法排列。",
    "核对 year（年度）和 number（期号）。",
)
GAZETTE_DUPLICATE_SERIAL = declare(
    "gazette.duplicate_serial",
    E,
    "两期公报的总期号相同",
    "总期号自创刊起连续编号，不能重复。",
    "核对 serial（总期号）。",
)
GAZETTE_UNRESOLVED = declare(
    "gazette.unresolved",
    E,
    "公报目录中的条目找不到对应的政策文件",
    "目录条目要链接到刊登的文件；找不到时读者无法查阅原文。",
    "核对文号或 id；人事任免等无需页面的条目请写成 text: …。",
)
GAZETTE_NOT_PUBLIC = declare(
    "gazette.not_public",
    E,
    "公报目录中的条目指向非主动公开的文件",
    "政府公报只刊登主动公开的文件。",
    "从目录中删除该条目，或核对该文件的 disclosure（公开属性）。",
)
GAZETTE_TWICE = declare(
    "gazette.twice",
    E,
    "同一文件刊登于两期公报",
    "一份文件只在一期公报中刊登，标准文本才唯一。",
    "删除重复的条目。",
)
GAZETTE_PAGES_WITHOUT_PDF = declare(
    "gazette.pages_without_pdf",
    E,
    "条目写了页码，但本期没有公报 PDF",
    "页码指的是本期 PDF 中的页，没有 PDF 就无法裁切各篇文章。",
    "加入 pdf: 本期PDF的文件名，或删除 pages。",
)
GAZETTE_PAGES_RANGE = declare(
    "gazette.pages_range",
    E,
    "条目的页码超出公报 PDF 的页数",
    "超出页数的页码裁切不出文章，读者会下载到错误的内容。",
    "核对 pages（页码）。",
)
GAZETTE_PDF_PATH = declare(
    "gazette.pdf_path",
    E,
    "公报 PDF 的路径无效",
    "公报 PDF 必须位于 gazette/ 之内，且写成相对路径。",
    "把 PDF 放在 gazette/ 中（通常与期次文件同目录），写相对路径，如 pdf: 2023-05.pdf。",
)
GAZETTE_GAP = declare(
    "gazette.gap",
    W,
    "某年度的公报期号不连续",
    "缺期通常意味着漏录了一期公报。",
    "补上缺少的期次，或核对期号。",
)
GAZETTE_SERIAL_ORDER = declare(
    "gazette.serial_order",
    W,
    "总期号倒退",
    "总期号应随期次递增。",
    "核对 serial（总期号）。",
)
GAZETTE_NORMATIVE = declare(
    "gazette.normative",
    E,
    "规范性文件未刊登于政府公报",
    "政府公报是规范性文件标准文本的法定载体。选项 normative_in_gazette 可改为 warn（警告）或 off（不检查）。",
    "在 gazette/ 中文件发布之后的一期公报的 sections 里加入该文件的文号。",
)
