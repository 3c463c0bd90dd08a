"""PDF metadata: every /Info entry and the XMP text for the leak scan; clean published copies.

Real files: the Hongze report's /Info names the clerk who made it (/Author 王守强) and has
custom WPS keys; issue_566_test_1.pdf has an XMP packet (tests/data/pdf/SOURCES.md).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pypdf
import pytest
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from gongbao.core.pdf import (
    EXTRACTOR_VERSION,
    PdfError,
    clean_pdf,
    ops,
    read_pdf,
    split_pdf,
    write_outlined_pdf,
)
from tests.core.pdfcases import ENCRYPTED_MSG, HARD, HONGZE_2023, HUAIAN_2024, NOT_PDF_MSG, msg
from tests.pdfmaker import make_pdf

CLERK = "王小明"
ID_NUMBER = "11010519491231002X"
XMP = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF'
    ' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/" pdf:Producer="扫描仪 3.1">'
    "<dc:creator><rdf:Seq><rdf:li>李四（经办人）</rdf:li></rdf:Seq></dc:creator>"
    "</rdf:Description></rdf:RDF></x:xmpmeta>\n"
    '<?xpacket end="w"?>'
).encode()
SITE_INFO = {
    "title": "平江市人民政府公报 2023年第6期",
    "subject": "政府公报",
    "author": "平江市人民政府办公室",
    "producer": "平江市人民政府门户网站",
}


@pytest.fixture
def leaky(tmp_path: Path) -> Path:
    """A reportlab PDF with a clerk as /Author, a custom key and an XMP packet."""
    return make_pdf(
        tmp_path / "leaky.pdf",
        ["平江市人民政府公报\n2023年第6期", "第二页 政务公开"],
        title="公报",
        author=CLERK,
        info={"/Clerk": f"{CLERK} {ID_NUMBER}"},
        xmp=XMP,
    )


def _strings(path: Path) -> str:
    """Every string, name and stream of every object of ``path``: what its bytes carry."""
    reader = pypdf.PdfReader(path)
    found: list[str] = []

    def walk(value: Any, depth: int = 0) -> None:
        value = value.get_object() if hasattr(value, "get_object") else value
        if depth > 30 or value is None:
            return
        if isinstance(value, StreamObject):
            found.append(value.get_data().decode("utf-8", "replace"))
        if isinstance(value, DictionaryObject):
            for key, item in value.items():
                found.append(str(key))
                if not hasattr(item, "idnum"):  # referenced objects are visited by number
                    walk(item, depth + 1)
        elif isinstance(value, ArrayObject):
            for item in value:
                if not hasattr(item, "idnum"):
                    walk(item, depth + 1)
        else:
            found.append(str(value))

    for number in range(1, int(reader.trailer["/Size"])):  # type: ignore[call-overload]
        walk(reader.get_object(number))
    walk(reader.trailer)
    return "\n".join(found)


def _info(path: Path) -> dict[str, str] | None:
    info = pypdf.PdfReader(path).metadata
    return None if info is None else {str(k): str(v) for k, v in info.items()}


# --------------------------------------------------------------------------------------
# Reading every entry


def test_every_info_entry_of_a_real_pdf() -> None:
    result = read_pdf(HONGZE_2023)
    assert result.info_text == (
        ("/Author", "王守强"),
        ("/Comments", ""),
        ("/Company", ""),
        ("/CreationDate", "D:20240226144123+06'41'"),
        ("/Creator", "WPS 文字(Jisupdf Editor)"),
        ("/ICNAppName", "Jisupdf Editor"),
        ("/ICNAppPlatform", "Windows"),
        ("/ICNAppVersion", "2.01"),
        ("/Keywords", ""),
        ("/ModDate", "D:20240226145645"),
        ("/Producer", ""),
        ("/SourceModified", "D:20240226144123+06'41'"),
        ("/Subject", ""),
        ("/Title", "洪泽区人民政府2023年政府信息公开工作年度报告"),
        ("/Trapped", "/False"),
    )
    assert result.xmp_text == ""  # this one has no XMP packet
    # The old mapping keeps its meaning (six known keys, non-empty, dates parsed).
    assert set(result.metadata) == {"title", "author", "creator", "creation_date"}
    assert "gongbao-pdf/2 " in EXTRACTOR_VERSION  # entries of /1 lack these fields


def test_xmp_text_of_a_real_pdf() -> None:
    assert read_pdf(HARD / "issue_566_test_1.pdf").xmp_text.split("\n") == [
        "Adobe XMP Core 5.6-c017 91.164464, 2020/06/15-10:20:05",  # x:xmptk attribute
        "application/pdf",
        "x-default",
        "x-default",
        "2019-04-25T16:15:40+08:00",
        "Aspose Ltd.(Jisupdf Editor)",
        "2021-02-26T17:10:02+08:00",
        "2021-02-26T17:10:02+08:00",
        "Jisupdf Editor",
        "Win",
        "3.0.0",
        "Aspose.Pdf for .NET 17.2.0",
        "uuid:454d8b84-cc9e-41a9-9cf5-9739cfdae4ac",
        "uuid:6e5ee2c5-c32d-4c73-8ce1-5b5dbd009248",
    ]


def test_custom_keys_and_xmp_of_a_generated_pdf(leaky: Path) -> None:
    result = read_pdf(leaky)
    info = dict(result.info_text)
    assert info["/Clerk"] == f"{CLERK} {ID_NUMBER}"
    assert info["/Author"] == CLERK
    assert [key for key, _ in result.info_text] == sorted(info)
    # Attribute form (pdf:Producer="…") and element form (<rdf:li>…</rdf:li>) alike.
    assert result.xmp_text == "扫描仪 3.1\n李四（经办人）"
    assert result.pages == ("平江市人民政府公报2023年第6期", "第二页政务公开")


def test_a_packet_that_is_not_xml_is_kept_whole(tmp_path: Path) -> None:
    broken = b"<x:xmpmeta><dc:creator>\xe6\x9d\x8e\xe5\x9b\x9b</x:xmpmeta>"  # unbound prefix
    path = make_pdf(tmp_path / "x.pdf", ["正文"], xmp=broken)
    assert read_pdf(path).xmp_text == "<x:xmpmeta><dc:creator>李四</x:xmpmeta>"


def test_unmarked_gbk_in_info_is_also_read_as_gbk(tmp_path: Path) -> None:
    # Older Chinese tools store GBK bytes without a Unicode marker; pypdf reads them as
    # PDFDocEncoding. Both readings are given, so a scan sees the name.
    source = make_pdf(tmp_path / "plain.pdf", ["正文"])
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    assert writer._info is not None
    writer._info[NameObject("/Author")] = ByteStringObject("王守强".encode("gbk"))
    path = tmp_path / "gbk.pdf"
    writer.write(path)
    assert str(pypdf.PdfReader(path).metadata["/Author"]) == "ÍõÊØÇ¿"  # type: ignore[index]
    assert dict(read_pdf(path).info_text)["/Author"] == "ÍõÊØÇ¿\n王守强"


def test_info_values_of_every_type_become_text() -> None:
    # Values that are not strings (real files carry numbers, names, arrays, dictionaries).
    assert ops._object_text(NumberObject(3)) == "3"
    assert ops._object_text(NameObject("/False")) == "/False"
    assert ops._object_text(ByteStringObject(b"\xff\x00\xfe")) == "ÿ\x00þ"
    nested = ArrayObject(
        [
            TextStringObject("甲"),
            DictionaryObject({NameObject("/Name"): TextStringObject("乙")}),
            ArrayObject([NumberObject(7)]),
        ]
    )
    assert ops._object_text(nested) == "甲 /Name 乙 7"


# --------------------------------------------------------------------------------------
# clean_pdf


def test_clean_pdf_keeps_exactly_the_given_metadata(tmp_path: Path, leaky: Path) -> None:
    assert CLERK in _strings(leaky) and ID_NUMBER in _strings(leaky)  # the test can fail
    dest = tmp_path / "out" / "clean.pdf"
    clean_pdf(leaky, dest, SITE_INFO, display_path="gazette/leaky.pdf")
    assert _info(dest) == {
        "/Title": "平江市人民政府公报 2023年第6期",
        "/Subject": "政府公报",
        "/Author": "平江市人民政府办公室",
        "/Producer": "平江市人民政府门户网站",
    }
    reader = pypdf.PdfReader(dest)
    assert "/Metadata" not in reader.root_object
    # Gone from the bytes, not merely unlinked: no object of the file holds them.
    everything = _strings(dest)
    assert CLERK not in everything and ID_NUMBER not in everything and "李四" not in everything
    # Pages untouched.
    cleaned, original = read_pdf(dest), read_pdf(leaky)
    assert cleaned.pages == original.pages and cleaned.page_count == 2
    assert cleaned.xmp_text == "" and dict(cleaned.info_text) == _info(dest)


def test_clean_pdf_of_a_real_report(tmp_path: Path) -> None:
    assert "王守强" in _strings(HONGZE_2023)
    dest = tmp_path / "report.pdf"
    clean_pdf(HONGZE_2023, dest, {"title": "洪泽区人民政府2023年政府信息公开工作年度报告"})
    assert _info(dest) == {"/Title": "洪泽区人民政府2023年政府信息公开工作年度报告"}
    assert "王守强" not in _strings(dest)
    assert read_pdf(dest).pages == read_pdf(HONGZE_2023).pages
    assert len(pypdf.PdfReader(dest).pages) == 5


def test_clean_pdf_is_deterministic(tmp_path: Path, leaky: Path) -> None:
    clean_pdf(leaky, tmp_path / "1.pdf", SITE_INFO)
    time.sleep(1.1)  # a clock-derived date would now differ
    clean_pdf(leaky, tmp_path / "2.pdf", SITE_INFO)
    first = (tmp_path / "1.pdf").read_bytes()
    assert first == (tmp_path / "2.pdf").read_bytes()
    clean_pdf(leaky, tmp_path / "3.pdf", {**SITE_INFO, "title": "另一标题"})
    ids = [pypdf.PdfReader(tmp_path / f"{n}.pdf").trailer["/ID"][0] for n in (1, 3)]  # type: ignore[index]
    assert ids[0] != ids[1]  # /ID still differs for different outputs


def test_clean_pdf_without_info_writes_no_info(tmp_path: Path) -> None:
    dest = tmp_path / "bare.pdf"
    clean_pdf(HUAIAN_2024, dest, {})
    reader = pypdf.PdfReader(dest)
    assert "/Info" not in reader.trailer and reader.metadata is None
    assert len(reader.pages) == 6


def test_clean_pdf_keeps_bookmarks(tmp_path: Path, issue: Path) -> None:
    outlined = tmp_path / "outlined.pdf"
    write_outlined_pdf(issue, outlined, [("市政府文件", [("通知", 2)])], {"author": CLERK})
    dest = tmp_path / "clean.pdf"
    clean_pdf(outlined, dest, {"title": "公报"})
    reader = pypdf.PdfReader(dest)
    top = [str(item.title) for item in reader.outline if not isinstance(item, list)]
    children = [
        str(c.title)
        for group in reader.outline
        if isinstance(group, list)
        for c in group
        if not isinstance(c, list)
    ]
    assert (top, children) == (["市政府文件"], ["通知"])
    assert reader.page_mode == "/UseOutlines"
    assert _info(dest) == {"/Title": "公报"}


def test_clean_pdf_errors(tmp_path: Path) -> None:
    encrypted = make_pdf(tmp_path / "e.pdf", ["机密"], encrypt="secret", algorithm="AES-128")
    with pytest.raises(PdfError) as info:
        clean_pdf(encrypted, tmp_path / "o.pdf", {}, display_path="e.pdf")
    assert str(info.value) == msg("e.pdf", ENCRYPTED_MSG)
    html = tmp_path / "h.pdf"
    html.write_text("<html></html>", encoding="utf-8")
    with pytest.raises(PdfError) as info:
        clean_pdf(html, tmp_path / "o.pdf", {}, display_path="h.pdf")
    assert str(info.value) == msg("h.pdf", NOT_PDF_MSG)
    with pytest.raises(ValueError, match="metadata key"):
        clean_pdf(HONGZE_2023, tmp_path / "o.pdf", {"date": "2023"})
    assert not (tmp_path / "o.pdf").exists()


# --------------------------------------------------------------------------------------
# The other writers carry only what they are given


def test_outlined_and_split_pdfs_carry_none_of_the_source_metadata(
    tmp_path: Path, leaky: Path
) -> None:
    outlined = tmp_path / "outlined.pdf"
    write_outlined_pdf(leaky, outlined, [("栏目", [("文", 1)])], {"title": "公报"})
    article = tmp_path / "article.pdf"
    split_pdf(leaky, [(2, 2)], [article], [{"title": "文章", "subject": "平政发〔2023〕1号"}])
    assert _info(outlined) == {"/Title": "公报", "/Producer": "pypdf"}
    assert _info(article) == {
        "/Title": "文章",
        "/Subject": "平政发〔2023〕1号",
        "/Producer": "pypdf",
    }
    for path in (outlined, article):
        assert "/Metadata" not in pypdf.PdfReader(path).root_object
        everything = _strings(path)
        assert CLERK not in everything and ID_NUMBER not in everything and "李四" not in everything
