"""Codes of what bodies cite, and of interpretations' rounds and media."""

from __future__ import annotations

from gongbao.core.findings.codes import declare
from gongbao.core.findings.finding import Severity

E = Severity.ERROR
W = Severity.WARNING

# --- 引用 ------------------------------------------------------------------------------------

CITATION_UNRESOLVED = declare(
    "citation.unresolved",
    W,
    "正文引用的本站文号找不到对应的文件",
    "文号的发文机关代字是本站文件使用的（如本站有平政发〔2019〕3号，正文写了平政发〔2099〕8号），"
    "却找不到这份文件：多半是文号写错了，或被引用的文件还没有收录。国家和其他地方的文号不检查，"
    "早于本站该字号第一份文件年份的文号也不检查。",
    "核对文号；被引用的文件尚未收录时，把它加入 content/。",
)

# --- 解读轮次、解读形式 -----------------------------------------------------------------------

ROUND_ORDER = declare(
    "round.order",
    E,
    "后一轮解读的日期早于前一轮",
    "跟踪解读、多轮解读按发布先后编号：第2轮早于第1轮发布，读者看到的解读顺序就是错的。",
    "核对两份解读的 round（解读轮次）和 published（发布日期）。",
)
MEDIA_MISSING = declare(
    "round.media",
    E,
    "解读的视频、封面、字幕或图片文件找不到",
    "页面上的播放器或图片会是空的；文件必须放在 interpretations/ 中，随网站一起发布。",
    "把文件放在解读同目录（或其子目录）中，写相对路径，如 video: 解读视频.mp4。",
)
