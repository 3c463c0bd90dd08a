"""Static SVG charts of the annual report, drawn with matplotlib: no JavaScript, and the same
figures give the same bytes (a fixed ``svg.hashsalt``, no creation date in the metadata).

Text stays text in the SVG (``svg.fonttype: none``), so the reader's browser draws the Chinese
labels with its own fonts and no font file is embedded.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from gongbao.core.errors import GongbaoError
from gongbao.core.report.annual import AnnualReport

__all__ = ["form_chart", "monthly_chart"]

_STYLE = {
    "svg.hashsalt": "gongbao",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": [
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "Microsoft YaHei",
        "PingFang SC",
        "DejaVu Sans",
    ],
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_COLOUR = "#b71c1c"


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise GongbaoError(
            "生成图表需要 matplotlib：运行 pip install 'gongbao[report]' 后重试。"
        ) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _svg(draw: Any) -> str:
    plt = _pyplot()
    with plt.rc_context(_STYLE), warnings.catch_warnings():
        # Without a CJK font installed, matplotlib measures Chinese with its fallback and says
        # so; the SVG keeps the text, which the browser draws.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        warnings.filterwarnings("ignore", message="findfont")
        figure, axes = plt.subplots(figsize=(7, 3.2), dpi=100)
        try:
            draw(axes)
            figure.tight_layout()
            out = io.StringIO()
            figure.savefig(out, format="svg", metadata={"Date": None})
        finally:
            plt.close(figure)
    return out.getvalue()


def monthly_chart(report: AnnualReport) -> str:
    """Documents published in each month of the year, as bars."""
    counts = [len(ids) for ids in report.monthly]

    def draw(axes: Any) -> None:
        months = [f"{n}月" for n in range(1, 13)]
        bars = axes.bar(months, counts, color=_COLOUR)
        axes.bar_label(bars, labels=[str(c) if c else "" for c in counts])
        axes.set_title(f"{report.year}年每月发布政策文件件数")
        axes.set_ylabel("件")
        axes.set_ylim(0, max([*counts, 1]) * 1.2)

    return _svg(draw)


def form_chart(report: AnnualReport) -> str:
    """解读 published in the year by form, as horizontal bars."""
    forms = list(report.by_form) or ["暂无"]
    counts = [len(report.by_form.get(form, ())) for form in forms]

    def draw(axes: Any) -> None:
        bars = axes.barh(forms[::-1], counts[::-1], color=_COLOUR)
        axes.bar_label(bars)
        axes.set_title(f"{report.year}年政策解读形式")
        axes.set_xlabel("件")
        axes.set_xlim(0, max([*counts, 1]) * 1.2)

    return _svg(draw)
