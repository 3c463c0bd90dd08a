"""A hand-checked archive of real texts: the ten 海关总署 documents of tests/data/corpus
(five 规章, 海关总署令; five 规范性文件, 公告) and their 解读.

Titles, 文号, 发布日期 and bodies are the corpus's own. What the dataset does not record is
assigned here, and each assignment says so: the 解读 dates (none recorded), a repeal (公告2023年
第185号 repealed by 公告2024年第44号, invented for the count), a second-round 解读, and 270号
left without its 解读.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.sites import source

CORPUS = Path(__file__).parents[1] / "data" / "corpus"


def _read(name: str) -> tuple[dict[str, str], str]:
    text = (CORPUS / name).read_text(encoding="utf-8")
    head, body = text.split("-" * 40, 1)
    fields = {}
    for line in head.splitlines():
        key, sep, value = line.partition("：")
        if sep:
            fields[key] = value.strip()
    return fields, body.strip()


def _doc_number(fields: dict[str, str]) -> str:
    return fields["文号"].split("（", 1)[0]


RULES = ("01", "02", "07", "08", "09")
"""海关总署令: 规章."""
NORMATIVE = ("03", "04", "05", "06", "10")
"""海关总署公告: 规范性文件."""

# Assigned by the test (the dataset records no 解读 date): same day as the document, but 271号
# three days late; 270号 gets no 解读 at all.
INTERP_DELAY = {"09": 3}
NO_INTERP = ("08",)


def archive(**overrides: dict[str, Any]) -> dict[str, str]:
    """The site's source files; ``overrides`` adds front matter to ``policy_NN``."""
    files: dict[str, str] = {}
    dates = {}
    for n in (*RULES, *NORMATIVE):
        fields, body = _read(f"policy_{n}.txt")
        dates[n] = fields["发布日期"]
        meta: dict[str, Any] = {
            "title": fields["标题"],
            "doc_number": _doc_number(fields),
            "issuer": "海关总署",
            "published": fields["发布日期"],
            "effective": fields["施行日期"],
            "id": f"policy-{n}",
            "doc_type": "规章" if n in RULES else "行政规范性文件",
        }
        if n == "10":  # invented: 公告2024年第44号 repeals 公告2023年第185号
            meta.update(validity="废止", repealed_by="policy-06")
        meta.update(overrides.get(f"policy_{n}", {}))
        files[f"content/policies/{n}.md"] = source(meta, body)
    import datetime

    for n in (*RULES, *NORMATIVE):
        if n in NO_INTERP:
            continue
        fields, body = _read(f"interp_{n}.txt")
        published = datetime.date.fromisoformat(dates[n]) + datetime.timedelta(
            INTERP_DELAY.get(n, 0)
        )
        meta = {
            "title": fields["标题"],
            "issuer": "海关总署",
            "published": published.isoformat(),
            "interprets": f"policy-{n}",
            "id": f"interp-{n}",
            "form": "政策问答" if n == "05" else "文字解读",
        }
        files[f"interpretations/{n}.md"] = source(meta, body)
    # Invented: a second round (跟踪解读) of 265号 when it takes effect.
    fields, body = _read("interp_01.txt")
    files["interpretations/01-2.md"] = source(
        {
            "title": fields["标题"] + "（跟踪解读）",
            "issuer": "海关总署",
            "published": "2024-03-01",
            "interprets": "policy-01",
            "id": "interp-01-2",
            "round": 2,
        },
        body,
    )
    return files
