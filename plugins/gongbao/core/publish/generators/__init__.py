"""Page generators: each makes one family of a site's pages from the published view.

The registry :data:`GENERATORS` lists them in the order a build runs them; a new family of
pages (catalogues, feeds, the 年报…) is a new generator here, rendered from its own
templates. Generators build plain-data contexts and leave all markup to the templates
(:mod:`gongbao.core.publish.templating`).
"""

from __future__ import annotations

from gongbao.core.config.settings import Settings
from gongbao.core.graph import LinkGraph
from gongbao.core.model.corpus import Corpus
from gongbao.core.publish.assets import PublishedFiles
from gongbao.core.publish.generators.archives import archive_pages
from gongbao.core.publish.generators.base import Generator, SiteContext
from gongbao.core.publish.generators.catalogues import catalogue_pages
from gongbao.core.publish.generators.consultations import consultation_pages
from gongbao.core.publish.generators.documents import document_pages, interpretation_pages
from gongbao.core.publish.generators.feeds import feed_files
from gongbao.core.publish.generators.gazette import gazette_pages
from gongbao.core.publish.generators.opendata import opendata_files
from gongbao.core.publish.pages import GeneratedPage
from gongbao.core.publish.templating import Templates

__all__ = ["GENERATORS", "GeneratedPage", "Generator", "SiteContext", "generate_pages"]

GENERATORS: dict[str, Generator] = {
    "documents": document_pages,
    "interpretations": interpretation_pages,
    "archives": archive_pages,
    "gazette": gazette_pages,
    "catalogues": catalogue_pages,
    "feeds": feed_files,
    "opendata": opendata_files,
    "consultations": consultation_pages,
}
"""Every page generator, by name, in the order a build runs them. A generated page whose
``src_uri`` does not end in ``.md`` is a file published as it is (feeds, open data)."""


def generate_pages(
    published: Corpus, graph: LinkGraph, files: PublishedFiles, settings: Settings
) -> list[GeneratedPage]:
    """Every generated page of the published view."""
    site = SiteContext(published, graph, files, settings, Templates(settings.template_dirs))
    return [page for generator in GENERATORS.values() for page in generator(site)]
