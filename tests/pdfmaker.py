"""Make small Chinese PDFs for tests, without any font files.

reportlab's built-in ``STSong-Light`` CID font (UniGB-UCS2-H, not embedded, no
/ToUnicode) round-trips exactly through pypdf, including Ext-A/Ext-B characters and
U+3000. Output is deterministic (``invariant``):
no creation date from the clock, no random /ID.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import pypdf
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

__all__ = ["FONT", "make_pdf"]

FONT = "STSong-Light"
_FONT_SIZE = 12
_LINE_HEIGHT = 18
_MARGIN = 56

pdfmetrics.registerFont(UnicodeCIDFont(FONT))

_RC4_STRENGTH = {"RC4-40": 40, "RC4-128": 128}
_AES = ("AES-128", "AES-256")


def make_pdf(
    path: Path,
    pages: list[str],
    title: str | None = None,
    encrypt: str | None = None,
    *,
    algorithm: str = "RC4-128",
    author: str | None = None,
    subject: str | None = None,
    info: Mapping[str, str] | None = None,
    xmp: bytes | None = None,
) -> Path:
    """Write ``pages`` (one string per page; ``\\n`` starts a new line) to ``path``.

    ``encrypt`` is a user password; ``algorithm`` is ``RC4-40``/``RC4-128`` (reportlab
    itself) or ``AES-128``/``AES-256`` (reportlab needs the absent ``pyaes`` for AES, so
    the plain PDF is re-encrypted with pypdf, which uses ``cryptography``).
    ``info`` adds document-information entries by PDF name (``{"/Clerk": "…"}``) and
    ``xmp`` an XMP metadata packet: reportlab writes neither, so the plain PDF is rewritten
    with pypdf (a clone: reportlab's fixed /ID is kept). Returns ``path``.
    """
    if algorithm not in _RC4_STRENGTH and algorithm not in _AES:
        raise ValueError(f"unknown algorithm {algorithm!r}")
    if (info or xmp is not None) and encrypt is not None and algorithm in _RC4_STRENGTH:
        raise ValueError("info and xmp are added with pypdf: use an AES algorithm")
    rl_encrypt = None
    if encrypt is not None and algorithm in _RC4_STRENGTH:
        rl_encrypt = StandardEncryption(encrypt, strength=_RC4_STRENGTH[algorithm])
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1, encrypt=rl_encrypt)
    if title is not None:
        pdf.setTitle(title)
    if author is not None:
        pdf.setAuthor(author)
    if subject is not None:
        pdf.setSubject(subject)
    _, height = pdf._pagesize
    for text in pages:
        pdf.setFont(FONT, _FONT_SIZE)
        y = height - _MARGIN
        for line in text.split("\n"):
            pdf.drawString(_MARGIN, y, line)
            y -= _LINE_HEIGHT
        pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    if info or xmp is not None:
        data = _with_metadata(data, info or {}, xmp)
    if encrypt is not None and algorithm in _AES:
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
        writer.encrypt(user_password=encrypt, owner_password=None, algorithm=algorithm)
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _with_metadata(data: bytes, info: Mapping[str, str], xmp: bytes | None) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    if info:
        writer.add_metadata(dict(info))
    if xmp is not None:
        writer.xmp_metadata = xmp
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
