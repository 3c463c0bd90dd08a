"""Typed, immutable records for the three kinds of source, plus ordinary pages.

The field names, their Chinese aliases and how each is validated live in
:mod:`gongbao.core.model.fields`; this module only holds the shapes.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Consultation",
    "Disclosure",
    "DocType",
    "Feedback",
    "FeedbackOpinion",
    "GazetteIssue",
    "GazetteItem",
    "GazetteSection",
    "Interpretation",
    "InterpretationForm",
    "InterpretationRequirement",
    "OrdinaryPage",
    "PolicyDocument",
    "Record",
    "Validity",
]


class Disclosure(enum.Enum):
    """公开属性 (国办发〔2016〕80号: 主动公开、依申请公开、不予公开)."""

    PUBLIC = "主动公开"
    """Published on the site; the only value that ever reaches an output file."""
    ON_REQUEST = "依申请公开"
    WITHHELD = "不予公开"


class Validity(enum.Enum):
    """有效性."""

    VALID = "有效"
    EXPIRED = "失效"
    REPEALED = "废止"


class DocType(enum.Enum):
    """文件类型, as the 年报 counts them (表二 第二十条第（一）项)."""

    RULES = "规章"
    NORMATIVE = "行政规范性文件"
    OTHER = "其他"


class InterpretationRequirement(enum.Enum):
    """解读要求: whether 三同步 applies to a document."""

    REQUIRED = "required"
    EXEMPT = "exempt"


class InterpretationForm(enum.Enum):
    """解读形式."""

    TEXT = "文字解读"
    ILLUSTRATED = "图文解读"
    QA = "政策问答"
    EXPERT = "专家解读"
    MEDIA = "媒体解读"
    VIDEO = "视频解读"
    ANIMATION = "动漫解读"
    PRESS_CONFERENCE = "新闻发布会"
    INTERVIEW = "在线访谈"


@dataclass(frozen=True)
class _Record:
    id: str
    """Stable identifier: ``id`` from the front matter, else the path without ``.md``."""
    path: str
    """Site-relative source path, e.g. ``content/policies/2023/a.md``."""
    src_uri: str
    """Where the page lives in the built site's source tree, e.g. ``policies/2023/a.md``."""
    title: str
    published: datetime.date
    issuer: str
    body: str = field(repr=False)
    body_line: int = 1
    key_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    """1-based lines of the front matter keys (canonical names), for messages."""
    front_matter: tuple[tuple[str, Any, int | None], ...] = field(
        default=(), repr=False, compare=False
    )
    """Every front matter entry as written: key, value, line (scanned for leaks)."""
    links: tuple[tuple[int, str], ...] = field(default=(), repr=False, compare=False)
    """(line in the body, target) of every Markdown link and image, for link checking."""
    anchors: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    """The anchors the body's headings and ids give the page."""

    def line_of(self, name: str) -> int | None:
        """The line of field ``name`` in the source, when it was given."""
        return self.key_lines.get(name)


@dataclass(frozen=True)
class PolicyDocument(_Record):
    """A policy document (政策文件, 规范性文件) from ``content/``."""

    doc_number: str = ""
    """文号 as written (GB/T 9704 form suggested by a lint warning)."""
    index_number: str = ""
    category: str = ""
    keywords: tuple[str, ...] = ()
    written: datetime.date | None = None
    disclosure: Disclosure = Disclosure.PUBLIC
    normative: bool = False
    validity: Validity = Validity.VALID
    repealed_by: str = ""
    amends: tuple[str, ...] = ()
    """文号 or ids of the documents this one amends (修改), as written."""
    replaces: tuple[str, ...] = ()
    """文号 or ids of the documents this one replaces (代替), as written."""
    effective: datetime.date | None = None
    """施行日期."""
    valid_until: datetime.date | None = None
    """有效期至: the last day in force."""
    interpretation: InterpretationRequirement = InterpretationRequirement.REQUIRED
    exempt_reason: str = ""
    source: str = ""
    attachments: tuple[str, ...] = ()
    """Attachment paths relative to the document's file."""
    reviewed_by: str = ""
    approved_by: str = ""
    allow_sensitive: tuple[tuple[str, str], ...] = ()
    """Sensitive values allowed on this page, with the reason."""
    doc_type: DocType | None = None
    """文件类型 as written; ``None``: decided by ``normative`` (see :attr:`document_type`)."""
    consultation: str = ""
    """意见征集: the id of the consultation the draft was put to."""

    kind = "policy"

    @property
    def document_type(self) -> DocType:
        """文件类型: as written, else 行政规范性文件 for a 规范性文件 and 其他 otherwise."""
        if self.doc_type is not None:
            return self.doc_type
        return DocType.NORMATIVE if self.normative else DocType.OTHER

    @property
    def is_public(self) -> bool:
        """Only 主动公开 documents are ever published."""
        return self.disclosure is Disclosure.PUBLIC

    @property
    def needs_interpretation(self) -> bool:
        """Whether the 三同步 gate applies."""
        return self.is_public and self.interpretation is InterpretationRequirement.REQUIRED

    @property
    def label(self) -> str:
        """文号 and title, for messages: ``平政办发〔2023〕51号《……》``."""
        return f"{self.doc_number}《{self.title}》" if self.doc_number else f"《{self.title}》"


@dataclass(frozen=True)
class Interpretation(_Record):
    """A 解读 material from ``interpretations/``."""

    interprets: tuple[str, ...] = ()
    """文号 or ids of the documents it interprets, as written."""
    form: InterpretationForm = InterpretationForm.TEXT
    round: int = 1
    source: str = ""
    reviewed_by: str = ""
    approved_by: str = ""
    allow_sensitive: tuple[tuple[str, str], ...] = ()
    """Sensitive values allowed on this page, with the reason."""

    kind = "interpretation"


@dataclass(frozen=True)
class FeedbackOpinion:
    """One opinion received in a consultation, and whether and why it was (not) adopted."""

    opinion: str
    reason: str = ""
    """Why it was not adopted (required then: 就未采纳意见建议说明理由), or how it was used."""


@dataclass(frozen=True)
class Feedback:
    """反馈: what a consultation received and what became of it (应反馈尽反馈)."""

    published: datetime.date
    """反馈日期."""
    summary: str = ""
    adopted: tuple[FeedbackOpinion, ...] = ()
    not_adopted: tuple[FeedbackOpinion, ...] = ()


@dataclass(frozen=True)
class Consultation(_Record):
    """A 意见征集 from ``consultations/``: the draft (the body), its period and its 反馈."""

    opens: datetime.date | None = None
    """征集开始."""
    closes: datetime.date | None = None
    """征集截止."""
    feedback: Feedback | None = None
    attachments: tuple[str, ...] = ()
    """Attachment paths relative to the consultation's file."""
    source: str = ""
    reviewed_by: str = ""
    approved_by: str = ""
    allow_sensitive: tuple[tuple[str, str], ...] = ()
    """Sensitive values allowed on this page, with the reason."""

    kind = "consultation"


@dataclass(frozen=True)
class OrdinaryPage:
    """A page in ``content/`` that is not a policy document (home page, 指南, 制度…)."""

    path: str
    src_uri: str


@dataclass(frozen=True)
class GazetteItem:
    """One entry of an issue's table of contents."""

    ref: str = ""
    """文号 or id of a document in ``content/``; empty for a plain-text entry."""
    text: str = ""
    """The entry's text when it is not a document (人事任免 notices)."""
    pages: tuple[int, int] | None = None
    """1-based inclusive page range in the issue PDF."""
    line: int | None = None


@dataclass(frozen=True)
class GazetteSection:
    """栏目: a heading and its entries, in print order."""

    heading: str
    items: tuple[GazetteItem, ...]


@dataclass(frozen=True)
class GazetteIssue:
    """One 政府公报 issue from ``gazette/``."""

    id: str
    path: str
    src_uri: str
    year: int
    number: int
    published: datetime.date
    title: str
    sections: tuple[GazetteSection, ...]
    serial: int | None = None
    """总期号, when the gazette numbers its issues since the first one."""
    pdf: str = ""
    """Issue PDF path relative to the issue file."""
    body: str = field(default="", repr=False)
    body_line: int = 1
    key_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    front_matter: tuple[tuple[str, Any, int | None], ...] = field(
        default=(), repr=False, compare=False
    )
    """Every front matter entry as written: key, value, line (scanned for leaks)."""
    links: tuple[tuple[int, str], ...] = field(default=(), repr=False, compare=False)
    """(line in the body, target) of every Markdown link and image, for link checking."""
    anchors: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    """The anchors the body's headings and ids give the page."""

    kind = "gazette"

    def line_of(self, name: str) -> int | None:
        """The line of field ``name`` in the source, when it was given."""
        return self.key_lines.get(name)


Record = PolicyDocument | Interpretation | GazetteIssue | Consultation
"""Any record loaded from a source folder."""
