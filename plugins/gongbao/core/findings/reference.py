"""The Chinese error reference: one entry per registered finding code, generated.

``docs/errors.md`` in this repository and the ``错误参考`` page that ``gongbao init`` ships are
this function's output (``tests/test_findings_registry.py`` keeps them equal), so the reference
can never miss a code or describe one that no longer exists.
"""

from __future__ import annotations

from gongbao.core.findings.catalogue import FAMILY_HEADINGS
from gongbao.core.findings.codes import REGISTRY, Code
from gongbao.core.findings.finding import Severity

__all__ = ["reference_markdown"]

_SEVERITY = {
    Severity.ERROR: "错误（构建失败）",
    Severity.WARNING: "警告（--strict 时构建失败）",
    Severity.NOTICE: "提示（记入构建日志，不使构建失败）",
}


def _entry(code: Code) -> str:
    return (
        f"### `{code.id}` {code.title}\n\n"
        f"- 级别：{_SEVERITY[code.severity]}\n"
        f"- 说明：{code.explanation}\n"
        f"- 修改方法：{code.fix}\n"
    )


def reference_markdown() -> str:
    """The whole reference page as Markdown, families in reference order."""
    parts = [
        "---\ntitle: 错误参考\n---\n\n# 错误参考\n\n"
        "构建（`mkdocs build`）和检查（`gongbao check`）报告的每一个问题都有一个代码，"
        "例如 `sync.missing`。每条消息都写明文件、行号、应为什么、实际是什么以及修改建议；"
        "本页按代码说明问题的含义和通常的改法。“错误”使构建失败，"
        "“警告”在 `mkdocs build --strict` 下同样使构建失败，“提示”只记入构建日志。\n"
    ]
    for family, heading in FAMILY_HEADINGS.items():
        codes = [code for code in REGISTRY.values() if code.family == family]
        if codes:
            parts.append(f"## {heading}\n\n" + "\n".join(_entry(code) for code in codes))
    return "\n".join(parts)
