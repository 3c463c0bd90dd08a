"""Codes of the publishing gate: leaks, unsafe markup and 先审后发."""

from __future__ import annotations

from gongbao.core.findings.codes import declare
from gongbao.core.findings.finding import Severity

E = Severity.ERROR
W = Severity.WARNING

# --- 信息泄密与网页安全 --------------------------------------------------------------------------

LEAK_PERSONAL = declare(
    "leak.personal",
    E,
    "疑似个人信息（身份证号、手机号、银行卡号）",
    "政府网站不得泄露个人隐私；一旦发布即被搜索引擎收录。",
    "删除或改写该内容；确需公开的（如单位办公电话），在头信息 allow_sensitive 中列出该值并写明理由。",
)
LEAK_CLASSIFIED = declare(
    "leak.classified",
    E,
    "出现密级标志",
    "泄露国家秘密是政府网站检查的单项否决项。",
    "涉密信息不得在互联网发布：撤下该文件并按保密规定处理，确认已解密后删除密级标志。",
)
HTML_UNSAFE = declare(
    "html.unsafe",
    E,
    "正文含有不允许的 HTML 标签、属性或链接",
    "页面只允许一份白名单内的标签和属性（见 docs/markup.md）：脚本、事件属性、样式和 javascript:"
    " 链接会在读者的浏览器中运行或伪造页面内容，属性列表 {: } 也不例外。构建不会自动删改公文，只会拒绝。",
    "删除该 HTML 或属性；需要表格、上标等请用 Markdown 或白名单内的 HTML。要显示尖括号 <，请写成 \\< 或 &lt;。",
)
HTML_TIMEOUT = declare(
    "html.timeout",
    E,
    "一个页面的 Markdown 转换超时",
    "大量嵌套的 [ 或 < 会让 Markdown 转换耗时数分钟；超时即停止构建，以免发布流程被一个文件拖住。",
    "检查该文件是否有成串未配对的 [、( 或 <（常见于从其他系统粘贴的内容），删除或放入代码块；"
    "确属正常的超长页面，可调大插件选项 markdown_time_limit。",
)

# --- 先审后发 ---------------------------------------------------------------------------------

REVIEW_MISSING = declare(
    "review.missing",
    E,
    "先审后发：缺少审核人或签发人",
    "require_review 开启时，每份发布的材料都要写明审核人和签发人。",
    "在头信息中写明 reviewed_by（审核人）和 approved_by（签发人），两人不能相同。",
)
REVIEW_SAME_PERSON = declare(
    "review.same_person",
    E,
    "先审后发：审核人与签发人是同一人",
    "分级审核要求两个人把关。",
    "签发人应为审核人之外的负责人。",
)
