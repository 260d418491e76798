"""A learned second opinion on the one judgement the rules make most often: is this clause
a concrete goal or achievement (evals/GUIDELINES.md), or rhetoric?

The rules cut a chunk into clauses and judge each by general cues (``is_concrete``). Where
labelers draw the line between a concrete task and a vague one (完善…平台, 推进…建设,
深化“…”) no short cue list settles it. A logistic regression over the rules' own verdict,
a few of their cue families, the clause's first and last characters and its character
1–3-grams (digits read as 0), trained on the clauses of every labeled report in the
repository, gives the final verdict. It is deterministic, ships as ``clause_model.json``
beside this module, needs nothing but the standard library to run, and is retrained from
the repository by ``python -m summarizer.engines.rules._train`` (which also prints its
leave-one-report-out scores against the rules alone).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from itertools import repeat

from summarizer.core.types import Category
from summarizer.engines.rules._clauses import Piece
from summarizer.engines.rules._concrete import (
    BUILT_THING,
    EVENT,
    IMPROVE_LEAD,
    NAMED,
    NAMED_BY_TYPE,
    ONGOING_LEAD,
    PLANNED,
    PROGRAMME,
    QUANTIFIED,
    RHETORIC_LEAD,
    TERM_CAMPAIGN,
    VAGUE,
    is_place,
)

MODEL_FILE = "clause_model.json"

# The verdict on one clause: the chunk text, the clause's span in it, its category and the
# rules' verdict in, the final verdict out.
Decide = Callable[[str, Piece, Category, bool], bool]

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
# Cue families of the rules, as features (names prefixed with =).
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("=named", NAMED),
    ("=named_by_type", NAMED_BY_TYPE),
    ("=event", EVENT),
    ("=planned", PLANNED),
    ("=improve", IMPROVE_LEAD),
    ("=rhetoric", RHETORIC_LEAD),
    ("=ongoing", ONGOING_LEAD),
    ("=programme", PROGRAMME),
    ("=built_thing", BUILT_THING),
    ("=quantified", QUANTIFIED),
    ("=term_campaign", TERM_CAMPAIGN),
    ("=vague", VAGUE),
)
# The model overrules the rules only when it is sure: log-odds beyond ±0.85, a probability
# of 0.7. Nearer even it leaves their verdict (leave-one-report-out on the nine real
# reports: fewer reports lose, for the same overall gain as a bare majority).
OVERRULE = 0.85
# Weight columns: shared by both categories, then goal only, then achievement only.
_COLUMN: dict[str, int] = {"goal": 1, "achievement": 2}


def features(clause: str, rule: bool) -> list[str]:
    """The clause's features, each as often as it occurs: the rules' verdict, a length
    bucket, the first and last two and three characters, character 1–3-grams (digits read
    as 0), then the cue families it shows."""
    return _text_features(clause, rule) + _cue_features(clause)


def _text_features(clause: str, rule: bool) -> list[str]:
    n = _DIGITS.sub("0", clause)
    out = ["=bias", "=rule" if rule else "=norule", f"=len{min(len(clause) // 5, 8)}"]
    out += ["^" + n[:2], "^" + n[:3], n[-2:] + "$", n[-3:] + "$"]
    out += n
    out += [n[i : i + 2] for i in range(len(n) - 1)]
    out += [n[i : i + 3] for i in range(len(n) - 2)]
    return out


def _cue_features(clause: str) -> list[str]:
    out = [name for name, cue in _CUES if cue.search(clause)]
    if is_place(clause):
        out.append("=place")
    return out


_CUE_NAMES = (*(name for name, _ in _CUES), "=place")


@dataclass(frozen=True)
class _Table:
    """The weights of one category (shared plus its own), and how far the cue families
    can move a clause's score up (``high``) or down (``low``)."""

    weights: dict[str, float]
    high: float
    low: float


@dataclass(frozen=True)
class ClauseModel:
    """Weights per feature: (shared, goal, achievement)."""

    weights: Mapping[str, tuple[float, float, float]]

    @cached_property
    def _tables(self) -> dict[str, _Table]:
        tables: dict[str, _Table] = {}
        for category, column in _COLUMN.items():
            weights = {k: w[0] + w[column] for k, w in self.weights.items()}
            cues = [weights.get(name, 0.0) for name in _CUE_NAMES]
            high = sum(w for w in cues if w > 0)
            low = sum(w for w in cues if w < 0)
            tables[category] = _Table(weights, high, low)
        return tables

    def score(self, clause: str, category: Category, rule: bool) -> float:
        """The log-odds that ``clause`` is an item of ``category``."""
        return _sum(self._tables[category].weights, features(clause, rule))

    def decide(self, text: str, part: Piece, category: Category, rule: bool) -> bool:
        """The final verdict on the clause ``part`` of ``text`` (a ``Decide``): the rules'
        verdict unless the model is sure of the other (``OVERRULE``). The cue families are
        looked for only when they could change it."""
        if category not in _COLUMN:
            return rule
        table = self._tables[category]
        clause = text[part.start : part.end]
        bar = -OVERRULE if rule else OVERRULE
        z = _sum(table.weights, _text_features(clause, rule))
        if z + table.high < bar:
            return False
        if z + table.low >= bar:
            return True
        return z + _sum(table.weights, _cue_features(clause)) >= bar

    def to_json(self, about: Mapping[str, object]) -> str:
        """The model as the shipped file: ``about`` (how it was trained), then one line per
        feature, sorted: ``"推进": [shared, goal, achievement]``."""
        lines = [
            json.dumps(k, ensure_ascii=False) + ": " + json.dumps(list(self.weights[k]))
            for k in sorted(self.weights)
        ]
        head = json.dumps(about, ensure_ascii=False, sort_keys=True)
        return '{"about": ' + head + ',\n"weights": {\n' + ",\n".join(lines) + "\n}}\n"


def _sum(weights: dict[str, float], found: list[str]) -> float:
    return float(sum(map(weights.get, found, repeat(0.0, len(found)))))


def model_from_json(text: str) -> ClauseModel:
    data = json.loads(text)
    weights = {k: (float(v[0]), float(v[1]), float(v[2])) for k, v in data["weights"].items()}
    return ClauseModel(weights)


@lru_cache(maxsize=1)
def shipped_model() -> ClauseModel:
    """The model shipped with the package (read once)."""
    text = resources.files("summarizer.engines.rules").joinpath(MODEL_FILE).read_text("utf-8")
    return model_from_json(text)


def shipped_decide(text: str, part: Piece, category: Category, rule: bool) -> bool:
    """The shipped model's verdict (the engine's default ``Decide``)."""
    return shipped_model().decide(text, part, category, rule)


def rules_only(text: str, part: Piece, category: Category, rule: bool) -> bool:
    """The rules' verdict as it is (``Decide`` without the model)."""
    return rule
