"""Why a PDF could not be read or written, and the Chinese message an editor sees for it."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gongbao.core.errors import GongbaoError

__all__ = ["OperationError", "PdfError", "PdfErrorReason"]


class PdfErrorReason(enum.StrEnum):
    """Why a PDF could not be read or written (``PdfError.reason``)."""

    EMPTY = "empty"
    NOT_PDF = "not_pdf"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    LIMIT = "limit"
    TIMEOUT = "timeout"
    TOO_LARGE = "too_large"
    MEMORY = "memory"
    CRASHED = "crashed"
    UNREADABLE = "unreadable"
    UNWRITABLE = "unwritable"
    BAD_RANGE = "bad_range"


def _size(size: int) -> str:
    if size < 2**10:
        return f"{size} 字节"
    if size < 2**20:
        return f"{size / 2**10:.1f} KiB"
    return f"{size / 2**20:.1f} MiB"


def _message(reason: PdfErrorReason, shown: str, params: Mapping[str, Any]) -> str:
    p = f"PDF 文件 '{shown}'"
    match reason:
        case PdfErrorReason.EMPTY:
            return f"{p} 是空文件（没有任何内容），无法读取文本：请重新上传完整的文件。"
        case PdfErrorReason.NOT_PDF:
            return (
                f"{p} 不是 PDF 格式（开头没有 %PDF- 标记），无法读取文本："
                "请检查是否误存了网页或其他类型的文件。"
            )
        case PdfErrorReason.CORRUPT:
            return f"{p} 已损坏或不完整，无法读取文本：请重新导出或重新上传该文件。"
        case PdfErrorReason.ENCRYPTED:
            return f"{p} 已加密，无法读取文本：请提供未加密的版本。"
        case PdfErrorReason.LIMIT:
            return (
                f"{p} 超出了安全解析限制（可能是解压炸弹或结构异常），无法读取文本："
                "请检查文件来源并重新导出。"
            )
        case PdfErrorReason.TIMEOUT:
            return (
                f"{p} 处理超过 {params['timeout']:g} 秒仍未完成，已中止："
                "请检查该文件是否异常，或调大超时时间。"
            )
        case PdfErrorReason.TOO_LARGE:
            return (
                f"{p} 大小为 {_size(params['size'])}，超过上限 {_size(params['max_bytes'])}，"
                "未读取：请压缩或拆分该文件。"
            )
        case PdfErrorReason.MEMORY:
            return (
                f"{p} 处理时超出内存上限 {_size(params['max_memory'])}，已中止："
                "请检查该文件是否异常，或调大内存上限。"
            )
        case PdfErrorReason.CRASHED:
            return (
                f"{p} 处理进程意外退出（退出码 {params['exitcode']}），无法读取文本："
                "请检查该文件是否异常。"
            )
        case PdfErrorReason.UNREADABLE:
            return f"{p} 无法打开（{params['error']}）：请检查文件是否存在以及读取权限。"
        case PdfErrorReason.UNWRITABLE:
            return f"{p} 无法写入（{params['error']}）：请检查目标目录是否存在以及写入权限。"
        case PdfErrorReason.BAD_RANGE:
            return (
                f"{p} 共 {params['page_count']} 页，页码范围 {params['start']}-{params['end']} "
                "无效：起始页须从 1 开始且不大于结束页，结束页不能超过总页数。"
            )
    raise AssertionError(reason)  # pragma: no cover - the match above is exhaustive


class PdfError(GongbaoError):
    """A PDF could not be read, extracted or written.

    ``str(error)`` is one Chinese sentence naming the file (by its site-relative
    ``display_path`` when one was given) and telling the editor what to do.
    ``reason`` is a :class:`PdfErrorReason` value; ``detail`` holds the underlying
    technical message (for logs, not for editors).
    """

    def __init__(
        self,
        path: Path,
        reason: PdfErrorReason,
        *,
        display_path: str | None = None,
        detail: str = "",
        **params: Any,
    ) -> None:
        self.path = path
        self.reason: str = reason
        self.display_path = display_path if display_path is not None else str(path)
        self.detail = detail
        super().__init__(_message(reason, self.display_path, params))

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only arguments defeat Exception's default pickling (multiprocessing,
        # parallel builds): rebuild from the finished message instead.
        return (_restore_error, (self.path, self.reason, self.display_path, self.detail, str(self)))


def _restore_error(path: Path, reason: str, shown: str, detail: str, message: str) -> PdfError:
    error = PdfError.__new__(PdfError)
    Exception.__init__(error, message)
    error.path, error.reason, error.display_path, error.detail = path, reason, shown, detail
    return error


class OperationError(Exception):
    """Raised by an operation inside the child for a failure it has already classified.

    The child sends ``reason`` and ``params`` back; the parent raises the matching
    :class:`PdfError` (which needs the display path the child does not know).
    """

    def __init__(self, reason: PdfErrorReason, detail: str, **params: Any) -> None:
        super().__init__(detail)
        self.reason = reason
        self.params: dict[str, Any] = params
