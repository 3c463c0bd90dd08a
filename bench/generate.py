"""Generate a synthetic gongbao archive of N policy documents for benchmarking.

    python3 bench/generate.py 10000 /tmp/archive-10000 --seed 1

The output is a complete site (``mkdocs.yml``, ``content/``, ``interpretations/``, ``gazette/``)
that builds with ``mkdocs build --strict``. Prose is assembled from sentences of the sample
site's real texts (``content/`` and ``interpretations/`` of this repository, read at generation
time), so segmentation, Markdown and search costs are those of real 公文 text.

The archive has:

* documents spread evenly over 2015–2025 (about N/11 a year), 15 issuers, 10 categories,
  1,000–4,000 characters of body with ``## 第一章 …`` headings (``--short``: 200–600
  characters, one or two chapters: notices and announcements), a unique 文号 each
  (``平政办发〔2019〕37号``); about 10 % 规范性文件, 3 % 废止 (``repealed_by`` a later
  document), 2 % 依申请公开 (withheld from the site);
* one interpretation per public document, published the same day (三同步), and a second round
  for about 2 %;
* a monthly gazette issue per year (``gazette/<year>/<nn>.md``) listing every public document
  published that month, so every 规范性文件 is printed on or after its date
  (``normative_in_gazette: error`` holds); the last ``--pdf-issues`` issues (default 12) carry
  a few-page PDF typeset with reportlab's built-in ``STSong-Light`` CID font.

Output is deterministic for a given N and seed (reportlab ``invariant=1``); ``manifest.json``
lists what was generated, for the benchmark's queries and edits.
"""

from __future__ import annotations

import argparse
import calendar
import datetime
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
SOURCE_DIRS = ("content", "interpretations")
FIRST_YEAR, LAST_YEAR = 2015, 2025
AS_OF = "2025-12-31"
GENERATOR_VERSION = "1"

#: (issuer, 文号 prefix, ascii code for file names)
ISSUERS: tuple[tuple[str, str, str], ...] = (
    ("平凉市人民政府", "平政发", "pzf"),
    ("平凉市人民政府办公室", "平政办发", "pzbf"),
    ("平凉市发展和改革委员会", "平发改发", "pfgf"),
    ("平凉市教育局", "平教发", "pjyf"),
    ("平凉市财政局", "平财发", "pczf"),
    ("平凉市人力资源和社会保障局", "平人社发", "prsf"),
    ("平凉市自然资源局", "平自然资发", "pzrzf"),
    ("平凉市住房和城乡建设局", "平住建发", "pzjf"),
    ("平凉市交通运输局", "平交发", "pjtf"),
    ("平凉市农业农村局", "平农发", "pnyf"),
    ("平凉市商务局", "平商发", "psf"),
    ("平凉市卫生健康委员会", "平卫健发", "pwjf"),
    ("平凉市应急管理局", "平应急发", "pyjf"),
    ("平凉市市场监督管理局", "平市监发", "psjf"),
    ("平凉市生态环境局", "平环发", "phjf"),
)
CATEGORIES = (
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "城乡建设、环境保护",
    "科技、教育",
    "卫生、体育",
    "劳动、人事、监察",
    "市场监管、安全生产监管",
)
TOPICS = (
    "进一步优化营商环境",
    "加强政务公开工作",
    "推进乡村振兴",
    "做好安全生产工作",
    "加强生态环境保护",
    "深化“放管服”改革",
    "促进就业创业",
    "加强城乡建设管理",
    "推动数字政府建设",
    "做好防汛抗旱工作",
    "加强食品药品安全监管",
    "完善社会保障体系",
    "规范行政执法行为",
    "推进教育高质量发展",
    "加强基层医疗卫生服务",
    "支持中小企业发展",
    "加强耕地保护",
    "推进交通基础设施建设",
    "做好政策解读工作",
    "加强行政复议工作",
)
KINDS = ("通知", "意见", "实施意见", "办法", "实施方案", "规定", "决定")
CHAPTERS = ("总则", "工作目标", "主要任务", "职责分工", "保障措施", "监督管理", "附则")
INTERP_HEADINGS = ("出台背景", "主要依据", "主要内容", "创新举措", "适用范围", "解读机关")
FORMS = ("文字解读", "图文解读", "政策问答", "专家解读")
NUMERALS = "一二三四五六七八九十"
#: Sentences with these never enter the synthetic prose (the safety scan would rightly stop
#: the build, or a 文号 of the sample site would dangle).
_BANNED = re.compile(
    r"秘密|机密|绝密|内部资料|内部文件|注意保密|〔|令第|公告\d|\d{6,}|[<>|*_`#\[\]{}\\]"
)
_SENTENCE_END = re.compile(r"(?<=[。；！？])")


@dataclass
class Doc:
    """One generated policy document (and what the gazette and queries need of it)."""

    index: int
    slug: str
    year: int
    published: datetime.date
    issuer: int
    doc_number: str
    title: str
    category: str
    normative: bool = False
    withheld: bool = False
    repealed_by: str = ""
    round2: bool = False
    cites: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> str:
        """Source path relative to the site root."""
        return f"content/policies/{self.year}/{self.slug}.md"


def _dump(meta: dict[str, Any]) -> str:
    """YAML front matter text (libyaml's emitter when available: 20,000 files add up)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(meta, Dumper=dumper, allow_unicode=True, sort_keys=False)


def load_sentences(repo: Path = REPO) -> list[str]:
    """Sentences of the repository's real policy and interpretation texts (bodies only)."""
    sentences: list[str] = []
    for folder in SOURCE_DIRS:
        for path in sorted((repo / folder).rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            if text.startswith("---"):
                text = text.split("\n---", 1)[-1]
            for line in text.splitlines():
                line = line.strip()
                if not line or line.startswith(("#", "|", "!", "-", ">")):
                    continue
                for sentence in _SENTENCE_END.split(line):
                    sentence = sentence.strip()
                    if 12 <= len(sentence) <= 160 and not _BANNED.search(sentence):
                        sentences.append(sentence)
    if len(sentences) < 100:
        raise SystemExit(f"too few source sentences in {repo}: {len(sentences)}")
    return sentences


_CLAUSE = re.compile(r"[^，。；：、！？（）《》“”]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")


class VariedSentences(list[str]):
    """The sentence pool, each sentence varied as it is picked: one Han character of every
    clause replaced by a character of the pool, so (almost) no clause repeats.

    The plain pool repeats a few hundred real sentences, so 95 % of a generated archive's Han
    characters are in a clause met before (34 % in the sample site's real texts, where PDFs
    reprint documents and interpretations quote them). A segmenter that remembers clauses
    would be measured at its best; ``--varied`` measures it with nothing to remember.
    """

    def __init__(self, sentences: list[str], seed: int) -> None:
        super().__init__(sentences)
        self._rng = random.Random(seed)
        self._chars = sorted({c for text in sentences for c in _HAN.findall(text)})

    def __getitem__(self, index: Any) -> Any:
        return self._vary(super().__getitem__(index))

    def _vary(self, sentence: str) -> str:
        def one(match: re.Match[str]) -> str:
            clause = match[0]
            spots = [m.start() for m in _HAN.finditer(clause)]
            if len(spots) < 2:
                return clause
            at = self._rng.choice(spots)
            return clause[:at] + self._rng.choice(self._chars) + clause[at + 1 :]

        return _CLAUSE.sub(one, sentence)


def _paragraph(rng: random.Random, sentences: list[str], target: int) -> str:
    out: list[str] = []
    size = 0
    while size < target:
        sentence = rng.choice(sentences)
        out.append(sentence)
        size += len(sentence)
    text = "".join(out)
    if text[-1] not in "。；！？":
        text += "。"
    return text


def _dates(rng: random.Random, n: int) -> list[datetime.date]:
    """N dates, about N/11 per year 2015–2025, sorted."""
    years = LAST_YEAR - FIRST_YEAR + 1
    dates = []
    for i in range(n):
        year = FIRST_YEAR + i * years // n
        start = datetime.date(year, 1, 1).toordinal()
        days = 366 if calendar.isleap(year) else 365
        dates.append(datetime.date.fromordinal(start + rng.randrange(days)))
    return sorted(dates)


def plan_documents(rng: random.Random, n: int) -> list[Doc]:
    """Metadata of every document: dates, issuers, unique 文号, flags and repeal links."""
    counters: dict[tuple[int, int], int] = {}
    docs: list[Doc] = []
    for i, published in enumerate(_dates(rng, n)):
        issuer = rng.randrange(len(ISSUERS))
        key = (issuer, published.year)
        counters[key] = counters.get(key, 0) + rng.randint(1, 3)
        name, prefix, code = ISSUERS[issuer]
        number = counters[key]
        topic = rng.choice(TOPICS)
        kind = rng.choice(KINDS)
        title = f"{name}关于{topic}的{kind}"
        docs.append(
            Doc(
                index=i,
                slug=f"{code}-{published.year}-{number}",
                year=published.year,
                published=published,
                issuer=issuer,
                doc_number=f"{prefix}〔{published.year}〕{number}号",
                title=title,
                category=rng.choice(CATEGORIES),
            )
        )
    for doc in docs:
        roll = rng.random()
        if roll < 0.02:
            doc.withheld = True
        elif roll < 0.12:
            doc.normative = True
        doc.round2 = not doc.withheld and rng.random() < 0.02
    public = [d for d in docs if not d.withheld]
    for pos, doc in enumerate(public[:-1]):
        if rng.random() < 0.03:
            later = public[rng.randrange(pos + 1, len(public))]
            if later.published > doc.published:
                doc.repealed_by = later.doc_number
        if pos and rng.random() < 0.3:
            doc.cites = public[rng.randrange(pos)].doc_number
    return docs


def policy_text(rng: random.Random, sentences: list[str], doc: Doc, short: bool = False) -> str:
    """Front matter and Markdown body of one policy document (``short``: 200–600 characters,
    the shape of a notice or an announcement, where per-page costs dominate a build)."""
    name = ISSUERS[doc.issuer][0]
    meta: dict[str, Any] = {
        "title": doc.title,
        "doc_number": doc.doc_number,
        "issuer": name,
        "index_number": f"{ISSUERS[doc.issuer][2].upper()}/{doc.year}-{doc.index:05d}",
        "category": doc.category,
        "written": doc.published - datetime.timedelta(days=rng.randint(0, 7)),
        "published": doc.published,
        "disclosure": "依申请公开" if doc.withheld else "主动公开",
        "normative": doc.normative,
    }
    if doc.repealed_by:
        meta["validity"] = "废止"
        meta["repealed_by"] = doc.repealed_by
    target = rng.randint(200, 600) if short else rng.randint(1000, 4000)
    parts = [
        f"{name}文件",
        doc.doc_number,
        f"**{doc.title}**",
        "各县（市、区）人民政府，市直各部门：",
    ]
    if doc.cites:
        parts.append(
            f"根据《有关工作的通知》（{doc.cites}）精神，结合我市实际，制定本{doc.title[-2:]}。"
        )
    chapters = rng.randint(1, 2) if short else rng.randint(3, len(CHAPTERS))
    size = sum(len(p) for p in parts)
    for c in range(chapters):
        parts.append(f"## 第{NUMERALS[c]}章 {CHAPTERS[c]}")
        left = chapters - c
        share = max(120, (target - size) // left)
        for _ in range(rng.randint(1, 3)):
            paragraph = _paragraph(rng, sentences, share // 2)
            parts.append(paragraph)
            size += len(paragraph)
    parts.append(f"{name}\n\n{doc.published.year}年{doc.published.month}月{doc.published.day}日")
    front = _dump(meta)
    return f"---\n{front}---\n\n" + "\n\n".join(parts) + "\n"


def interpretation_text(
    rng: random.Random, sentences: list[str], doc: Doc, round_: int, published: datetime.date
) -> str:
    """Front matter and body of an interpretation of ``doc``."""
    meta: dict[str, Any] = {
        "title": f"《{doc.title}》政策解读" + ("（二）" if round_ > 1 else ""),
        "published": published,
        "issuer": ISSUERS[doc.issuer][0],
        "interprets": doc.doc_number,
        "form": rng.choice(FORMS),
    }
    if round_ > 1:
        meta["round"] = round_
    parts = [
        f"{doc.published.year}年{doc.published.month}月，{ISSUERS[doc.issuer][0]}印发了"
        f"《{doc.title}》（{doc.doc_number}）。现就有关问题解读如下："
    ]
    for h in range(rng.randint(3, len(INTERP_HEADINGS))):
        parts.append(f"## {NUMERALS[h]}、{INTERP_HEADINGS[h]}")
        parts.append(_paragraph(rng, sentences, rng.randint(120, 400)))
    front = _dump(meta)
    return f"---\n{front}---\n\n" + "\n\n".join(parts) + "\n"


def _issue_sections(docs: list[Doc]) -> list[dict[str, Any]]:
    groups: dict[str, list[Doc]] = {}
    for doc in docs:
        heading = (
            "市政府文件"
            if doc.issuer == 0
            else "市政府办公室文件"
            if doc.issuer == 1
            else "部门文件"
        )
        groups.setdefault(heading, []).append(doc)
    order = ("市政府文件", "市政府办公室文件", "部门文件")
    sections = []
    for heading in order:
        if heading in groups:
            sections.append({"heading": heading, "items": [d.doc_number for d in groups[heading]]})
    if not sections:
        sections.append({"heading": "公告", "items": [{"text": "本期无新发布文件。"}]})
    return sections


def write_issue_pdf(dest: Path, title: str, docs: list[Doc], sentences: list[str]) -> int:
    """A small issue PDF: a cover, then one page per listed document. Returns the page count."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    pdf = canvas.Canvas(str(dest), invariant=1)
    pdf.setTitle(title)
    _, height = pdf._pagesize
    pdf.setFont(font, 22)
    pdf.drawString(60, height - 200, title)
    pdf.showPage()
    for n, doc in enumerate(docs):
        pdf.setFont(font, 12)
        y = height - 60
        text = f"{doc.title}。{doc.doc_number}。" + "".join(
            sentences[(doc.index * 7 + k) % len(sentences)] for k in range(8)
        )
        for start in range(0, min(len(text), 36 * 40), 36):
            pdf.drawString(60, y, text[start : start + 36])
            y -= 16
        pdf.showPage()
        del n
    pdf.save()
    return 1 + len(docs)


def _mkdocs_yml(n: int) -> str:
    config: dict[str, Any] = {
        "site_name": f"平凉市人民政府信息公开（基准测试 {n} 份）",
        "docs_dir": "content",
        "use_directory_urls": False,
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": [
            "search",
            {
                "gongbao": {
                    "gazette_title": "平凉市人民政府公报",
                    "search_index": True,
                    "as_of": AS_OF,
                }
            },
        ],
        "markdown_extensions": [{"toc": {"permalink": True}}, "tables", "admonition", "attr_list"],
        "nav": [
            {"政策文件": "archive/documents/index.md"},
            {"政策解读": "archive/interpretations/index.md"},
            {"政府公报": "archive/gazette/index.md"},
        ],
        "validation": {
            "nav": {"omitted_files": "ignore"},
            "links": {"not_found": "warn", "anchors": "warn", "unrecognized_links": "warn"},
        },
    }
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def generate(
    n: int,
    out: Path,
    seed: int = 1,
    pdf_issues: int = 12,
    short: bool = False,
    varied: bool = False,
) -> dict[str, Any]:
    """Write the archive into ``out`` (replacing it); return the manifest. ``short``: every
    policy 200–600 characters (one interpretation each, as always); ``varied``: sentences
    varied as they are picked (:class:`VariedSentences`)."""
    rng = random.Random(seed)
    sentences = load_sentences()
    if varied:
        sentences = VariedSentences(sentences, seed + 1)
    docs = plan_documents(rng, n)
    if out.exists():
        shutil.rmtree(out)
    (out / "content").mkdir(parents=True)
    (out / "mkdocs.yml").write_text(_mkdocs_yml(n), encoding="utf-8")
    (out / "content" / "index.md").write_text(
        "---\ntitle: 首页\n---\n\n# 平凉市人民政府信息公开\n\n政策文件、政策解读与政府公报。\n",
        encoding="utf-8",
    )
    made: set[Path] = set()

    def write(rel: str, text: str) -> None:
        path = out / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(text, encoding="utf-8")

    interpretations = 0
    last_day = datetime.date.fromisoformat(AS_OF)
    for doc in docs:
        write(doc.path, policy_text(rng, sentences, doc, short))
        if doc.withheld:
            continue
        base = f"interpretations/{doc.year}/{doc.slug}-jd"
        write(f"{base}.md", interpretation_text(rng, sentences, doc, 1, doc.published))
        interpretations += 1
        if doc.round2:
            later = min(doc.published + datetime.timedelta(days=30), last_day)
            write(f"{base}2.md", interpretation_text(rng, sentences, doc, 2, later))
            interpretations += 1

    by_month: dict[tuple[int, int], list[Doc]] = {}
    for doc in docs:
        if not doc.withheld:
            by_month.setdefault((doc.published.year, doc.published.month), []).append(doc)
    months = [(y, m) for y in range(FIRST_YEAR, LAST_YEAR + 1) for m in range(1, 13)]
    with_pdf = set(months[-pdf_issues:]) if pdf_issues > 0 else set()
    for serial, (year, month) in enumerate(months, 1):
        listed = by_month.get((year, month), [])
        published = datetime.date(year, month, calendar.monthrange(year, month)[1])
        meta: dict[str, Any] = {
            "year": year,
            "number": month,
            "serial": serial,
            "published": published,
        }
        sections = _issue_sections(listed)
        if (year, month) in with_pdf:
            name = f"{year}-{month:02d}.pdf"
            meta["pdf"] = name
            printed = listed[:3]
            pdf_dir = out / "gazette" / str(year)
            pdf_dir.mkdir(parents=True, exist_ok=True)
            write_issue_pdf(
                pdf_dir / name, f"平凉市人民政府公报{year}年第{month}期", printed, sentences
            )
            pages = {d.doc_number: f"{k}-{k}" for k, d in enumerate(printed, 2)}
            for section in sections:
                section["items"] = [
                    {"ref": item, "pages": pages[item]} if item in pages else item
                    for item in section["items"]
                ]
        meta["sections"] = sections
        count = sum(len(s["items"]) for s in sections)
        body = f"本期刊登文件 {count} 件。（基准测试用合成期次，并非真实出版的公报。）\n"
        front = _dump(meta)
        write(f"gazette/{year}/{month:02d}.md", f"---\n{front}---\n\n{body}")

    manifest = {
        "generator": GENERATOR_VERSION,
        "n": n,
        "seed": seed,
        "shape": "short" if short else "long",
        "as_of": AS_OF,
        "public": sum(1 for d in docs if not d.withheld),
        "withheld": sum(1 for d in docs if d.withheld),
        "normative": sum(1 for d in docs if d.normative),
        "repealed": sum(1 for d in docs if d.repealed_by),
        "interpretations": interpretations,
        "issues": len(months),
        "issue_pdfs": len(with_pdf),
        "issuers": [name for name, _, _ in ISSUERS],
        "docs": [
            {
                "path": d.path,
                "doc_number": d.doc_number,
                "issuer": ISSUERS[d.issuer][0],
                "year": d.year,
                "title": d.title,
                "withheld": d.withheld,
            }
            for d in docs
        ],
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return manifest


def main(argv: list[str] | None = None) -> None:
    """Command line: ``generate.py N OUT_DIR [--seed S] [--pdf-issues K]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of policy documents")
    parser.add_argument("out", type=Path, help="output folder (replaced)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pdf-issues", type=int, default=12, help="issues with a PDF (last K)")
    parser.add_argument("--short", action="store_true", help="policies of 200–600 characters")
    parser.add_argument("--varied", action="store_true", help="no clause repeated")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    manifest = generate(args.n, args.out, args.seed, args.pdf_issues, args.short, args.varied)
    print(
        f"{args.out}: {manifest['n']} documents ({manifest['public']} public, "
        f"{manifest['normative']} normative, {manifest['repealed']} repealed), "
        f"{manifest['interpretations']} interpretations, {manifest['issues']} issues "
        f"({manifest['issue_pdfs']} with PDF) in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
