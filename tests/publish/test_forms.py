"""The form presentations' text handling in memory: questions and answers, transcript turns."""

from __future__ import annotations

from gongbao.core.publish.generators.forms import questions, transcript


def test_questions_in_the_spellings_editors_use() -> None:
    markdown = (
        "现就有关问题解答如下。\n\n"
        "1.问：什么是政务新媒体？\n\n答：是指……\n\n"
        "**问：**谁负责管理？\n\n答：各级政府办公室。\n\n"
        "（三）Q3：怎样备案？\n\n答：在线填报。\n\n"
        "## 四、何时施行？\n\n答：自印发之日起。\n\n"
        "## 附则\n\n本问答由市政府办公室负责解释。"
    )
    intro, entries = questions(markdown)
    assert intro == "现就有关问题解答如下。\n"
    assert entries == [
        ("什么是政务新媒体？", "答：是指……"),
        ("谁负责管理？", "答：各级政府办公室。"),
        ("怎样备案？", "答：在线填报。"),
        # A heading that asks nothing is part of the answer before it.
        ("何时施行？", "答：自印发之日起。\n\n## 附则\n\n本问答由市政府办公室负责解释。"),
    ]
    assert questions("没有问题的正文。") == ("没有问题的正文。", [])


def test_each_speaker_of_a_transcript_is_set_apart() -> None:
    markdown = (
        "主持人：各位记者朋友，大家好。\n接着是同一段。\n\n"
        "【市发改委主任 张三】谢谢主持人。\n\n"
        "中央广播电视总台记者：请问……\n\n"
        "一、总体要求\n\n"
        "据介绍，全市已开通政务新媒体120个，其中：微信公众号80个。"
    )
    assert transcript(markdown) == (
        "**主持人：**各位记者朋友，大家好。\n接着是同一段。\n\n"
        "**市发改委主任 张三：**谢谢主持人。\n\n"
        "**中央广播电视总台记者：**请问……\n\n"
        "一、总体要求\n\n"
        "据介绍，全市已开通政务新媒体120个，其中：微信公众号80个。"
    )
