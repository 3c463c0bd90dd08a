"""Government site conventions (政府网站发展指引) on every page the plugin publishes.

- the footer: 主办单位, 承办单位, 联系方式, 网站标识码, ICP备案号, 公安机关备案号 from the plugin's
  options, shown by the theme partial ``partials/copyright.html`` (no foreign credit links);
- the page meta tags: ``SiteName``, ``SiteDomain``, ``SiteIDCode`` on every page, and on the
  pages of documents, interpretations and gazette issues ``ColumnName``, ``ArticleTitle``,
  ``PubDate``, ``ContentSource``, ``Keywords`` and ``Description``, from the records; they
  take the place of the ``generator`` tag (which names software versions, nothing a reader
  needs), rendered by the core's template ``gongbao/_head.html`` (autoescape), which also
  applies the reader's 大字 choice before the first paint;
- Chinese titles on the ¶ heading anchors;
- the sitemap: without ``site_url`` MkDocs writes an empty one; it is dropped and the build log
  says why (``config.site_url``, a notice that does not fail ``--strict``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, urlsplit

from mkdocs.config.defaults import MkDocsConfig

from gongbao.core.config.settings import Settings
from gongbao.core.findings.catalogue.site import SITE_URL_MISSING
from gongbao.core.findings.finding import Finding
from gongbao.core.model.corpus import Corpus
from gongbao.core.model.records import GazetteIssue, Interpretation, PolicyDocument
from gongbao.core.publish.templating import Templates
from gongbao.core.search.site_records import markdown_to_text

__all__ = [
    "PERMALINK_TITLE",
    "article_tags",
    "configure",
    "drop_empty_sitemap",
    "footer_items",
    "head_with_tags",
    "site_tags",
]

PERMALINK_TITLE = "本段链接"
"""The title of the ¶ anchor after each heading (Python-Markdown says "Permanent link")."""

DESCRIPTION_CHARS = 120
"""Characters of the body in a page's ``Description`` tag."""

ICP_REGISTER = "https://beian.miit.gov.cn/"
POLICE_REGISTER = "https://www.beian.gov.cn/portal/registerSystemInfo?recordcode="

_GENERATOR = re.compile(r'[ \t]*<meta name="generator"[^>]*>\n?')
_TEMPLATES = Templates()

Tags = list[tuple[str, str]]


def footer_items(settings: Settings) -> list[dict[str, str]]:
    """The footer's lines, in the guideline's order: label, value and (for the two
    registration numbers) the register that verifies them."""
    items: list[dict[str, str]] = []
    for label, value, href in (
        ("主办单位", settings.site_sponsor, ""),
        ("承办单位", settings.site_organizer, ""),
        ("联系方式", settings.site_contact, ""),
        ("网站标识码", settings.site_id_code, ""),
        ("ICP备案号", settings.icp_number, ICP_REGISTER),
        ("公安机关备案号", settings.police_number, ""),
    ):
        if value:
            if label == "公安机关备案号":
                digits = "".join(ch for ch in value if ch.isdigit())
                href = POLICE_REGISTER + quote(digits) if digits else ""
            items.append({"label": label, "value": value, "href": href})
    return items


def site_tags(site_name: str, site_url: str | None, settings: Settings) -> Tags:
    """The tags every page carries."""
    domain = settings.site_domain or (urlsplit(site_url).hostname if site_url else None)
    tags = [("SiteName", site_name)]
    if domain:
        tags.append(("SiteDomain", domain))
    if settings.site_id_code:
        tags.append(("SiteIDCode", settings.site_id_code))
    return tags


def _description(body: str) -> str:
    text = " ".join(markdown_to_text(body[: DESCRIPTION_CHARS * 4]).split())
    return text[:DESCRIPTION_CHARS]


def _joined(words: Iterable[str]) -> str:
    return ",".join(dict.fromkeys(w for w in words if w))


def _record_tags(
    column: str, title: str, published: str, source: str, keywords: str, body: str
) -> Tags:
    return [
        ("ColumnName", column),
        ("ArticleTitle", title),
        ("PubDate", published),
        ("ContentSource", source),
        ("Keywords", keywords or column),
        ("Description", _description(body) or title),
    ]


def _policy(doc: PolicyDocument) -> Tags:
    keywords = _joined(doc.keywords)
    return _record_tags(
        "政策文件", doc.title, doc.published.isoformat(), doc.issuer, keywords, doc.body
    )


def _interpretation(item: Interpretation, published: Corpus) -> Tags:
    documents = [published.resolve(ref) for ref in item.interprets]
    keywords = _joined(w for doc in documents if doc is not None for w in doc.keywords)
    return _record_tags(
        "政策解读", item.title, item.published.isoformat(), item.issuer, keywords, item.body
    )


def _issue(issue: GazetteIssue, gazette_title: str) -> Tags:
    headings = _joined(section.heading for section in issue.sections)
    body = issue.body or f"{issue.title}：{headings}"
    return _record_tags(
        "政府公报", issue.title, issue.published.isoformat(), gazette_title, headings, body
    )


def article_tags(published: Corpus, settings: Settings) -> dict[str, Tags]:
    """The article tags of each record page, by the page's ``src_uri``."""
    tags: dict[str, Tags] = {doc.src_uri: _policy(doc) for doc in published.policies}
    tags.update((i.src_uri, _interpretation(i, published)) for i in published.interpretations)
    tags.update((i.src_uri, _issue(i, settings.gazette_title)) for i in published.issues)
    tags.update(
        (
            c.src_uri,
            _record_tags("意见征集", c.title, c.published.isoformat(), c.issuer, "", c.body),
        )
        for c in published.consultations
    )
    return tags


def head_with_tags(output: str, tags: Tags) -> str:
    """The page with its ``generator`` tag removed and, at the end of its head, ``tags`` and
    the script that applies the reader's 大字 choice before the first paint."""
    output = _GENERATOR.sub("", output, count=1)
    head_end = output.find("</head>")
    if head_end < 0:
        return output
    line = output.rfind("\n", 0, head_end) + 1
    return output[:line] + _TEMPLATES.render("_head.html", tags=tags) + "\n" + output[line:]


def configure(config: MkDocsConfig, settings: Settings) -> None:
    """The footer's lines for the theme partial, and Chinese titles on heading anchors."""
    config.extra["gongbao_footer"] = footer_items(settings)
    config.extra["generator"] = False  # Material's "Made with …" line, if a partial shows it
    if "toc" in config.markdown_extensions:
        config.mdx_configs.setdefault("toc", {}).setdefault("permalink_title", PERMALINK_TITLE)


def drop_empty_sitemap(site_dir: Path, site_url: str | None, config_file: str) -> Finding | None:
    """Without ``site_url``: remove MkDocs' empty sitemap and return the notice to log."""
    if site_url:
        return None
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (site_dir / name).unlink(missing_ok=True)
    return SITE_URL_MISSING(
        config_file,
        None,
        "未设置 site_url（网站的正式网址），本次构建不生成站点地图 sitemap.xml。",
        "在 mkdocs.yml 中加上 site_url: https://（本站域名）/；只在查阅点离线使用的副本可以不设。",
    )
