"""What the PDF tests share: the real test files, exact messages, an issue's pages.

Real PDFs are copies in tests/data/pdf (provenance in tests/data/pdf/SOURCES.md); the
rest are generated with reportlab's STSong-Light (tests/pdfmaker.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gongbao.core.pdf import PdfError, read_pdf

DATA = Path(__file__).resolve().parent.parent / "data" / "pdf"
HONGZE_2023 = DATA / "hongze_district_2023_gov_info_disclosure_annual_report.pdf"
HUAIAN_2024 = DATA / "huaian_city_2024_gov_info_disclosure_annual_report.pdf"
HARD = DATA / "hard"


def msg(shown: str, rest: str) -> str:
    """The message of a PdfError for the file shown as ``shown``."""
    return f"PDF 文件 '{shown}' {rest}"


EMPTY_MSG = "是空文件（没有任何内容），无法读取文本：请重新上传完整的文件。"
NOT_PDF_MSG = (
    "不是 PDF 格式（开头没有 %PDF- 标记），无法读取文本：请检查是否误存了网页或其他类型的文件。"
)
CORRUPT_MSG = "已损坏或不完整，无法读取文本：请重新导出或重新上传该文件。"
ENCRYPTED_MSG = "已加密，无法读取文本：请提供未加密的版本。"
LIMIT_MSG = (
    "超出了安全解析限制（可能是解压炸弹或结构异常），无法读取文本：请检查文件来源并重新导出。"
)


def read_error(path: Path, **kwargs: Any) -> PdfError:
    """The PdfError that reading ``path`` raises."""
    with pytest.raises(PdfError) as info:
        read_pdf(path, **kwargs)
    return info.value


ISSUE_PAGES = [
    "平江市人民政府公报\n2023年第6期",
    "平江市人民政府关于印发\n政务公开工作要点的通知\n平政发〔2023〕12号",
    "要点正文（续）",
    "平江市人民政府办公室关于\n做好防汛工作的通知\n平政办发〔2023〕51号",
    "平江市财政局关于\n预算公开的解读",
]
