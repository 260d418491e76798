"""What one sentence says by its own cues: a result reached, a task planned, or a problem
admitted. Used where the section around it states no role (a heading that names none,
a report without headings): the sentence is read for itself instead of skipped.

The cues are general: the marks of a completed action (完成, 实现, 建成, 同比增长…%, 了),
of a planned one (要, 将, 力争, 确保, 计划), and the words that admit a shortfall
(不足, 薄弱, 滞后, 有待, 尚未). A sentence that remedies a shortfall (加强薄弱环节, 补齐
短板) plans; one that names it as a state (产业结构不优) admits it.
"""

from __future__ import annotations

import re

from summarizer.core.types import Category

SHORTFALL = re.compile(
    r"不足|不够|不强|不高|不优|不快|不深|不实|不到位|不平衡|不充分|不完善|不健全|不匹配|薄弱|"
    r"滞后|短板|弱项|有待|亟待|亟需|尚未|尚不|还不|仍需|压力(?:较大|加大|增大)|较大压力|"
    r"难度(?:较大|加大)|欠缺|差距(?:较大|明显)|瓶颈|制约|偏低|偏弱|偏小|偏少|偏高|缺乏|"
    r"(?:问题|矛盾)(?:较为)?突出|隐患|困难较多|不容忽视"
)
# A sentence that sets out to remedy a shortfall plans; it does not admit one.
_REMEDY = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,4}?)(?:加强|补齐|补强|解决|破解|着力|推动|强化|提高|提升|完善|健全|"
    r"弥补|缩小|消除|化解|突破|针对|要|将|力争|确保|进一步)"
)
_DONE = re.compile(
    r"完成|实现|建成|竣工|达到|突破|累计|同比|比上年|较上年|[增提]长\d|下降\d|取得|获得|荣获|"
    r"获评|被评为|已经?|了(?=[，。；、]|$)|先后|共计|开通|投用|揭牌|办结|创成|通过验收"
)
_TO_DO = re.compile(
    r"(?<![需主重纲])要(?![求素点害闻])|(?<![即必])将(?![军近])|力争|确保|争取|计划|拟(?!定)|"
    r"预计|务必|必须|应当|下一步|今后|明年"
)
# Marks that a planned verb stands in an account of what was done (完成了…计划, 已…).
_PAST_MARK = re.compile(r"了(?=[，。；、]|$)|已经?|同比|比上年|较上年|累计")


def sentence_category(sentence: str) -> Category | None:
    """achievement, goal or problem by the sentence's own cues; None when it has none.

    A modal of intent (要, 将, 力争, 确保) makes a plan of the verb it governs (力争完成…),
    unless a mark of the past says the sentence reports (完成了…, 已…, 同比增长…).
    """
    if SHORTFALL.search(sentence) and not _REMEDY.match(sentence):
        return "problem"
    if _PAST_MARK.search(sentence):
        return "achievement"
    if _TO_DO.search(sentence):
        return "goal"
    if _DONE.search(sentence):
        return "achievement"
    return None
