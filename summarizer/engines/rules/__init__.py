"""The offline rule-based engine: deterministic, no network, no model files.

Section and paragraph roles decide the category (review → achievements, targets and plan
→ goals, the admitted-problems paragraph → problems); clause rules decide what one item
is: concrete claims only (numbers with units, named things, completed or planned events),
one clause each, quoted verbatim.
"""

from __future__ import annotations

from summarizer.engines.rules._engine import RulesEngine, extract_items

__all__ = ["RulesEngine", "extract_items"]
