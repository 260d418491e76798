"""Is a clause a concrete claim? General cues, not phrases from particular reports.

Concrete (evals/GUIDELINES.md): a number (amount, count, percentage, rank, date), a named
thing (project, programme, plan or document title in 《》 or “”, place), or a discrete
completed or planned event. Method and attitude phrases, slogans and vague qualitative
claims are rhetoric.
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.core.types import Category

_CN_DIGIT = "一二两三四五六七八九十百千万"
# A number with a unit or a count word: 21.17亿元, 6.4%, 29批, 1277名, 三个, 第一.
NUMBER = re.compile(
    rf"\d+(?:\.\d+)?\s*(?:%|％|‰|[亿万千百]|元|个|项|家|户|人|名|次|批|座|所|条|公里|千米|米|亩|"
    rf"吨|辆|套|间|张|台|千瓦|兆瓦|平方|立方|年|月|日|天|倍|位|级|类|件|场|期|笔|处|栋|块|部|册|本|"
    rf"头|只|匹|株|棵|斤|号|kV|KV|kv|MW|G|A)|"
    rf"\d{{2,}}|\d+\.\d+|第[{_CN_DIGIT}\d]+|首(?:家|批|个|届|座|条|次)|(?!一批|一件事|一个)[{_CN_DIGIT}]+(?:个|项|家|批|所|条|座|大|类|次|种|支|件|台|辆)|"
    # Written out in characters, as older reports do: 百分之五十一, 二千一百万吨, 十二年.
    rf"百分之[{_CN_DIGIT}零〇点]+|[{_CN_DIGIT}零〇点]{{2,}}(?:吨|元|公里|千米|米|亩|人|户|年|倍|所|座|条|台|辆|"
    rf"千瓦|公顷|斤|头|项|个|家)|[{_CN_DIGIT}]倍|(?:上|近|数|几)[十百千万亿]{{1,2}}(?![^，。]*[年月])"
)
# An Arabic number: stronger evidence than a Chinese count word (三个方面, 两个领域).
DIGITS = re.compile(r"\d")
# A title in 《》, or a quoted name long enough or typed as a name (a slogan like “三保”
# or “放管服” is not a named thing).
NAMED = re.compile(
    r"《[^》]{2,}》|“[十]?[一二三四五六七八九十]五”|“[^”]{5,}”|“[^”]{1,4}(?:行动|工程|计划|项目|节|会|赛|园|县|镇|村|基地|品牌|"
    r"示范|试点|年|馆|站|区|市|城)”"
)
# A short quoted name typed by the word after it: “综合窗口”改革, “无废城市”建设. Weaker than
# a title: an improvement verb in front (深化“放管服”改革) makes it a method, not a deliverable.
NAMED_BY_TYPE = re.compile(
    r"“[^”]{2,6}”(?:[\u4e00-\u9fff]{0,4})(?:改革|行动|工程|计划|规划|项目|活动|试点|平台|品牌|"
    r"工作法|模式|体系|基地|建设|创建)"
)
# A reform named by a slogan: “三变”改革, “2+1”财政综合管理改革.
SLOGAN_REFORM = re.compile(r"”(?:[\u4e00-\u9fff]{0,6})改革$")
# A practice rolled out under its quoted name: 全面推行“掌上办”“一次办”.
ROLL_OUT = re.compile(r"^[\u4e00-\u9fff]{0,4}?推行“")
# Slogans in quotes: numbered formulas (“三个意识”, “五大环境”, “一村一策”, “22445”,
# “2+3+15+N”), '+' formulas (“互联网+政务服务”) and lists of short parallel phrases
# (“保安全、保健康、保教学”). A five-year plan (“十五五”, “八五”普法) is a name, not a slogan.
_FIVE_YEAR = re.compile(r"“[十]?[一二三四五六七八九十]五”")
_SLOGAN = re.compile(
    rf"“(?:[{_CN_DIGIT}双]{{1,2}}(?:个|大|项|种|条|类|张|件|化|型|不)?[^”]{{0,5}}(?<!行动|工程|计划|项目)|"
    r"[\d+＋N、.·\s]+|[^”]*[+＋][^”]*|[^”、，]{1,4}(?:[、，][^”、，]{1,4})+)”"
)
# Places and institutions: proper-noun suffixes. Common nouns ending in the same
# characters (城乡, 乡村, 农村, 社区, 市场…) are no places.
_PLACE_SUFFIX = (
    r"(?:(?:县|市(?!场)|区(?!域|块)|镇|乡(?![村镇])|村(?!庄|镇|落|民|居|容|貌)|"
    # A level (县级, 市级), an office (市政府, 河长制) or public works (市政) is no place.
    r"州|省|沟|湖|河|江|山|岛|街(?!头|巷))(?![级政长直属委])|寺|园区|景区|基地|小镇|大桥|公路|铁路|机场|水库|电站|水电站|隧道|学校|医院|"
    r"大学(?!生)|学院|研究院|研究所|实验室|"
    r"中心|公司|合作社|广场|园|馆|站|口岸|码头|班列|管网|商圈|街区|商业街|步行街|中学(?!生)|(?<!中)小学(?!生))"
)
# The name in front of the suffix: one to six characters, not opening right after one of
# these (城乡/社区/全县 words, or a place word itself).
_PLACE_NOT_AFTER = "城农社园山牧景辖地各全我本县市区乡镇"
PLACE = re.compile(rf"(?<![{_PLACE_NOT_AFTER}])[\u4e00-\u9fff]{{1,6}}?{_PLACE_SUFFIX}")
# The same test, faster (``has_place``): every position where a suffix starts, then the
# name in front of it checked by hand.
_PLACE_SUFFIX_AT = re.compile(rf"(?={_PLACE_SUFFIX})")
_NOT_AFTER = frozenset(_PLACE_NOT_AFTER)


def has_place(text: str) -> bool:
    """``PLACE.search(text) is not None``, without the regex's backtracking over every
    name length at every position."""
    for m in _PLACE_SUFFIX_AT.finditer(text):
        end = first = m.start()
        # The run of up to six characters in front of the suffix.
        while first > 0 and end - first < 6 and "\u4e00" <= text[first - 1] <= "\u9fff":
            first -= 1
        for start in range(first, end):
            if start == 0 or text[start - 1] not in _NOT_AFTER:
                return True
    return False


_COMMON_PLACE_WORD = re.compile(
    # A kind of place, not a place: 特色小镇, 品牌学校, 美丽乡村.
    r"(?:特色|美丽|智慧|品牌|标准化|现代|新型|精品|和美)[\u4e00-\u9fff]{0,2}(?:小镇|乡村|学校|医院|城市|农村|园区|基地)|"
    r"[沿临滨](?:江|河|湖|海|山)|矿山|山水|城乡|乡村|农村|社区|城市|市场|地区|园区|景区|山区|牧区|农区|县域|市域|区域|全[县市区乡镇省]|"
    r"县城|城镇|集镇|山水|[和与及、]省|强[县市区省]|"
    r"我[县市区]|县乡|乡镇|市县|区县|省市|省区|各县|各地|边境地区|中心城区|城区|校园|家园|田园"
)
# A discrete event: completed, approved, opened, founded, listed, won.
COMPLETED = re.compile(
    r"完成|建成|竣工|完工|投用|投入使用|投入运行|通车|开通|开工|获批|批复|通过|获得|获评|荣获|"
    r"授予|授牌|入选|入围|列入|列为|评为|认定|创建|挂牌|成立|组建|设立|签约|签订|签署|出台|印发|"
    r"发布|制定|编制|实现|达到|突破|新增|新建|改造|实施|举办|召开|引进|培育|落地|落户|上线|纳入|"
    r"启动|启用|争取到|提升至|位居|位列|排名|名列|升级为|升格为?|晋升为?|揭牌|投产|推广|互访|贯通|命名为|创成|"
    r"(?:实体化|正式)运行|成功地?(?:进行|研制|发射|举行)|发射了|"
    r"率先"
)
PLANNED = re.compile(
    r"力争|确保|推进|推动|加快|建设|打造|实施|启动|开工|完成|建成|举办|开展|落实|争取|引进|"
    r"创建|编制|制定|出台|培育|新建|改造|规划|组建|设立|申报|谋划|筹办|办好|做好|抓好|建立|"
    r"健全|完善|提升|扩大|实现|保持|控制|稳定|严守|升级|策划|试点|试行|力促|促成|扶持|支持"
)
# Opening words of method/attitude phrases (rhetoric unless something concrete follows).
RHETORIC_LEAD = re.compile(
    r"^(?:尽管|虽然|属于|(?:他们|它们?|他|她)(?!们的)|我们(?:愿意|支持|赞成|反对|希望))|"
    r"^(?:我们(?:必须|要|将|始终)?)?(?:坚持(?!不懈)|始终|根据|牢固树立|深入贯彻|认真贯彻|全面贯彻|深刻领会|"
    r"深刻领悟|深入学习|以习近平|在.{0,12}(?:领导|指引)下|(?:重点)?围绕|紧紧围绕|立足|(?:重点)?聚焦|聚力|按照|紧紧|紧盯|紧抓|"
    r"坚决|坚定|忠诚|学习运用|大力弘扬|着眼|秉持|树牢|锚定|统筹|把握|对标|依托|通过|增强|做到|把|将|以|为)"
)
# What is built on or made of a thing is a deliverable, not a method: 依托拉萨高新区打造
# 数字经济集聚区, 将…旅游区打造为自治区精品旅游区.
BUILD_ON = re.compile(r"^(?:依托|将|把)[^，,；;。]{2,20}?(?:打造|建成|建设成)")

# A time and nothing else: 截至2022年6月末, 2021年至2022年6月, 相比2012年, 到2021年.
_DATE = r"\s*\d{4}\s*年(?:\d{1,2}月)?(?:底|末|初|以来)?"
_TIME_ONLY = (
    rf"(?:刚刚|截至|截止|到|至|相比|与|比|从|自)?(?:过去的)?{_DATE}(?:(?:至|到|—|-){_DATE})?"
)

# Political framing and slogans: not claims (evals/GUIDELINES.md, "rhetoric").
FRAMING = re.compile(
    r"之年|周年|精神|重要论述|重要讲话|重要指示|总要求|总体要求|指导思想|思路|发展定位|"
    r"规律性认识|重要原则|党代会|全会|会议|决策部署|以来|之路|大好优势|目标是$|要求是$|"
    r"机遇|契机|成绩的取得|^回首|^回顾|^\d{4}年(?:是|必将是|将是)|^是|一年$|"
    rf"[{_CN_DIGIT}]+个?方面|理念$|由表及里|走深走实|提质增效$|见成效$|"
    r"[获幸安]得感|新台阶|新进步|新成效|显著成效|突破前行|如下$|"
    # The document speaking of itself: 制定本工作要点, 本方案.
    r"本(?:工作要点|要点|方案|计划|意见|办法|规划|通知)$|"
    # A time alone (刚刚过去的2018年, 到2021年), a judgement (这是…, 也是…), a maxim (没有…不了的…).
    rf"^{_TIME_ONLY}$|"
    r"^(?:这|也|这也)是|没有[^，。]{1,8}不了|"
    # The period named for what it is (今后五年是…决胜期, 把2019年作为…年), the national goal of
    # an era (全面建成小康社会).
    r"是[^，。]{0,16}(?:期|阶段)$|^把\d{4}年(?:作为|定为)|小康社会|代表大会$|"
    # Where a period starts (从…开始), a line to follow (…的总路线).
    r"^从[^，。]{2,16}(?:开始|起)$|路线$|"
    # A statement of what something is (第三世界是…主力军) claims neither a result nor a task.
    r"^[\u4e00-\u9fff“”]{2,16}是(?!要|加快|推进|实现|确保)[\u4e00-\u9fff“”、]{2,}$"
)
# A count of kinds announcing the list after it (抓好四个重点, 完善四大体系, 提高六种能力).
LIST_HEADER_COUNT = re.compile(
    r"^[\u4e00-\u9fff]{0,6}?[一二三四五六七八九十两]+(?:个|大|项|种)"
    r"(?:重点|体系|工程|形式|能力|基地|协会|任务|行动|机制|工作|方面|领域|环节|障碍|建设)$"
)
# A note in brackets standing alone: who is responsible, where it comes from.
ANNOTATION = re.compile(r"[（(][^（）()]*[）)]")
# A pledge with nothing of its own (确保如期开工建设, 力争早日落地开工): it speaks of the task
# before it.
BARE_PLEDGE = re.compile(r"^(?:确保|力争|争取|努力)[^\d《“，]{0,8}$")

# A discrete planned event: its clause names a deliverable even without a number.
EVENT = re.compile(
    r"建成|完成|开工|竣工|举办|召开|成立|组建|争创|创建|启动|开办|出台|编制|印发|投用|投入运行|"
    r"通车|挂牌|上线|开通|出版|发行|承办|首届|制定|立法"
)

# A thing built, set up or launched, named by the kind of thing it is (建设…卫星通信系统,
# 打造…产业集群, 推出一批…案例): a deliverable, unlike an improvement of a level or a way of
# working (提升…水平, 完善…机制).
BUILT_THING = re.compile(
    r"^[\u4e00-\u9fff]{0,4}?(?:建设|打造|建成|布局|搭建|推出|培育|新建|组建|开设|配置|部署)"
    # What it is, in five characters or more: 标杆企业 or 创新发展平台 names no particular one.
    r"[^，；。]{5,30}"
    r"(?:系统|平台|集群|中心|基地|网络|设施|工程|项目|企业|社区|空间|实验室|智能体|模型|场景|"
    r"产品|案例|示范区|集聚区|园)$"
)
_QUOTES = re.compile(r"[“”]")
# A smart or digital system built under its name: 智慧城市建设, 数字林芝、智慧城市建设.
SMART_BUILD = re.compile(
    r"(?:智慧|数字)[\u4e00-\u9fff]{2,4}(?:、(?:智慧|数字)[\u4e00-\u9fff]{2,4})*建设$"
)

# Improvement verbs: "make X better" names no deliverable unless a number or name follows.
IMPROVE_LEAD = re.compile(
    r"(?:进一步|持续|不断|全面|积极|大力|深入|切实|扎实|着力|有效|努力)?"
    r"(?:完善|健全|加强|深化|提升|提高|强化|优化|规范|巩固|建立健全)"
)
# A programme launched or set up: 实施…工程, 开展…专项行动, 建立…机制, 构建…平台. The
# object's type names the deliverable even where its name carries no number or quote.
PROGRAMME = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,4}?)(?:实施|开展|启动|建立|构建|搭建|推行|试点|试行|开办|设立)"
    r"(?!健全)[^，；。]{2,40}(?:工程|行动|专项整治|专项治理|整治|平台|体系|试点|计划|制度|机制|"
    r"改革|普查|调查|清单|示范区|基地|中心|联盟|智库|门店|项目|规划纲要|实施方案|办法|库|市场|标准|"
    r"细则|目录|名录)$|"
    r"^(?:[\u4e00-\u9fff]{0,4}?)(?:申报|推进|建设)[^，；。]{2,40}(?:工程|项目|项目建设|试点)$|"
    # A plan carried out under its name: 持续推进全民参保计划, 落实…就业支持计划.
    r"^(?:[\u4e00-\u9fff]{0,4}?)(?:推进|落实)[^，；。]{2,40}计划$"
)
# A system built up, named by its type only (构建…循环利用体系); one with counted tiers
# (构建三级数字化诊疗体系) is counted.
SYSTEM_BUILD = re.compile(
    rf"^[\u4e00-\u9fff]{{0,4}}?构建(?![^，；。]*[{_CN_DIGIT}]级)[^，；。\d]+体系$"
)
# A pledge to implement policies or requirements in general: method, not a deliverable.
_IMPLEMENT_GENERAL = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,4}?)(?:落实|贯彻|执行|践行|对照)[^《]*(?:要求|部署|举措|措施|政策|理念|模式|"
    r"精神|责任|任务|制度|长制)$|"
    # Carrying out a rule already in force under its short name (落实“水十条”).
    r"^(?:[\u4e00-\u9fff]{0,4}?)(?:落实|贯彻|执行)[^，；。]{0,8}“[^”]{1,8}”$"
)


# Named instances of a type: 藏博会、西洽会等平台, 帕孜等水利项目 (等 after names, then the type).
NAMED_INSTANCES = re.compile(
    r"[\u4e00-\u9fff（）()]{2,}(?:[、和][\u4e00-\u9fff（）()]{2,})*等[\u4e00-\u9fff]{0,6}?"
    r"(?:项目|工程|平台|活动|赛事|品牌|景区|节会|场景|应用|模型|智能体|企业|公司)|"
    # Named as the example of its kind: 以来福汽车照明为代表的高端装备制造产业.
    r"以[\u4e00-\u9fff]{2,12}为代表的"
)
# A target or result quantified without digits: 全覆盖, 清零, 翻一番, 零审批, 未发生…; and a
# pilot, a discrete deliverable of its own (试点开展…, 试行…).
QUANTIFIED = re.compile(
    r"全覆盖|清零|翻一?番|零(?:审批|引进|事故|死亡|发生|的突破|增长|容忍|新增)|未发生|"
    r"^[\u4e00-\u9fff]{0,2}?(?:试点|试行)"
)
# A rank among peers: 名列全市前茅, 位列全区前列, 成为全国先进典型.
# A campaign with a set term: 治本攻坚三年行动, 提升行动质量三年行动计划.
TERM_CAMPAIGN = re.compile(rf"[{_CN_DIGIT}]+年(?:行动|计划|规划)")
TITLE_BID = re.compile(r"(?:创建|争创|申报创建)(?:工作)?$")
RANKED = re.compile(r"全[国省区市州县](?:前列|前茅|第[一二三]|首位|先进典型|典型|示范)")


# Progress on a named place or project counts as a result: 扎拉电站建设有序推进.
_PROGRESS = re.compile(r"有序推进|稳步推进|加快推进|扎实推进|顺利推进|进展顺利|试点|互访|升级为")


ONGOING_LEAD = re.compile(
    r"^(?:不断|持续|深入|进一步|全面|大力|扎实|积极|常态化|科学|因地制宜|认真|切实|着力)"
)
_WE = re.compile(r"^我们")
_QUOTED_OR_BRACKETED = re.compile(r"“[^”]*”|（[^）]*）|\([^)]*\)")


# A base laid or a growth wished for, with no figure: 夯实…基础, 大幅增长.
VAGUE = re.compile(
    r"^[\u4e00-\u9fff]{0,4}?夯实.{0,12}基础$|大幅(?:度)?(?:增长|提升|提高|下降|增加)$|"
    r"各项[\u4e00-\u9fff]{0,6}任务$|"
    # Bringing a strength or a role into play: 充分发挥…积极性, 发挥…作用.
    r"^[\u4e00-\u9fff]{0,4}?发挥[^，；。]*(?:积极性|作用|优势)$"
)


# A strategy carried on (深入实施“制造强市”战略, 实施乡村振兴战略): a method, not a deliverable.
_STRATEGY = re.compile(
    r"^(?:我们)?[\u4e00-\u9fff]{0,4}?(?:实施|推进|落实|践行)[^，；。\d]{1,20}战略$"
)


# A count of three or more phrases just listed (源头治理、排查调处、集体会商三个环节): it
# counts the list, not a target or a result. Two named things counted (金沙湾、老城区两大商圈)
# stay concrete.
_LIST_COUNT = re.compile(
    rf"(?:[\u4e00-\u9fff]{{2,6}}、){{2,}}[\u4e00-\u9fff]{{2,6}}(?P<count>等?[{_CN_DIGIT}]+(?:个|种|项|大|类|条))"
)


# A tempo formula: 早落地、早开工、早见效 urges speed and names no deliverable.
_TEMPO = re.compile(r"早[\u4e00-\u9fff]{2}(?:、早[\u4e00-\u9fff]{2})+")


def _mask_formulas(clause: str) -> str:
    """The clause with list counts and tempo formulas blanked out (same length)."""

    def blank(m: re.Match[str]) -> str:
        cut = m.start("count") - m.start()
        return m.group(0)[:cut] + "□" * len(m.group("count"))

    return _TEMPO.sub(lambda m: "□" * len(m.group(0)), _LIST_COUNT.sub(blank, clause))


def mask_slogans(clause: str) -> str:
    """The clause with slogan quotes blanked out (same length), so that “三个意识” counts
    neither as a number nor as a named thing."""

    def blank(m: re.Match[str]) -> str:
        if _FIVE_YEAR.fullmatch(m.group(0)):
            return m.group(0)
        return "□" * len(m.group(0))

    return _SLOGAN.sub(blank, clause)


# The last few answers are kept: the rules and the clause model ask about the same clause
# one after the other.
@lru_cache(maxsize=8)
def is_place(clause: str) -> bool:
    """Whether the clause names a place or an institution, not just 城乡/乡村/社区."""
    return has_place(_COMMON_PLACE_WORD.sub("□", clause))


# A name in quotes or a title (“数字丝绸之路”, 《…精神…》): what it says is a name, not framing.
# It is read as a run of plain characters (某), so that framing around it still shows.
_NAMES = re.compile(r"“[^”]{2,}”|《[^》]{2,}》")


def _blank(m: re.Match[str]) -> str:
    return m.group(0)[0] + "某" * (len(m.group(0)) - 2) + m.group(0)[-1]


def is_claim_form(clause: str) -> bool:
    """Whether ``clause`` has the form of a claim at all: not a fragment, framing, a time
    alone, a bare pledge, the count of a list that follows or a note in brackets. What
    fails here is never an item, whoever judges the rest (``is_concrete``, the clause
    model)."""
    return not (
        len(clause) < 6
        or FRAMING.search(_NAMES.sub(_blank, clause))
        or BARE_PLEDGE.match(clause)
        # 抓好四个重点, 实施三项工程: the count of a list that follows, not a deliverable.
        or LIST_HEADER_COUNT.search(clause)
        # (责任部门：…) / （牵头单位：…）: who does it, said beside the task.
        or ANNOTATION.fullmatch(clause)
    )


def is_concrete(clause: str, category: Category) -> bool:
    """Whether ``clause`` states a concrete claim of ``category`` (achievement or goal)."""
    return is_claim_form(clause) and is_concrete_claim(clause, category)


def is_concrete_claim(clause: str, category: Category) -> bool:
    """``is_concrete`` for a clause known to have the form of a claim (``is_claim_form``)."""
    masked = _mask_formulas(mask_slogans(clause))
    has_digits = DIGITS.search(masked) is not None
    if (
        RHETORIC_LEAD.match(clause)
        and not BUILD_ON.match(clause)
        and not DIGITS.search(_QUOTED_OR_BRACKETED.sub("", masked))
    ):
        return False
    if (
        _IMPLEMENT_GENERAL.match(masked) or _STRATEGY.match(clause) or VAGUE.search(masked)
    ) and not has_digits:
        return False
    if NUMBER.search(masked) or NAMED.search(masked):
        return True
    if category == "achievement":
        if (
            ONGOING_LEAD.match(_WE.sub("", masked))
            and not has_digits
            and not NAMED_INSTANCES.search(masked)
            and not PROGRAMME.match(masked)
        ):
            # 我们积极培育市场主体: an effort carried on, with nothing counted or named (a
            # programme launched, 大力实施…工程, still names its deliverable).
            return False
        # A programme still being carried on (深入实施…行动, 持续深化“放管服”改革) is work in
        # progress, not a result reached.
        if not ONGOING_LEAD.match(masked) and (
            PROGRAMME.match(masked)
            or (NAMED_BY_TYPE.search(masked) and not IMPROVE_LEAD.match(masked))
            or QUANTIFIED.search(masked)
        ):
            return True
        if NAMED_INSTANCES.search(masked) or RANKED.search(masked) or COMPLETED.search(masked):
            return True
        return is_place(masked) and _PROGRESS.search(masked) is not None
    if SYSTEM_BUILD.match(masked) and not is_place(masked):
        # 构建…现代化产业体系: a system is a way of organising, not a deliverable.
        return False
    if PROGRAMME.match(masked) or NAMED_INSTANCES.search(masked) or RANKED.search(masked):
        return True
    # A quantified target keeps its figure inside a slogan: “双清零”, “零审批”.
    if QUANTIFIED.search(clause) or TERM_CAMPAIGN.search(masked):
        return True
    # Goals: a title a named place is to win is a deliverable, whatever the verb in front
    # (深化波密县旅游名县创建工作, 推进双拥模范县创建工作).
    if TITLE_BID.search(masked) and is_place(TITLE_BID.sub("", masked)):
        return True
    # Goals: a planned deliverable named by an event verb or a place.
    if IMPROVE_LEAD.match(masked):
        return False
    # A reform under a slogan name is a deliverable of the plan (推动“三变”改革, 推进“2+1”
    # 财政综合管理改革), though the slogan itself is no named thing; a way of working under
    # one (构建“扶持政策+专项方案”工作模式) is a method.
    if NAMED_BY_TYPE.search(masked) or SLOGAN_REFORM.search(clause) or ROLL_OUT.match(clause):
        return True
    if (
        EVENT.search(masked)
        or SMART_BUILD.search(masked)
        or BUILT_THING.match(_QUOTES.sub("", clause))
    ):
        return True
    return is_place(masked) and PLANNED.search(masked) is not None
