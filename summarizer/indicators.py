"""Indicator parsing: headline results and targets into ``Indicator`` objects.

A table of patterns, tried in order, each for one way reports state an indicator:

| pattern | example |
| --- | --- |
| level and growth | 地区生产总值完成21.17亿元，同比增长6.4% |
| from and to | 生产总值从2016年的1380亿元增加到2021年的2150亿元，年均增长6.9% |
| growth | 全社会固定资产投资增长15%以上，力争达到20% |
| ceiling | 居民消费价格涨幅、城镇调查失业率分别控制在3%和5%以内 |
| level | 粮食产量保持在2.64万吨以上 / 招商引资到位资金突破2.3亿元 |
| count first | 完成849户农村户厕改造 / 举办5场高校毕业生专场招聘会 |

Values and changes are kept as written (no unit conversion), as the labeling guide asks.
The name is the measured thing: leading places, dates, adverbs and verbs are stripped
(积极争取…, 稳定…在 → the noun), and a clause whose name is no noun phrase (顺利, 增长,
先后对…) yields no indicator rather than a wrong one.
"""

from __future__ import annotations

import re

from summarizer.core.types import Indicator

__all__ = ["PATTERNS", "clean_name", "parse_indicator", "split_paired", "split_paired_names"]

_NUM = r"\d+(?:\.\d+)?(?:[—\-~～至]\d+(?:\.\d+)?)?"
# Units as written; 万/亿 belong to the unit (21.17亿元 → value 21.17, unit 亿元), and 余
# between magnitude and unit is a qualifier (2.2万余头 → 2.2, 万头, 余).
_BASE_UNIT = (
    r"(?:元|吨标准煤|吨|亩|斤|人次|人|户|个|项|家|平方公里|公里|千米|米|千瓦时|千瓦|平方米|㎡|件|"
    r"场次|场|次|名|批|套|座|辆|株|棵|头|只|匹|所|条|间|张|台|处|天|本|册|部|支|种|枚|吨)"
    r"(?:（[^）]{1,6}）)?"
)
_PERCENT = r"(?:%|％|‰)"
# Magnitudes in front of a unit: 万, 亿, and 万亿 (a province's 5.6万亿元).
_MAG = r"(?:万亿|[万亿千百])"
_ONE_AMOUNT = rf"{_NUM}(?:{_MAG}?余?{_BASE_UNIT}|{_PERCENT}|余?(?:MW|GW|kV))"
_AMOUNT = (
    rf"(?P<value>{_NUM})(?P<mag>{_MAG}?)(?P<yu>余)?"
    rf"(?P<unit>{_BASE_UNIT}|{_PERCENT}|MW|GW|kV)"
)
# Several amounts of one indicator: 46035元和18219元, 8%、11%; each carries its unit, or
# only the last does (9.4、8、5.03万吨 is not written; 8%、11% and 3%和5% are).
_AMOUNTS = rf"(?P<values>(?:{_NUM}(?:{_MAG}?余?{_BASE_UNIT}|{_PERCENT})?[和、及与])*{_ONE_AMOUNT})"
_CHANGE = rf"(?P<change>{_NUM}%?(?:[和、及与]{_NUM}%?)*|翻一番)"
_QUAL_AFTER = r"(?P<after>以上|左右|以内|以下|之内|上下)?"
_STRETCH = rf"(?P<stretch>[，,、]?力争(?:达到)?{_NUM}%?(?:以上)?)?"
_LEVEL_VERB = (
    r"(?:累计完成|完成|达到|达|实现|为|是|突破|超过|超|不少于|保持在|稳定在|控制在|总量达|"
    r"共计|合计|累计|保持)?"
)
_GROWTH = (
    r"(?:同比|比上年|较上年|年均)?(?:分别)?"
    r"(?P<direction>增长|增加|提高|下降|减少|增速达到?|增幅达到?)"
)
_NAME = r"(?P<name>[^，,；;。\d]{2,30}?)"

# The year a level was at: 从2016年的1380亿元 / 到2021年的2150亿元.
_AT_YEAR = r"(?:\d{4}年(?:底|末)?的?)?"

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        # A period's result as its start and end level: the end level is the value.
        "from and to",
        re.compile(
            rf"^{_NAME}从{_AT_YEAR}{_ONE_AMOUNT}(?:增加|增长|提高|提升|扩大|跃升)(?:到|至){_AT_YEAR}"
            rf"(?P<verb>){_AMOUNTS}(?:[，,]?{_GROWTH}{_CHANGE})?"
        ),
    ),
    (
        "level and growth",
        re.compile(
            rf"^{_NAME}(?:分别)?(?P<verb>{_LEVEL_VERB}){_AMOUNTS}[^，,；。\d]{{0,4}}[，,]?"
            rf"{_GROWTH}{_CHANGE}"
        ),
    ),
    (
        "growth",
        re.compile(rf"^{_NAME}{_GROWTH}(?:在|达到)?{_CHANGE}{_QUAL_AFTER}{_STRETCH}"),
    ),
    (
        "ceiling",
        re.compile(rf"^{_NAME}(?:分别)?控制在{_AMOUNTS}(?P<after>以内|以下|之内)"),
    ),
    (
        "level",
        re.compile(rf"^{_NAME}(?:分别)?(?P<verb>{_LEVEL_VERB}){_AMOUNTS}{_QUAL_AFTER}"),
    ),
    (
        "count first",
        re.compile(
            rf"^(?P<lead>[^，,；。\d]{{0,12}}?){_AMOUNT}(?P<name>[^，,；。、\d和]{{2,24}})$"
        ),
    ),
)

# Qualifiers that open a target clause: 力争…, 确保…, 预计…, 争取….
_LEAD_QUALIFIER = re.compile(r"^(?:全年|今年|明年|\d{4}年)?(力争|确保|预计|争取)")
_CLASSIFIERS = frozenset("个项条家所座批名场户套件处支种") | {"场次"}
_COUNTED_NOUN_AFTER = re.compile(r"[\u4e00-\u9fff“《]{2}(?<!以上)(?<!左右)(?<!以内)(?<!以下)")
_COUNT_NAME_TAIL = re.compile(r"(?:落地落实|落地实施|尽快落地|落地|见效|落实|投入运行)$")
_DATE_LEAD = re.compile(r"^(?:\d{4}年(?:度)?|全年|今年|明年)[，,]?")
_VERB_QUALIFIER = {"突破": "突破", "超过": "超过", "超": "超", "不少于": "不少于"}

# Leading words that are no part of a name: places, dates, adverbs, verbs of doing.
_NAME_LEAD = re.compile(
    r"^(?:全[县市区州省镇乡]|我[县市区州省]|全年|今年|明年|\d{4}年(?:度)?|年度|当年|其中|现有|"
    r"[一二三四五六七八九十]+年(?:来)?|"
    r"积极|持续|全力|重点(?=实施|做好|抓好|推进|建设|打造)|严格|进一步|有序|稳步|大力|加快|切实|扎实|深入|全面|着力|努力|按规定|"
    r"高质量|足额|顺利|成功|先后|已经|已(?!建在建)|共计|共|累计|预计|力争|确保|争取|计划|"
    r"统筹规划、|统筹|实现|完成|落实|稳定|保持|严守|提供|建成|建设(?!和)|打造|推出|完善|开展好|开展|实施好|实施|"
    r"推动|推进|进行|兑现|挖掘|申报|争创|组织|举办|办好|培育|引进|编制|制定了|制定|创建|安排|"
    r"启动|巩固提升|巩固|提升|支持|扩大|解决|发放|办理|做好|抓好|维修改造了|维修改造|了)+"
)
# Trailing words: a verb or particle between the name and its number.
_NAME_TAIL = re.compile(
    r"(?:持续保持|保持|持续|稳定|共计|累计|总计|安排|分别|同比|在|达|为|超|了)+$"
)
# Names that are not the name of a measured thing.
_NOT_A_NAME = re.compile(
    r"^(?:对|在|为|与|向|把|将|从|以|按|由|通过|首期|增长|增收|增加|新增|下降|减少|提高|投资|资金|"
    r"项目)$|^(?:对|在|为|与|向|把|将|从|以|按|由|通过|和|及|发挥|推动|全力)|[、和及与的]$|"
    r"[外内中里上下旁]$|作用$"
)
_PLACE_ONLY = re.compile(r"^[\u4e00-\u9fff]{2,6}(?:县|市|区|镇|乡|村|州|省)$")


def clean_name(raw: str) -> str:
    """The measured thing named in ``raw``, or '' when ``raw`` names none.

    >>> clean_name("稳定粮食播种面积在")
    '粮食播种面积'
    """
    name = raw.strip(" ，,、：:")
    name = _NAME_LEAD.sub("", name)
    name = _NAME_TAIL.sub("", name)
    if name.endswith("的") and "占" in name:
        # 务工占总用工的80% → the share itself.
        name = name[:-1] + "比例"
    name = name.strip(" ，,、：:")
    if (
        len(re.findall(r"[\u4e00-\u9fffA-Za-z]", name)) < 2
        or len(name) > 30
        or _NOT_A_NAME.search(name)
        or _PLACE_ONLY.match(name)
        or name.count("“") != name.count("”")
        or name.count("（") != name.count("）")
    ):
        return ""
    return name


def _values_and_unit(values: str) -> tuple[str, str, bool]:
    """``46035元和18219元`` → ('46035和18219', '元', False); ``9.7万余亩`` → ('9.7', '万亩', True).

    Amounts with different units (1272套、9.5亿元) are no single indicator: ('', '', False).
    """
    pattern = rf"({_NUM})({_MAG}?)(余?)({_BASE_UNIT}|{_PERCENT}|MW|GW|kV)?"
    parts = re.findall(pattern, values)
    joiners = re.findall(r"[和、及与]", values)
    units = {mag + unit for _, mag, _, unit in parts if unit}
    if len(units) != 1:
        return "", "", False
    joined = parts[0][0]
    for joiner, part in zip(joiners, parts[1:], strict=False):
        joined += joiner + part[0]
    return joined, units.pop(), any(yu for _, _, yu, _ in parts)


def _qualifier(lead: str, verb: str, after: str, yu: bool, stretch: str) -> str:
    before = lead or _VERB_QUALIFIER.get(verb, "")
    qualifier = f"{before}…{after}" if before and after else before or after
    if yu and not qualifier:
        qualifier = "余"
    if stretch:
        qualifier += stretch if stretch[0] in "，,、" else "，" + stretch
    return qualifier


def parse_indicator(clause: str) -> Indicator | None:
    """The indicator a clause states or targets, or None.

    >>> parse_indicator("地区生产总值完成21.17亿元，同比增长6.4%").change
    '6.4%'
    """
    text = _DATE_LEAD.sub("", clause.strip())
    lead_m = _LEAD_QUALIFIER.match(text)
    lead = lead_m.group(1) if lead_m else ""
    for kind, pattern in PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        g = m.groupdict()
        name = clean_name(g.get("name") or "")
        if not name:
            continue
        verb = (g.get("verb") or "").strip()
        if kind == "count first":
            value, unit, yu = g["value"], g["mag"] + g["unit"], bool(g.get("yu"))
            if re.search(r"\d|第$|[对在为向与从把将]$", g.get("lead") or "") or not re.search(
                r"[\u4e00-\u9fff]{2}", name
            ):
                continue
            verb = next((v for v in _VERB_QUALIFIER if (g.get("lead") or "").endswith(v)), "")
            name = clean_name(_COUNT_NAME_TAIL.sub("", name))
            if not name:
                continue
        elif g.get("values"):
            value, unit, yu = _values_and_unit(g["values"])
            if not value:
                continue
            if (
                kind == "level"
                and _COUNTED_NOUN_AFTER.match(text, m.end())
                and (unit in _CLASSIFIERS)
            ):
                # 推出100个“一件事”改革事项: the counted thing follows the number.
                continue
        else:
            value, unit, yu = "", "", False
        change = g.get("change") or ""
        direction = g.get("direction") or ""
        if change and change != "翻一番" and not change.endswith("%"):
            change += "%"
        if direction in ("下降", "减少") and change:
            change = direction + change
        if kind == "ceiling" and unit in ("%", "％") and not _is_rate(name):
            # 涨幅控制在3%以内 is a change; 失业率控制在5%以内 a level.
            change, value, unit = _with_percent(value, unit), "", ""
        if kind == "level" and unit in ("%", "％") and re.search(r"增速|增幅", name):
            name = re.sub(r"增速|增幅", "", name)
            change, value, unit = value + "%", "", ""
        qualifier = _qualifier(lead, verb, g.get("after") or "", yu, g.get("stretch") or "")
        return Indicator(name=name, value=value, unit=unit, change=change, qualifier=qualifier)
    return None


def split_paired_names(name: str) -> list[str]:
    """``居民消费价格涨幅、城镇调查失业率`` → both names; a single name → itself.

    Only ``、`` separates indicators; ``和`` joins the parts of one (旅游接待人次和总花费),
    and short parts share a head noun (粮食、蔬菜、肉蛋奶产量).
    """
    parts = [p for p in name.split("、") if p]
    if len(parts) > 1 and all(len(p) >= 4 for p in parts):
        return parts
    return [name]


def _is_rate(name: str) -> bool:
    return name.endswith(("率", "比例", "比重"))


def _with_percent(values: str, unit: str) -> str:
    """``3和5`` with unit % → ``3%和5%``."""
    return re.sub(rf"({_NUM})", rf"\g<1>{unit}", values)


def split_paired(indicator: Indicator) -> list[Indicator]:
    """One indicator per name where a clause pairs names with values by 分别:
    ``居民消费价格涨幅、城镇调查失业率分别控制在3%和5%以内`` → two indicators, the
    price rise a change (3%), the unemployment rate a level (5, %)."""
    names = split_paired_names(indicator.name)
    values = re.split(r"[和、及与]", indicator.change or indicator.value)
    if len(names) < 2 or len(values) != len(names):
        return [indicator]
    out: list[Indicator] = []
    for name, one in zip(names, values, strict=True):
        number = one.rstrip("%％")
        percent = (
            indicator.unit in ("%", "％") or one.endswith(("%", "％")) or bool(indicator.change)
        )
        if percent and _is_rate(name):
            update = {"name": name, "value": number, "unit": "%", "change": ""}
        elif percent:
            update = {"name": name, "value": "", "unit": "", "change": number + "%"}
        else:
            update = {"name": name, "value": number}
        out.append(indicator.model_copy(update=update))
    return out
