"""Typeset a gazette issue's printed edition from the sample documents (for the sample site).

The sample gazette has no real printed edition, so this makes one from the documents' own text:
a cover page, then each document starting on a new page, 36 characters a line. The output is
deterministic (reportlab ``invariant``), so re-running it changes nothing. Needs reportlab
(``pip install -e '.[test]'``).

    python3 tools/make_issue_pdf.py gazette/2024/2024-01.pdf "平凉市人民政府公报（示例）2024年第1期" \
        content/policies/2024/hgzsl-265.md content/policies/2024/hgzsl-266.md …

It prints each document's page range for the issue's ``sections`` (``pages: 2-9``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).parents[1] / "plugins"))
from gongbao.core.search.site_records import markdown_to_text
from gongbao.core.sources.frontmatter import read_source

FONT = "STSong-Light"
CHARS = 36
LINES = 44


def _lines(text: str) -> list[str]:
    out = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        while paragraph:
            out.append(paragraph[:CHARS])
            paragraph = paragraph[CHARS:]
    return out


def main(dest: str, title: str, *sources: str) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    pdf = canvas.Canvas(dest, invariant=1)
    pdf.setTitle(title)
    _, height = pdf._pagesize
    pdf.setFont(FONT, 22)
    pdf.drawString(60, height - 200, title)
    pdf.showPage()
    page = 2
    for source in sources:
        record = read_source(Path(source), source)
        lines = _lines(
            f"{record.meta['title']}\n{record.meta.get('doc_number', '')}\n"
            + markdown_to_text(record.body)
        )
        first = page
        for start in range(0, len(lines), LINES):
            pdf.setFont(FONT, 12)
            y = height - 60
            for line in lines[start : start + LINES]:
                pdf.drawString(60, y, line)
                y -= 16
            pdf.showPage()
            page += 1
        print(f"{source}: pages {first}-{page - 1}")
    pdf.save()


if __name__ == "__main__":
    main(*sys.argv[1:])
