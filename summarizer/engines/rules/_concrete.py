"""Is a clause a concrete claim? General cues, not phrases from particular reports.

Concrete (evals/GUIDELINES.md): a number (amount, count, percentage, rank, date), a named
thing (project, programme, plan or document title in 《》 or “”, place), or a discrete
completed or planned event. Method and attitude phrases and vague qualitative claims are
rhetoric.
"""

from __future__ import annotations

import re

_CN_DIGIT = "一二两三四五六七八九十百千万"
# A number with a unit or a count word: 21.17亿元, 6.4%, 29批, 1277名, 三个, 第一.
NUMBER = re.compile(
    rf"\d+(?:\.\d+)?\s*(?:%|‰|[亿万千百]|元|个|项|家|户|人|名|次|批|座|所|条|公里|千米|米|亩|"
    rf"吨|辆|套|间|张|台|千瓦|兆瓦|平方|立方|年|月|日|天|倍|位|级|类|件|场|期|笔|处|栋|块|部|册|本|"
    rf"头|只|匹|株|棵|kV|KV|kv|MW|G|A)|"
    rf"\d{{2,}}|\d+\.\d+|第[{_CN_DIGIT}\d]+|[{_CN_DIGIT}]+(?:个|项|家|批|所|条|座|大|类|次|种|支)"
)
# A title in 《》, or a quoted name long enough or typed as a name (a slogan like “三保”
# or “放管服” is not a named thing).
NAMED = re.compile(
    r"《[^》]{2,}》|“[^”]{5,}”|“[^”]{1,4}(?:行动|工程|计划|项目|节|会|赛|园|县|镇|村|基地|品牌|"
    r"示范|试点|年|馆|站|区)”"
)
# Places and institutions: proper-noun suffixes.
PLACE = re.compile(
    r"[\u4e00-\u9fff]{1,6}(?:县|市|区|镇|乡|村|州|省|沟|湖|河|江|山|寺|园区|景区|基地|小镇|"
    r"大桥|公路|铁路|机场|水库|电站|水电站|隧道|学校|医院|中心|公司|合作社|广场|园|馆|站)"
)
PROJECT = re.compile(
    r"项目|工程|示范|试点|规划|方案|条例|办法|机制|平台|基地|体系|品牌|认证|标准|景区"
)
# A discrete event: completed, approved, opened, founded, listed, won.
COMPLETED = re.compile(
    r"完成|建成|竣工|完工|投用|投入使用|投入运行|通车|开通|开工|获批|批复|通过|获得|获评|荣获|"
    r"授予|授牌|入选|列入|评为|认定|创建|挂牌|成立|组建|设立|签约|签订|出台|印发|发布|制定|编制|"
    r"实现|达到|突破|新增|新建|改造|实施|举办|引进|培育|落地|落户|上线|纳入|启动|争取到|增长|"
    r"下降|提高|提升至|位居|排名"
)
PLANNED = re.compile(
    r"力争|确保|推进|推动|加快|建设|打造|实施|启动|开工|完成|建成|举办|开展|落实|争取|引进|"
    r"创建|编制|制定|出台|培育|新建|改造|规划|组建|设立|申报|谋划|筹办|办好|做好|抓好|建立|"
    r"健全|完善|提升|扩大|实现|保持|控制|稳定|严守"
)
# Opening words of method/attitude phrases (rhetoric unless something concrete follows).
RHETORIC_LEAD = re.compile(
    r"^(?:坚持|始终|牢固树立|深入贯彻|认真贯彻|全面贯彻|深刻领会|以习近平|在.{0,12}(?:领导|指引)下|"
    r"围绕|立足|聚焦|按照|紧紧|坚决|大力弘扬|着眼|秉持|树牢|锚定|统筹|把|将|以|为)"
)
VAGUE_ONLY = re.compile(r"更加|不断|持续|稳步|明显|显著|进一步|日益|有效|有力|扎实|全面")


def concreteness(clause: str) -> int:
    """A score: numbers and names count most; verbs of events count when combined."""
    score = 0
    if NUMBER.search(clause):
        score += 3
    if NAMED.search(clause):
        score += 2
    if PLACE.search(clause):
        score += 1
    if PROJECT.search(clause):
        score += 1
    return score


def has_number(clause: str) -> bool:
    """Whether the clause carries a number with a unit or count."""
    return NUMBER.search(clause) is not None


# Political framing and slogans: not claims (evals/GUIDELINES.md, "rhetoric").
FRAMING = re.compile(
    r"之年|周年|精神|重要论述|重要讲话|重要指示|总要求|总体要求|指导思想|发展思路|发展定位|"
    r"规律性认识|重要原则|党代会|全会|会议|决策部署|以来|之路|大好优势|目标是$|要求是$"
)

# A discrete planned event: its clause names a deliverable even without a number.
EVENT = re.compile(
    r"建成|完成|开工|竣工|举办|召开|成立|组建|争创|创建|启动|开办|出台|编制|印发|投用|投入运行|"
    r"通车|挂牌|签约|落地|上线|开通"
)

# Improvement verbs: "make X better" names no deliverable unless a number or name follows.
IMPROVE_LEAD = re.compile(
    r"(?:进一步|持续|不断|全面|积极|大力|深入|切实|扎实|着力|有效|努力)?"
    r"(?:完善|健全|加强|深化|提升|提高|强化|优化|规范|巩固)"
)
