"""Build throwaway sites in ``tmp_path`` and run real MkDocs builds on them."""

from __future__ import annotations

import json
import logging
import textwrap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

BASE_CONFIG: dict[str, Any] = {
    "site_name": "测试站点",
    "docs_dir": "content",
    "use_directory_urls": False,
    "theme": {"name": "material", "language": "zh", "font": False},
    "markdown_extensions": [{"toc": {"permalink": True}}, "tables"],
    "validation": {
        "nav": {"omitted_files": "ignore"},
        "links": {"not_found": "warn", "anchors": "warn", "unrecognized_links": "warn"},
    },
}


def policy(
    title: str = "平凉市人民政府办公室关于印发平凉市2023年政务公开工作要点的通知",
    doc_number: str = "平政办发〔2023〕51号",
    published: str = "2023-05-22",
    body: str = "现将《平凉市2023年政务公开工作要点》印发给你们，请认真抓好贯彻落实。",
    **fields: Any,
) -> str:
    """A policy document source with the given fields."""
    meta: dict[str, Any] = {"title": title, "issuer": "平凉市人民政府办公室"}
    if doc_number:
        meta["doc_number"] = doc_number
    meta["published"] = published
    meta.update(fields)
    return source(meta, body)


def interpretation(
    interprets: str | list[str] = "平政办发〔2023〕51号",
    title: str = "《平凉市2023年政务公开工作要点》政策解读",
    published: str = "2023-05-22",
    body: str = "## 一、出台背景\n\n为深入贯彻落实政务公开工作部署，制定本要点。",
    **fields: Any,
) -> str:
    """An interpretation source."""
    meta: dict[str, Any] = {
        "title": title,
        "published": published,
        "issuer": "平凉市人民政府办公室",
        "interprets": interprets,
    }
    meta.update(fields)
    return source(meta, body)


def source(meta: dict[str, Any], body: str) -> str:
    """A Markdown source: YAML front matter, then the body."""
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{dumped}---\n\n{body}\n"


HOME = "---\ntitle: 首页\n---\n\n# 首页\n\n欢迎。\n"


def write_site(
    root: Path,
    files: Mapping[str, str | bytes],
    options: Mapping[str, Any] | None = None,
    **config: Any,
) -> Path:
    """Write ``mkdocs.yml`` and source files under ``root``; return ``root``."""
    cfg = {**BASE_CONFIG, **config}
    cfg["plugins"] = ["search", {"gongbao": dict(options or {})}]
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    all_files = {"content/index.md": HOME, **files}
    for name, text in all_files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(
                textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8"
            )
    return root


@dataclass
class BuildResult:
    """What a build did: success, everything MkDocs logged, and where the site is."""

    ok: bool
    log: str
    site: Path

    def read(self, path: str) -> str:
        """A built file's text."""
        return (self.site / path).read_text(encoding="utf-8")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.levelname}: {record.getMessage()}")


@contextmanager
def _collect_logs() -> Iterator[_Collect]:
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)


def build_site(root: Path, *, strict: bool = True) -> BuildResult:
    """Run a real ``mkdocs build`` (in process) on the site at ``root``."""
    cfg = load_config(str(root / "mkdocs.yml"), strict=strict)
    with _collect_logs() as logs:
        try:
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                build(cfg)
            finally:
                cfg.plugins.on_shutdown()
        except Abort:
            return BuildResult(False, "\n".join(logs.records), Path(cfg.site_dir))
    return BuildResult(True, "\n".join(logs.records), Path(cfg.site_dir))


def site_text(site: Path) -> str:
    """Every text file of a built site, concatenated (for "never leaked" assertions)."""
    chunks = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in {
            ".html",
            ".json",
            ".xml",
            ".txt",
            ".js",
            ".md",
        }:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".json":
            # Material writes its search index with \uXXXX escapes: decode them.
            text = json.dumps(json.loads(text), ensure_ascii=False)
        chunks.append(text)
    return "\n".join(chunks)
