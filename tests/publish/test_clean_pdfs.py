"""Published PDFs carry the document information the site sets, not what they came with."""

from __future__ import annotations

from pathlib import Path

import pypdf

from tests.pdfmaker import make_pdf
from tests.sites import build_site, interpretation, policy, write_site

ISSUE = """---
year: 2023
number: 1
published: 2023-05-31
pdf: 05.pdf
sections:
  - heading: 其他
    items:
      - text: 公告
---
"""


def _info(path: Path) -> dict[str, str]:
    reader = pypdf.PdfReader(path)
    return {str(k): str(v) for k, v in (reader.metadata or {}).items()}


def test_attachments_and_issue_pdfs_lose_their_document_information(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/policies/a.md": policy(attachments=["附件.pdf"]),
            "interpretations/a.md": interpretation(),
            "gazette/2023/05.md": ISSUE,
        },
    )
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>'
    for path in (site / "content/policies/附件.pdf", site / "gazette/2023/05.pdf"):
        make_pdf(
            path, ["正文第一页", "第二页"], author="经办人 王某", info={"/Clerk": "王某"}, xmp=xmp
        )
        assert _info(path)["/Author"] == "经办人 王某"
    result = build_site(site)
    assert result.ok, result.log
    attachment = result.site / "policies/附件.pdf"
    assert _info(attachment) == {
        "/Title": "平凉市人民政府办公室关于印发平凉市2023年政务公开工作要点的通知",
        "/Subject": "平政办发〔2023〕51号",
        "/Author": "平凉市人民政府办公室",
        "/Producer": "gongbao",
    }
    issue = result.site / "gazette/2023/05.pdf"
    assert _info(issue) == {
        "/Title": "政府公报2023年第1期",
        "/Subject": "政府公报 2023年第1期",
        "/Author": "测试站点",
        "/Producer": "gongbao",
    }
    for published in (attachment, issue):
        data = published.read_bytes()
        assert "王某".encode("utf-16-be") not in data and b"xmpmeta" not in data
        assert pypdf.PdfReader(published).pages[0].extract_text().strip() == "正文第一页"
    # The sources are never modified.
    assert _info(site / "content/policies/附件.pdf")["/Author"] == "经办人 王某"
