"""Publishing safety: leaks, 先审后发, scheduled documents, atomic and deterministic builds."""

from __future__ import annotations

import datetime
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongbao.core.config.settings import Settings
from gongbao.core.publish.pipeline import check_site
from tests.pdfmaker import make_pdf
from tests.sites import build_site, interpretation, policy, site_text, write_site

DOC = "content/policies/a.md"
JD = "interpretations/a.md"


def test_allowed_values_are_published_and_logged(tmp_path: Path) -> None:
    body = "咨询电话：13800138000（政务服务热线专席）。"
    blocked = build_site(
        write_site(tmp_path / "blocked", {DOC: policy(body=body), JD: interpretation()})
    )
    assert not blocked.ok
    assert "content/policies/a.md:8: 第 6 列疑似手机号码：138****8000。" in blocked.log
    assert "13800138000" not in blocked.log

    allowed = policy(
        body=body,
        allow_sensitive=[{"value": "13800138000", "reason": "政务服务热线专席，对外公布"}],
    )
    result = build_site(write_site(tmp_path / "allowed", {DOC: allowed, JD: interpretation()}))
    assert result.ok, result.log
    assert (
        "INFO: gongbao: 允许公开：content/policies/a.md 中的 13800138000（理由：政务服务热线专席，对外公布）。"
        in result.log
    )
    assert "13800138000" in result.read("policies/a.html")


def test_allow_sensitive_needs_a_reason(tmp_path: Path) -> None:
    write_site(tmp_path, {DOC: policy(allow_sensitive=["13800138000"]), JD: interpretation()})
    _, findings = check_site(Settings(root=tmp_path))
    assert [f.format() for f in findings] == [
        "content/policies/a.md:6: 字段 allow_sensitive（允许公开）应为列表，每项含 value（取值）和 reason（理由），"
        "实际为 列表 ['13800138000']。 修改建议：写成 allow_sensitive: [{value: '0933-8213456', reason: 单位办公电话}]。"
    ]


def test_leaks_in_attachment_pdfs_name_the_page(tmp_path: Path) -> None:
    site = write_site(tmp_path, {DOC: policy(attachments=["名单.pdf"]), JD: interpretation()})
    make_pdf(
        site / "content/policies/名单.pdf",
        ["补助对象名单", "王某 身份证 11010519491231002X 已核实"],
    )
    result = build_site(site)
    assert not result.ok
    assert "名单.pdf: PDF 第 2 页疑似居民身份证号码：110*************2X。" in result.log.replace(
        "policies/名单", "名单"
    )


def test_review_before_publishing(tmp_path: Path) -> None:
    files = {
        DOC: policy(reviewed_by="李四", approved_by="李四"),
        JD: interpretation(reviewed_by="王五"),
    }
    result = build_site(write_site(tmp_path, files, {"require_review": True}))
    assert not result.ok
    assert (
        "content/policies/a.md:7: 先审后发：审核人与签发人是同一人（李四）。 修改建议：签发人应为审核人之外的负责人。"
    ) in result.log
    assert (
        "interpretations/a.md: 先审后发：缺少 approved_by（签发人）。 修改建议：在头信息中写明审核人和签发人（两人不能相同）。"
    ) in result.log
    ok = {
        DOC: policy(reviewed_by="李四", approved_by="赵六"),
        JD: interpretation(reviewed_by="王五", approved_by="赵六"),
    }
    assert build_site(write_site(tmp_path / "ok", ok, {"require_review": True})).ok


def test_scheduled_documents_wait_for_their_date(tmp_path: Path) -> None:
    files = {
        DOC: policy(),
        JD: interpretation(),
        "content/policies/later.md": policy(
            title="定时发布的通知", doc_number="平政办发〔2023〕90号", published="2023-09-01"
        ),
        "interpretations/later.md": interpretation(
            interprets="平政办发〔2023〕90号", title="定时发布的解读", published="2023-09-01"
        ),
    }
    site = write_site(tmp_path, files)
    os.environ["GONGBAO_AS_OF"] = "2023-06-30"
    try:
        before = build_site(site)
    finally:
        del os.environ["GONGBAO_AS_OF"]
    assert before.ok, before.log
    assert (
        "INFO: gongbao: 定时发布：content/policies/later.md（发布日期 2023-09-01）本次不发布。"
        in before.log
    )
    assert (
        "INFO: gongbao: 定时发布：interpretations/later.md（发布日期 2023-09-01）本次不发布。"
        in before.log
    )
    text = site_text(before.site)
    assert "定时发布的通知" not in text and "定时发布的解读" not in text
    index = tmp_path / "search-index"
    assert index.is_dir()
    from gongbao.core.search import SearchQuery
    from gongbao.core.search.whoosh.backend import open_index

    with open_index(index) as backend:
        assert backend.search(SearchQuery("定时发布")).total == 0

    after = build_site(write_site(tmp_path, files, {"as_of": "2023-09-01"}))
    assert after.ok
    assert "定时发布的通知" in after.read("policies/later.html")


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical_and_sources_untouched(tmp_path: Path) -> None:
    files = {
        DOC: policy(),
        JD: interpretation(),
        "content/pages/guide.md": "# 指南\n\n正文。\n",
    }
    site = write_site(tmp_path, files, site_url="https://zwgk.example.gov.cn/")
    sources = {name: _tree(site / name) for name in ("content", "interpretations")}
    first = build_site(site)
    assert first.ok, first.log
    snapshot = _tree(first.site)
    assert "<lastmod>2023-05-22</lastmod>" in first.read("sitemap.xml")
    time.sleep(1.1)
    second = build_site(site)
    assert second.ok
    assert _tree(second.site) == snapshot
    assert {name: _tree(site / name) for name in ("content", "interpretations")} == sources
    assert not (site / "gazette").exists()


def test_killed_build_leaves_previous_site_intact(tmp_path: Path) -> None:
    files: dict[str, str] = {}
    for n in range(1, 301):
        files[f"content/policies/d{n}.md"] = policy(
            title=f"文件{n}", doc_number=f"平政办发〔2023〕{n}号", body="政务公开。" * 400
        )
        files[f"interpretations/d{n}.md"] = interpretation(
            interprets=f"平政办发〔2023〕{n}号", title=f"解读{n}"
        )
    site = write_site(tmp_path, files)
    assert build_site(site).ok
    before = _tree(site / "site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=site,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    # Kill it once it is writing pages into its staging folder.
    while time.monotonic() < deadline and not list(
        tmp_path.glob(".gongbao-staging-site-*/policies")
    ):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert list(tmp_path.glob(".gongbao-staging-site-*")), "the build was not caught mid-way"
    assert _tree(site / "site") == before
    # The next build cleans up the leftover and succeeds.
    assert build_site(site).ok
    assert not list(tmp_path.glob(".gongbao-staging-site-*"))


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates(min_value=datetime.date(1, 1, 1)),
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
_keys = st.sampled_from(
    [
        "title",
        "标题",
        "doc_number",
        "issuer",
        "published",
        "发布日期",
        "written",
        "disclosure",
        "normative",
        "validity",
        "interpretation",
        "exempt_reason",
        "attachments",
        "id",
        "keywords",
        "allow_sensitive",
        "reviewed_by",
        "interprets",
        "form",
        "round",
        "unknown",
        "sections",
        "year",
        "number",
    ]
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    meta=st.dictionaries(_keys, _values, max_size=8),
    kind=st.sampled_from(["content", "interpretations", "gazette"]),
)
def test_random_front_matter_never_raises(tmp_path: Path, meta: dict[str, Any], kind: str) -> None:
    root = tmp_path / "prop"
    write_site(root, {})
    for folder in ("content/policies", "interpretations", "gazette"):
        for old in (root / folder).glob("x.md") if (root / folder).is_dir() else ():
            old.unlink()
    folder = {
        "content": "content/policies",
        "interpretations": "interpretations",
        "gazette": "gazette",
    }[kind]
    target = root / folder / "x.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n正文。\n", encoding="utf-8"
    )
    _, findings = check_site(Settings(root=root))
    for finding in findings:
        assert finding.format().startswith(f"{folder}/x.md")


def test_failed_build_publishes_neither_site_nor_index(tmp_path: Path) -> None:
    site = write_site(tmp_path, {DOC: policy(), JD: interpretation()})
    assert build_site(site).ok
    manifest = (tmp_path / "search-index" / "gongbao-index.json").read_bytes()
    page = (tmp_path / "site" / "policies/a.html").read_bytes()
    # A changed body and an unknown key: the warning aborts the --strict build at the end.
    (site / DOC).write_text(policy(body="改写后的正文。", publisher="x"), encoding="utf-8")
    failed = build_site(site)
    assert not failed.ok
    assert (tmp_path / "search-index" / "gongbao-index.json").read_bytes() == manifest
    assert (tmp_path / "site" / "policies/a.html").read_bytes() == page
    leftovers = (".gongbao-staging", ".gongbao-old", ".search-index")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(leftovers)] == []
