"""Codes of reading the site: its configuration, source files, front matter and fields."""

from __future__ import annotations

from gongbao.core.findings.codes import declare
from gongbao.core.findings.finding import Severity

E = Severity.ERROR
W = Severity.WARNING

# --- 站点配置 ---------------------------------------------------------------------------------

CONFIG_FILE = declare(
    "config.file",
    E,
    "站点配置文件缺失、无法解析或没有启用 gongbao",
    "gongbao 从 mkdocs.yml 读取源文件目录和插件选项；读不到就无法检查任何内容。",
    "在站点目录（mkdocs.yml 所在目录）中运行，或用 -f 指定 mkdocs.yml；在 plugins: 下加入 - gongbao。",
)
CONFIG_OPTION = declare(
    "config.option",
    E,
    "插件选项的取值无效",
    "选项取值决定检查规则和页面的生成方式，取值无效时构建不会猜测。",
    "按错误信息改正 mkdocs.yml 中 gongbao 插件的该选项；各选项见 README 的“插件选项”。",
)

# --- 源文件 -----------------------------------------------------------------------------------

SOURCE_OUTSIDE = declare(
    "source.outside",
    E,
    "源文件是指向项目之外的符号链接",
    "跟随这样的链接会把项目之外的文件（甚至系统文件）发布到网站上。",
    "把文件本身复制到项目中，不要用符号链接。",
)
SOURCE_BROKEN_LINK = declare(
    "source.broken_link",
    E,
    "符号链接指向的文件不存在",
    "断开的链接说明有文件漏提交或被移走，发布的内容会不完整。",
    "删除该符号链接，或把它指向的文件复制到这里。",
)
SOURCE_LOOP = declare(
    "source.loop",
    E,
    "符号链接形成循环",
    "循环的链接会让遍历目录永不结束。",
    "删除该符号链接，直接存放文件本身。",
)
SOURCE_NOT_REGULAR = declare(
    "source.not_regular",
    E,
    "源文件目录中有命名管道、设备或套接字",
    "读取命名管道会让构建永远等待，读取设备会把系统数据发布出去。",
    "删除它；源文件目录中只能放普通文件和文件夹。",
)
SOURCE_SIZE = declare(
    "source.size",
    E,
    "源文件过大",
    "超过 5 MB 的 Markdown 不像是一份公文，渲染它会拖垮构建。",
    "把超长内容拆分为多个文件，或作为附件（PDF）发布。",
)
SOURCE_READ = declare(
    "source.read",
    E,
    "源文件无法读取",
    "构建必须读到每一个源文件，才能保证不漏发、不错发。",
    "检查文件是否存在以及读取权限。",
)
SOURCE_ENCODING = declare(
    "source.encoding",
    E,
    "源文件不是 UTF-8 编码",
    "GBK/GB2312 文本按 UTF-8 读取会变成乱码。",
    "用编辑器把文件另存为 UTF-8 编码。",
)
SOURCE_BINARY = declare(
    "source.binary",
    E,
    "源文件含有空字符，不是文本文件",
    "二进制文件（如误改扩展名的 Word 文档）不能当作 Markdown 发布。",
    "换成真正的文本文件；Word 文档请另存为 Markdown 或作为附件。",
)

# --- 头信息 -----------------------------------------------------------------------------------

FRONTMATTER_UNCLOSED = declare(
    "frontmatter.unclosed",
    E,
    "头信息没有结束的 --- 行",
    "没有结束行时，整篇正文都会被当作头信息。",
    "在头信息最后一个字段之后单独写一行 ---。",
)
FRONTMATTER_SIZE = declare(
    "frontmatter.size",
    E,
    "头信息过大",
    "头信息是元数据，超过 64 KB 多半是把正文写进了头信息。",
    "正文应写在第二个 --- 之后。",
)
FRONTMATTER_KEYS = declare(
    "frontmatter.keys",
    E,
    "头信息的字段过多",
    "一份文件的元数据不过二三十个字段；成千上万个字段是错误或攻击，会拖慢检查和构建。",
    "删除多余的字段；正文应写在第二个 --- 之后。",
)
FRONTMATTER_YAML = declare(
    "frontmatter.yaml",
    E,
    "头信息不是合法的 YAML",
    "解析失败的头信息会让字段全部丢失，构建不会在缺字段的情况下发布。",
    "检查该行的缩进、冒号后的空格和引号是否成对；含冒号或 # 的取值请加引号。",
)
FRONTMATTER_NOT_MAPPING = declare(
    "frontmatter.not_mapping",
    E,
    "头信息不是“键: 值”的映射",
    "头信息写成列表或一段文字时，没有任何字段可读。",
    "每行写成 key: value 的形式，例如 title: 关于……的通知。",
)
FRONTMATTER_KEY_TYPE = declare(
    "frontmatter.key_type",
    E,
    "头信息的键不是文字",
    "YAML 会把 yes、2023 这样的键读成布尔值或数字，它们不是任何字段。",
    "键用英文字段名或中文别名，如 published 或 发布日期。",
)
FRONTMATTER_MISSING = declare(
    "frontmatter.missing",
    E,
    "政策文件、解读或公报期次没有头信息",
    "没有头信息就没有标题、发文机关和日期，无法发布。",
    "在文件开头加入头信息；如果这是普通页面（首页、指南），请把它放到 content/pages/ 下。",
)

# --- 字段 -------------------------------------------------------------------------------------

FIELD_UNKNOWN = declare(
    "field.unknown",
    W,
    "未知字段",
    "拼错的字段名会被忽略，它的取值不会出现在网站上（mkdocs build --strict 视为失败）。",
    "改成提示的已知字段名，或删除该行；已知字段见 README 的“内容模型”。",
)
FIELD_DUPLICATE = declare(
    "field.duplicate",
    E,
    "同一字段写了两次（中英文键名各一次）",
    "两个取值中只能有一个生效，构建不替编辑选择。",
    "中英文键名指同一字段，只保留一个。",
)
FIELD_VALUE = declare(
    "field.value",
    E,
    "字段取值不符合要求",
    "日期、公开属性、有效性等字段的取值决定文件是否发布、如何显示。",
    "按错误信息中的“应为”改写取值。",
)
FIELD_MISSING = declare(
    "field.missing",
    E,
    "缺少必填字段",
    "标题、发文机关、发布日期等是政府信息公开目录的必备要素。",
    "在头信息中加入错误信息给出的那一行。",
)
FIELD_DATES = declare(
    "field.dates",
    E,
    "发布日期早于成文日期",
    "文件不能在成文之前发布；日期倒置属于“伪造发稿日期”一类的严重问题。",
    "核对成文日期（written）和发布日期（published）。",
)
