"""The link graph: typed relations between published records (:mod:`.relations`), built from
the published view (:mod:`.build`), and 文号 mentioned in body text (:mod:`.mentions`)."""

from gongbao.core.graph.build import build_link_graph
from gongbao.core.graph.mentions import find_mentions
from gongbao.core.graph.relations import LinkGraph, Relation, RelationKind

__all__ = ["LinkGraph", "Relation", "RelationKind", "build_link_graph", "find_mentions"]
