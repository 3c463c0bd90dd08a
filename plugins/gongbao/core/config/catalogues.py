"""The site's 公开目录 (政府信息公开目录): its ordered entries, and the statutory default.

The default is the list of 《中华人民共和国政府信息公开条例》(国务院令第711号) 第二十条, the 15
categories every 行政机关 publishes of its own accord, followed by the 第二十一条 group a
设区的市 adds (市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助). Each entry has
a short ``name`` editors write in a document's ``catalogue`` field, the statutory ``title``
shown on the catalogue page, and the ``basis`` it comes from. A site lists its own entries in
the plugin option ``catalogues`` (a name, or ``{name, title, basis}``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["DEFAULT_CATALOGUES", "CatalogueEntry", "parse_catalogues"]


@dataclass(frozen=True)
class CatalogueEntry:
    """One entry (栏目) of the 公开目录."""

    name: str
    """The short name a document's ``catalogue`` field gives, e.g. ``统计信息``."""
    title: str = ""
    """What the entry covers, as the statute says it; the name when not given."""
    basis: str = ""
    """Where the entry comes from, e.g. ``条例第二十条（四）``."""

    @property
    def heading(self) -> str:
        """The title, or the name when there is none."""
        return self.title or self.name


_ARTICLE_20 = (
    ("法规文件", "行政法规、规章和规范性文件"),
    ("机构职能", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    ("规划信息", "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    ("统计信息", "国民经济和社会发展统计信息"),
    ("行政许可", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    (
        "行政处罚",
        "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    ),
    ("财政预决算", "财政预算、决算信息"),
    ("行政收费", "行政事业性收费项目及其依据、标准"),
    ("政府采购", "政府集中采购项目的目录、标准及实施情况"),
    ("重大建设项目", "重大建设项目的批准和实施情况"),
    ("民生保障", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    ("应急管理", "突发公共事件的应急预案、预警信息及应对情况"),
    ("监督检查", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    ("公务员招考", "公务员招考的职位、名额、报考条件等事项以及录用结果"),
    # "规定规定" is the statute's own wording.
    ("其他法定信息", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
)
_NUMERALS = "一二三四五六七八九十"


def _numeral(n: int) -> str:
    """（一）…（十五）."""
    if n <= 10:
        return _NUMERALS[n - 1]
    return "十" + _NUMERALS[n - 11]


DEFAULT_CATALOGUES: tuple[CatalogueEntry, ...] = (
    *(
        CatalogueEntry(name, title, f"条例第二十条（{_numeral(n)}）")
        for n, (name, title) in enumerate(_ARTICLE_20, 1)
    ),
    CatalogueEntry(
        "市政与公共服务",
        "市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助等方面的政府信息",
        "条例第二十一条（设区的市级、县级人民政府及其部门）",
    ),
)
"""条例第二十条 (15 categories) and the 第二十一条 group of a 设区的市."""


def _entry(value: Any) -> CatalogueEntry | None:
    if isinstance(value, str) and value.strip():
        return CatalogueEntry(value.strip())
    if not isinstance(value, dict) or not set(value) <= {"name", "title", "basis"}:
        return None
    name, title, basis = (value.get(key, "") for key in ("name", "title", "basis"))
    if not all(isinstance(v, str) for v in (name, title, basis)) or not name.strip():
        return None
    return CatalogueEntry(name.strip(), title.strip(), basis.strip())


def parse_catalogues(value: Any) -> tuple[CatalogueEntry, ...] | None:
    """The entries of a ``catalogues`` option value, or ``None`` when it is not a non-empty
    list of names or ``{name, title, basis}`` mappings with distinct names."""
    if isinstance(value, tuple) and all(isinstance(v, CatalogueEntry) for v in value):
        return value or None  # already parsed (the declared default)
    if not isinstance(value, Sequence) or isinstance(value, str) or not value:
        return None
    entries = [_entry(v) for v in value]
    if any(e is None for e in entries):
        return None
    found = tuple(e for e in entries if e is not None)
    if len({e.name for e in found}) != len(found):
        return None
    return found
