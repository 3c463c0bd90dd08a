"""``<link rel="alternate" type="application/atom+xml">`` in every page's head: the site's feeds
(:func:`gongbao.core.publish.generators.feeds.site_feeds`) and, on a document's page and its
issuer's list, that 发文机关's feed. Hrefs are relative to the page (or absolute with
``site_url``), rendered by the core's template ``gongbao/_feed_links.html`` (autoescape)."""

from __future__ import annotations

from urllib.parse import urljoin

from gongbao.core.config.settings import Settings
from gongbao.core.model.corpus import Corpus
from gongbao.core.publish.generators.feeds import Feed, page_feeds, site_feeds
from gongbao.core.publish.templating import Templates
from gongbao.core.publish.urls import relative_url

__all__ = ["FeedLinks"]

_TEMPLATES = Templates()


class FeedLinks:
    """The feed links of one build's pages."""

    def __init__(self, published: Corpus, settings: Settings) -> None:
        self.settings = settings
        self.common = site_feeds(settings)
        self.extra = page_feeds(published, settings)

    def _href(self, feed: Feed, url: str) -> str:
        if self.settings.site_url:
            return urljoin(self.settings.site_url.rstrip("/") + "/", feed.src)
        return relative_url(feed.src, url)

    def add(self, output: str, src_uri: str, url: str) -> str:
        """The page ``output`` (built from ``src_uri``, at ``url``) with its feed links at the
        end of its head."""
        head_end = output.find("</head>")
        if head_end < 0:
            return output
        feeds = (*self.common, *self.extra.get(src_uri, ()))
        links = _TEMPLATES.render(
            "_feed_links.html",
            feeds=[{"title": f.title, "href": self._href(f, url)} for f in feeds],
        )
        line = output.rfind("\n", 0, head_end) + 1
        return output[:line] + links + "\n" + output[line:]
