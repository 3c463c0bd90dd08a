"""Every finding code, declared once, by family (the prefix before the dot).

The Chinese texts are what the generated error reference (``docs/errors.md``, and the copy
``gongbao init`` ships) says about each code: the title, why it matters, the usual fix. Each
finding also carries its own concrete message and fix, naming the file, the line and the values.
Modules report through the declared codes, e.g.
``from gongbao.core.findings.catalogue.sync import SYNC_MISSING``; importing this package
registers every code.
"""

from __future__ import annotations

from gongbao.core.findings.catalogue import (  # noqa: F401  (imported to register their codes)
    consultation,
    files,
    gazette,
    identity,
    lifecycle,
    links,
    pages,
    reading,
    safety,
    site,
    sync,
)

__all__ = ["FAMILY_HEADINGS"]

FAMILY_HEADINGS: dict[str, str] = {
    "config": "站点配置",
    "source": "源文件",
    "frontmatter": "头信息",
    "field": "字段",
    "unique": "唯一性",
    "doc_number": "文号",
    "interprets": "解读对象",
    "sync": "三同步",
    "repeal": "废止关系",
    "lifecycle": "文件效力",
    "consultation": "意见征集",
    "gazette": "政府公报",
    "attachment": "附件",
    "pdf": "PDF 文件",
    "cache": "缓存",
    "leak": "信息泄密",
    "html": "网页安全",
    "review": "先审后发",
    "page": "生成页面",
    "link": "链接",
}
"""Family → heading in the error reference, in reference order."""
