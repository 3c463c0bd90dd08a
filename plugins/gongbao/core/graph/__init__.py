"""The link graph: typed relations between published records (:mod:`.relations`), built from
the published view (:mod:`.build`); 文号 and 《titles》 cited in body text (:mod:`.mentions`,
:mod:`.citations`); a document's status and timeline (:mod:`.lifecycle`)."""

from gongbao.core.graph.build import build_link_graph, in_force_from
from gongbao.core.graph.citations import find_citations, title_index, title_key
from gongbao.core.graph.lifecycle import Event, Lifecycle, Status, document_status, timeline
from gongbao.core.graph.mentions import find_mentions
from gongbao.core.graph.relations import LinkGraph, Relation, RelationKind

__all__ = [
    "Event",
    "Lifecycle",
    "LinkGraph",
    "Relation",
    "RelationKind",
    "Status",
    "build_link_graph",
    "document_status",
    "find_citations",
    "find_mentions",
    "in_force_from",
    "timeline",
    "title_index",
    "title_key",
]
