"""严重表述错误: configured wrong expressions that must not appear in what the site publishes
(a wrong official name, an outdated title), and expressions it must contain.

``audit_forbidden`` entries are ``错误写法`` or ``错误写法=正确写法`` (also ``＝`` or ``→``): with
the right form given, an occurrence inside the right form is not a hit (``平凉市政府`` is
wrong, yet not inside ``平凉市政府办公室`` when that is the right form). ``audit_required``
entries must each appear at least once. The sources of every published record, ordinary page
are read as written, so each hit names its file and line; of the site configuration, the
values every page prints (site name, description, copyright, footer).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongbao.core.audit.items import AuditItem, Kind, Result
from gongbao.core.config.settings import Settings
from gongbao.core.config.siteconfig import site_values
from gongbao.core.model.corpus import Corpus

__all__ = ["expression_item", "parse_forbidden"]

_SEPARATOR = re.compile(r"\s*(?:=|＝|→)\s*")
_SHOWN = 20


def parse_forbidden(entry: str) -> tuple[str, str]:
    """``错误=正确`` → (错误, 正确); a bare entry has no right form."""
    parts = _SEPARATOR.split(entry.strip(), maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def _texts(published: Corpus, settings: Settings) -> Iterator[tuple[str, str]]:
    paths = [record.path for record in published]
    paths += [page.path for page in published.pages]
    for path in sorted(set(paths)):
        try:
            yield path, (settings.root / path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    # What every page prints from the configuration (not the file: it lists these options).
    try:
        config = site_values((settings.root / settings.config_file).read_text(encoding="utf-8"))
    except OSError:
        config = {}
    printed = [config.get(key) for key in ("site_name", "site_description", "copyright")]
    printed += [settings.site_sponsor, settings.site_organizer, settings.site_contact]
    yield settings.config_file, "\n".join(v for v in printed if isinstance(v, str))


def _hits(text: str, wrong: str, right: str) -> Iterator[int]:
    """1-based lines where ``wrong`` appears outside an occurrence of ``right``."""
    masked = text
    if right and wrong in right:
        masked = text.replace(right, "\0" * len(right))
    start = masked.find(wrong)
    while start != -1:
        yield masked.count("\n", 0, start) + 1
        start = masked.find(wrong, start + len(wrong))


def expression_item(published: Corpus, settings: Settings) -> AuditItem:
    """The 严重表述错误 item (forbidden and required expressions)."""
    forbidden = [parse_forbidden(e) for e in settings.audit_forbidden if e.strip()]
    required = [e.strip() for e in settings.audit_required if e.strip()]
    if not forbidden and not required:
        evidence = "未配置 audit_forbidden / audit_required，未检查"
        return AuditItem("严重表述错误", Kind.VETO, Result.UNDECIDED, evidence)
    details: list[str] = []
    seen: set[str] = set()
    hits = 0
    for path, text in _texts(published, settings):
        for wrong, right in forbidden:
            for line in _hits(text, wrong, right):
                hits += 1
                fix = f"，应为“{right}”" if right else ""
                details.append(f"{path}:{line}: 出现“{wrong}”{fix}")
        seen.update(e for e in required if e in text)
    absent = [e for e in required if e not in seen]
    details += [f"全站未出现必备表述“{e}”" for e in absent]
    evidence = f"禁用表述 {len(forbidden)} 项命中 {hits} 处；必备表述 {len(required)} 项缺 {len(absent)} 项"
    result = Result.FAIL if hits or absent else Result.PASS
    return AuditItem("严重表述错误", Kind.VETO, result, evidence, tuple(details[:_SHOWN]))
