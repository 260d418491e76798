"""Verdict rules: how a target and the outcome reported for its year compare.

Qualifiers (as written in the target):

- 以上 / 不低于 / no qualifier — a floor: ``met`` when the outcome is at least the target.
  (For a ceiling indicator such as 居民消费价格涨幅 or 城镇调查失业率 a bare value is read
  as a ceiling.)
- 以内 / 以下 / 控制在 / 不超过 — a ceiling: ``met`` when the outcome is at most the target.
- 左右 — "about": ``met`` within a tolerance of ``ABOUT_TOLERANCE_PP`` percentage points for
  percentages, ``ABOUT_TOLERANCE_REL`` (relative) for levels; exceeding a floor-type target
  is also met.
- 力争 — a stretch: the floor (the value before 力争) decides the verdict and the note says
  whether the stretch was reached; a target that is only 力争 is judged against that value.

Growth is compared with growth and levels with levels. When a growth target faces an outcome
stated only as a level, growth is derived from the previous year's level if a report states
it, and the note says so; when the outcome includes a one-off amount (含…一次性…), growth is
computed with and without it and the verdict is ``unclear`` if the two disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.track._model import Cell, Verdict
from summarizer.track._names import Direction

ABOUT_TOLERANCE_PP = 0.5
ABOUT_TOLERANCE_REL = 0.02
_EPS = 1e-9

_SCALES: dict[str, float] = {
    "元": 1.0,
    "万元": 1e4,
    "亿元": 1e8,
    "万亿元": 1e12,
    "人": 1.0,
    "万人": 1e4,
    "人次": 1.0,
    "万人次": 1e4,
    "吨": 1.0,
    "万吨": 1e4,
    "亩": 1.0,
    "万亩": 1e4,
    "户": 1.0,
    "万户": 1e4,
    "%": 1.0,
    "％": 1.0,
}

RULES: tuple[str, ...] = (
    "以上 / no qualifier: met when the outcome is at least the target "
    "(for a ceiling indicator such as inflation or unemployment: at most)",
    "以内 / 以下 / 控制在: met when the outcome is at most the target",
    f"左右: met within ±{ABOUT_TOLERANCE_PP} percentage points (percentages) or "
    f"±{ABOUT_TOLERANCE_REL:.0%} (levels); beating a floor-type target is met",
    "力争: the floor decides the verdict; the note says whether the stretch was reached",
    "growth is compared with growth, levels with levels; growth is derived from levels only "
    "when the previous level is stated, and the note says so",
    "an outcome that includes a one-off amount is judged with and without it; "
    "unclear when the two disagree",
)


@dataclass(frozen=True)
class Judgement:
    """A verdict, the sentence explaining it and any growth derived from levels."""

    verdict: Verdict
    note: str
    derived_growth: str = ""


def fmt(number: float) -> str:
    """A number as a report would write it: no trailing zeros."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _bound(qualifier: str, direction: Direction) -> str:
    if any(w in qualifier for w in ("以内", "以下", "控制在", "不超过", "不高于")):
        return "ceiling"
    if "左右" in qualifier:
        return "about"
    if any(w in qualifier for w in ("以上", "不低于", "超过")):
        return "floor"
    return "ceiling" if direction == "lower" else "floor"


def compare(
    outcome: float,
    target: float,
    qualifier: str,
    direction: Direction,
    *,
    percent: bool,
    unit: str = "",
) -> tuple[bool, str]:
    """(met?, the rule applied in words) for one outcome against one target value."""
    bound = _bound(qualifier, direction)
    if bound == "ceiling":
        return outcome <= target + _EPS, f"at most {fmt(target)}{unit}"
    if bound == "about":
        tol = ABOUT_TOLERANCE_PP if percent else abs(target) * ABOUT_TOLERANCE_REL
        low, high = target - tol, target + tol
        band = f"about {fmt(target)}{unit} (±{fmt(tol)}{' pp' if percent else unit})"
        if direction == "lower":
            return outcome <= high + _EPS, band
        if outcome > high + _EPS:
            band += ", exceeded"
        return outcome >= low - _EPS, band
    return outcome >= target - _EPS, f"at least {fmt(target)}{unit}"


def _target_values(target: Cell) -> tuple[float, float | None]:
    """(value that decides the verdict, stretch value or None)."""
    stretch = _number(target.stretch) if target.stretch else None
    return target.number, stretch


def _number(text: str) -> float | None:
    digits = "".join(ch for ch in text if ch.isdigit() or ch in ".-")
    try:
        return float(digits)
    except ValueError:
        return None


def _judge_value(
    value: float, target: Cell, direction: Direction, *, percent: bool, label: str
) -> tuple[Verdict, str]:
    floor, stretch = _target_values(target)
    unit = "%" if percent else target.unit
    met, rule = compare(value, floor, target.qualifier, direction, percent=percent, unit=unit)
    note = f"{label} {fmt(value)}{unit} against target {rule}"
    if "力争" in target.qualifier and stretch is None:
        note += " (stretch-only target)"
    if stretch is not None:
        reached, _ = compare(value, stretch, "以上", direction, percent=percent)
        note += f"; stretch {fmt(stretch)}{unit} {'reached' if reached else 'not reached'}"
    return ("met" if met else "missed"), note


def judge(
    target: Cell | None,
    outcome: Cell | None,
    *,
    direction: Direction = "higher",
    previous: Cell | None = None,
    one_off: float | None = None,
) -> Judgement:
    """The verdict for one indicator (see the module docstring for the rules)."""
    if target is None:
        return Judgement("no target", "the earlier report sets no target for this indicator")
    if outcome is None:
        return Judgement("not reported", "the later report states no outcome for this indicator")
    if target.measure == outcome.measure:
        percent = target.measure == "growth" or target.unit in ("%", "％")
        value = outcome.number
        if not percent:
            scaled = _rescale(outcome.number, outcome.unit, target.unit)
            if scaled is None:
                return Judgement(
                    "unclear", f"units differ ({outcome.unit} vs {target.unit}) and do not convert"
                )
            value = scaled
        label = "growth" if target.measure == "growth" else "outcome"
        verdict, note = _judge_value(value, target, direction, percent=percent, label=label)
        return Judgement(verdict, note)
    if target.measure == "growth" and outcome.measure == "level":
        return _judge_derived(target, outcome, direction, previous, one_off)
    return Judgement(
        "unclear", "the target is a level but the outcome is stated only as growth: not comparable"
    )


def _rescale(number: float, unit: str, to_unit: str) -> float | None:
    if unit == to_unit:
        return number
    if unit in _SCALES and to_unit in _SCALES and (unit in ("%", "％")) == (to_unit in ("%", "％")):
        return number * _SCALES[unit] / _SCALES[to_unit]
    return None


def _judge_derived(
    target: Cell,
    outcome: Cell,
    direction: Direction,
    previous: Cell | None,
    one_off: float | None,
) -> Judgement:
    if previous is None:
        return Judgement(
            "unclear",
            "the outcome is stated only as a level and no report states the previous level: "
            "growth cannot be derived",
        )
    before = _rescale(previous.number, previous.unit, outcome.unit)
    if before is None or before == 0:
        return Judgement(
            "unclear", f"previous level {previous.value} does not convert to {outcome.unit}"
        )
    growth = (outcome.number / before - 1) * 100
    basis = (
        f"growth derived from levels {previous.value} → {outcome.value} "
        f"({previous.source} → {outcome.source})"
    )
    verdict, note = _judge_value(growth, target, direction, percent=True, label="derived growth")
    if one_off is None:
        return Judgement(verdict, f"{basis}: {note}", f"{fmt(growth)}%")
    growth_ex = ((outcome.number - one_off) / before - 1) * 100
    verdict_ex, note_ex = _judge_value(
        growth_ex, target, direction, percent=True, label="without the one-off item"
    )
    both = (
        f"{basis}; the outcome includes a one-off {fmt(one_off)}{outcome.unit}: {note}, {note_ex}"
    )
    if verdict == verdict_ex:
        return Judgement(verdict, both, f"{fmt(growth)}%")
    why = (
        "met only thanks to the one-off item"
        if verdict == "met"
        else "the verdict turns on the one-off item"
    )
    return Judgement(
        "unclear",
        f"{both} — {why}",
        f"{fmt(growth)}% ({fmt(growth_ex)}% without the one-off)",
    )
