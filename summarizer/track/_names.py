"""Indicator name normalisation: the many ways a report writes one indicator → one canonical name.

The built-in table covers the headline indicators of Chinese government work reports. Users
extend it with a JSON or TOML file (``--names FILE``) mapping a canonical name to its aliases::

    {"一般公共预算收入": ["地方财政收入"], "旅游接待人次": ["接待游客"]}

    # TOML (non-ASCII keys are quoted)
    "旅游接待人次" = ["接待游客", "游客接待量"]

Urban and rural parts of the 城乡 income pair are separate indicators (城镇… / 农村…): a
report that writes "城乡居民人均可支配收入分别增长8%、11%" sets two targets, which the
extractor splits before normalising.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from summarizer.errors import InputError

Direction = Literal["higher", "lower"]

URBAN_INCOME = "城镇居民人均可支配收入"
RURAL_INCOME = "农村居民人均可支配收入"
# The 城乡 pair as written before it is split into its urban and rural parts.
PAIRED_INCOME = "城乡居民人均可支配收入"

BUILTIN_ALIASES: dict[str, tuple[str, ...]] = {
    "地区生产总值": ("生产总值", "GDP", "地区GDP", "经济总量"),
    "一般公共预算收入": (
        "地方一般公共预算收入",
        "地方一般公共预算",
        "一般公共预算",
        "地方财政一般公共预算收入",
    ),
    "全社会固定资产投资": ("固定资产投资",),
    "社会消费品零售总额": ("社会消费品零售额", "社零总额"),
    PAIRED_INCOME: ("城乡居民人均收入",),
    URBAN_INCOME: ("城镇居民人均收入", "城镇常住居民人均可支配收入"),
    RURAL_INCOME: ("农村居民人均收入", "农牧民人均可支配收入", "农村常住居民人均可支配收入"),
    "全体居民人均可支配收入": ("居民人均可支配收入",),
    "规上工业增加值": ("规模以上工业增加值", "规模以上工业增加值增速"),
    "居民消费价格涨幅": ("居民消费价格", "CPI涨幅", "居民消费价格指数涨幅"),
    "城镇调查失业率": ("调查失业率",),
    "城镇新增就业": ("城镇新增就业人数",),
    "招商引资到位资金": ("招商引资",),
}

# Indicators where a lower outcome is the good one (a ceiling, not a floor).
LOWER_IS_BETTER: frozenset[str] = frozenset(
    {"居民消费价格涨幅", "城镇调查失业率", "单位地区生产总值能耗"}
)

# Words a report puts before an indicator name that are not part of it.
_LEADING_FILLERS = re.compile(
    r"^(?:全年|全县|全市|全区|全州|全省|全旗|全盟|全自治区|全国|其中|"
    r"实现|计划完成|计划|完成|确保|力争|预计)+"
)


def _squash(name: str) -> str:
    return re.sub(r"\s+", "", name)


@dataclass(frozen=True)
class NameTable:
    """Alias → canonical name lookup; ``canonical`` returns the name itself when unknown."""

    aliases: Mapping[str, str] = field(default_factory=dict)
    lower_is_better: frozenset[str] = LOWER_IS_BETTER

    @classmethod
    def builtin(cls) -> NameTable:
        """The built-in table."""
        return cls(_alias_map(BUILTIN_ALIASES))

    def extended(self, extra: Mapping[str, list[str] | tuple[str, ...]]) -> NameTable:
        """A copy with ``extra`` (canonical → aliases) added; user entries win."""
        merged = dict(self.aliases)
        merged.update(_alias_map(extra))
        return NameTable(merged, self.lower_is_better)

    def canonical(self, name: str) -> str:
        """The canonical name of ``name`` as written (fillers like 全县 removed)."""
        cleaned = clean_name(name)
        return self.aliases.get(cleaned, cleaned)

    def is_known(self, name: str) -> bool:
        """True when ``name`` is a canonical name or an alias in the table."""
        return clean_name(name) in self.aliases

    def direction(self, canonical: str) -> Direction:
        """ "lower" for ceilings such as inflation and unemployment, else "higher"."""
        return "lower" if canonical in self.lower_is_better else "higher"


def clean_name(name: str) -> str:
    """Strip whitespace, leading fillers (全县, 全年计划完成 …) and trailing particles."""
    cleaned = _LEADING_FILLERS.sub("", _squash(name))
    return cleaned.strip("：:，,、的")


def _alias_map(table: Mapping[str, list[str] | tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for canonical, aliases in table.items():
        out[_squash(canonical)] = _squash(canonical)
        for alias in aliases:
            out[_squash(alias)] = _squash(canonical)
    return out


def load_name_table(path: str | Path | None = None) -> NameTable:
    """The built-in table, extended with a user JSON or TOML file when ``path`` is given.

    The file maps each canonical name to a list of aliases. Raises ``InputError`` with a
    one-line message when the file is missing or malformed.
    """
    table = NameTable.builtin()
    if path is None:
        return table
    file = Path(path)
    try:
        raw = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read the names file: {exc.__class__.__name__}", path=str(file)
        ) from exc
    is_toml = file.suffix.lower() == ".toml"
    try:
        data: object = tomllib.loads(raw) if is_toml else json.loads(raw)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            f"not valid {'TOML' if file.suffix.lower() == '.toml' else 'JSON'}: {exc}",
            path=str(file),
        ) from exc
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(a, str) for a in v)
        for k, v in data.items()
    ):
        raise InputError(
            "the names file must map each canonical name to a list of aliases", path=str(file)
        )
    return table.extended(data)
