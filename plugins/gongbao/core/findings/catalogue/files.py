"""Codes of published files: attachments and PDFs."""

from __future__ import annotations

from gongbao.core.findings.codes import declare
from gongbao.core.findings.finding import Severity

E = Severity.ERROR
W = Severity.WARNING

# --- 附件与 PDF ------------------------------------------------------------------------------

ATTACHMENT_PATH = declare(
    "attachment.path",
    E,
    "附件的路径无效",
    "附件必须位于 content/ 之内，且写成相对路径；指向项目之外的路径会泄露系统文件。",
    "把附件放在 content/ 中（通常与文件同目录），写相对路径，如 attachments: [附件1.pdf]。",
)
PDF_READ = declare(
    "pdf.read",
    E,
    "PDF 文件无法读取",
    "加密、损坏或不完整的 PDF 无法检查是否泄密，也无法编入全文检索。"
    "选项 pdf_errors: warn 可改为警告。",
    "按错误信息重新导出或上传该 PDF。",
)
PDF_WRITE = declare(
    "pdf.write",
    E,
    "无法生成带书签或裁切的公报 PDF",
    "公报 PDF 的书签和分篇 PDF 由构建生成，写入失败时不能发布不完整的文件。",
    "检查缓存目录（cache_dir）的写入权限和磁盘空间。",
)
CACHE_UNWRITABLE = declare(
    "cache.unwritable",
    W,
    "缓存目录无法写入",
    "缓存只为加快下一次检查和构建，结果不受影响；但每次都要重新读取全部源文件和 PDF。",
    "确认缓存目录（cache_dir，默认 .gongbao-cache）是可写的文件夹，或把 cache_dir 改到可写的位置。",
)
