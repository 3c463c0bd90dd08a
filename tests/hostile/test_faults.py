"""Faults end in one sentence and never hide the first error.

Folders that cannot be written are made here by putting a file where the folder must be: the
same ``OSError`` a read-only folder gives, and it holds for root too (tests run as root in CI,
where permission bits do not stop a write).
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from gongbao.core.config.settings import Settings
from gongbao.core.publish.pipeline import plan_site
from gongbao.core.search.background import IndexBuild
from gongbao.server.app import make_app
from tests.sites import interpretation, policy, write_site


def _site(tmp_path: Path, options: dict[str, object] | None = None, **config: object) -> Path:
    return write_site(
        tmp_path / "site",
        {"content/policies/a.md": policy(), "interpretations/a.md": interpretation()},
        options,
        **config,
    )


def _run(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=site,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_a_cache_folder_that_cannot_be_written(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site / ".gongbao-cache").write_text("not a folder", encoding="utf-8")
    line = (
        ".gongbao-cache: 缓存目录 .gongbao-cache 无法写入（File exists），本次未保存缓存；检查结果不受影响。"
        " 修改建议：确认它是一个可写的文件夹，或在 mkdocs.yml 中把 cache_dir 改到可写的位置。"
    )
    check = _run(site, "gongbao", "check")
    assert check.returncode == 0 and line in check.stderr
    from gongbao.core.publish.pipeline import check_site

    found = check_site(Settings(root=site, content_dir="content"))[1]
    assert [f.code for f in found] == ["cache.unwritable"]
    assert _run(site, "gongbao", "check", "--strict").returncode == 1
    build = _run(site, "mkdocs", "build")
    assert build.returncode == 0 and line in build.stderr and "Traceback" not in build.stderr
    assert (site / "site/policies/a.html").is_file()


def test_a_site_folder_that_cannot_be_made(tmp_path: Path) -> None:
    site = _site(tmp_path, site_dir="blocked/site")
    (site / "blocked").write_text("x", encoding="utf-8")
    build = _run(site, "mkdocs", "build", "--strict")
    assert build.returncode == 1 and "Traceback" not in build.stderr
    assert (
        f"gongbao: 无法在 {site / 'blocked'} 中准备新网站的临时目录（File exists）。"
        "修改建议：确认该目录存在且可写，或在 mkdocs.yml 中把 site_dir 改到可写的位置。"
    ) in build.stderr


def test_an_index_folder_that_cannot_be_written(tmp_path: Path) -> None:
    site = _site(tmp_path, {"search_index_dir": "blocked/index"})
    (site / "blocked").write_text("x", encoding="utf-8")
    build = _run(site, "mkdocs", "build", "--strict")
    assert build.returncode == 1 and "Traceback" not in build.stderr
    assert (
        f"gongbao: 全文索引生成失败：索引目录 {site / 'blocked/index'} 无法写入（" in build.stderr
    )
    assert not (site / "site").exists()  # the previous site (none) is left as it was


def test_cancelling_an_index_build_whose_child_has_died(tmp_path: Path) -> None:
    site = _site(tmp_path)
    settings = Settings(root=site, as_of=datetime.date(2024, 1, 1))
    plan = plan_site(settings)
    build = IndexBuild(plan, settings, tmp_path / "index", ())
    process = build._process
    assert process is not None, "the index is built in a forked child here"
    process.kill()
    process.join()
    time.sleep(0.1)
    build.cancel()  # used to raise EOFError, hiding the error that made the build stop
    assert not (tmp_path / "index").exists()


def _recorder(seen: list[str]) -> Any:
    def start_response(status: str, headers: object, exc_info: object = None) -> None:
        seen.append(status)

    return start_response


def test_malformed_numbers_are_400_not_500(tmp_path: Path) -> None:
    app = make_app(tmp_path, tmp_path / "no-index")
    for query in ("q=x&page=²", "q=x&year=²", "q=x&page_size=①", "q=x&page=-1", "q=x&page=9999999"):
        for path in ("/api/search", "/search"):
            seen: list[str] = []
            environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query}
            body = b"".join(app(environ, _recorder(seen)))
            assert seen == ["400 Bad Request"], (path, query)
            assert "必须是不超过 6 位的数字" in body.decode("utf-8")


def test_today_comes_from_the_configured_time_zone(tmp_path: Path) -> None:
    # 2024-01-01T12:30 UTC is 20:30 on the same day in Shanghai, and already the 2nd at +14.
    settings = Settings(root=tmp_path)
    assert settings.time_zone == "Asia/Shanghai"
    env_tz = os.environ.get("TZ")
    try:
        for zone in ("Pacific/Kiritimati", "Etc/GMT+11", "UTC"):
            os.environ["TZ"] = zone
            time.tzset()
            today = datetime.datetime.now(datetime.UTC).astimezone()
            assert (
                settings.today()
                == datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
            ), (zone, today)
    finally:
        if env_tz is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = env_tz
        time.tzset()
