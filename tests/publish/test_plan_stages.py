"""plan_site's ``analysed`` hook: the published view before any page is rendered."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from gongbao.core.config.siteconfig import load_settings
from gongbao.core.publish.pipeline import SitePlan, plan_site
from tests.sites import policy, write_site

REPO = Path(__file__).resolve().parents[2]


def test_the_hook_sees_the_published_view_before_pages(tmp_path: Path) -> None:
    settings = dataclasses.replace(
        load_settings(REPO / "mkdocs.yml"), cache_dir=str(tmp_path / "cache")
    )
    seen: list[SitePlan] = []
    plan = plan_site(settings, analysed=seen.append)
    assert len(seen) == 1
    early = seen[0]
    assert early.pages == () and not early.errors
    assert early.published.policies == plan.published.policies
    assert early.files.pdf_pages == plan.files.pdf_pages
    assert len(plan.pages) > 20  # the pages came after


def test_the_hook_is_not_called_when_the_build_stops(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/policies/2023/a.md": policy(interpretation="required")})
    seen: list[SitePlan] = []
    plan = plan_site(load_settings(root / "mkdocs.yml"), analysed=seen.append)
    assert plan.errors and seen == []
    # A preview renders despite errors: the indexes start then too.
    plan_site(load_settings(root / "mkdocs.yml"), despite_errors=True, analysed=seen.append)
    assert len(seen) == 1
