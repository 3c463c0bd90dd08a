"""``gongbao audit``: the 政府网站与政务新媒体检查指标 (国办秘函〔2019〕19号) items a build can
decide, from the sources and the built site.

- :mod:`.items` — one audit item's verdict (单项否决 or 扣分, result, evidence);
- :mod:`.columns` — the site's 栏目 with their counts and newest dates (空白栏目, 栏目不更新);
- :mod:`.sitescan` — the built site: broken internal links, missing files, page dates;
- :mod:`.run` — every item, decided.
"""

from gongbao.core.audit.items import AuditItem, Kind, Result
from gongbao.core.audit.run import run_audit

__all__ = ["AuditItem", "Kind", "Result", "run_audit"]
