"""Record pages' HTML parked on disk between MkDocs' two passes (see the plugin)."""

from __future__ import annotations

from pathlib import Path

from gongbao.mkdocs_plugin.parking import PageParking


def test_parked_html_comes_back_once_and_exactly(tmp_path: Path) -> None:
    parking = PageParking(tmp_path / ".gongbao-cache")
    pages = {
        "policies/a.md": "<h2>第一章 总则</h2>\n<p>" + "政务公开。" * 2000 + "</p>",
        "policies/b.md": "<p>𠀀 生僻字与 emoji 😀</p>",
        "interpretations/a.md": "",
    }
    for key, html in pages.items():
        parking.park(key, html)
    assert len(parking) == 3 and "policies/b.md" in parking
    # Taken in another order than parked, as MkDocs writes pages in nav order.
    for key in ("interpretations/a.md", "policies/b.md", "policies/a.md"):
        assert parking.take(key) == pages[key]
        assert key not in parking
        assert parking.take(key) is None
    assert parking.take("never-parked.md") is None
    # In the given folder, and already unlinked: nothing is left behind, even after a crash.
    assert (tmp_path / ".gongbao-cache").is_dir()
    assert list((tmp_path / ".gongbao-cache").iterdir()) == []
    parking.close()


def test_parking_again_replaces_and_close_forgets_everything(tmp_path: Path) -> None:
    parking = PageParking(tmp_path)
    parking.park("a.md", "<p>旧</p>")
    parking.park("a.md", "<p>新</p>")
    parking.park("b.md", "<p>乙</p>")
    assert parking.take("a.md") == "<p>新</p>"
    parking.close()
    assert len(parking) == 0 and parking.take("b.md") is None
    # Usable again after close (mkdocs serve rebuilds with the same plugin instance).
    parking.park("c.md", "<p>丙</p>")
    assert parking.take("c.md") == "<p>丙</p>"
    parking.close()
