"""What the model returns for one chunk: a pydantic model with ``extra="forbid"``.

Length bounds matter beyond validation: they become ``maxLength``/``maxItems`` in the
JSON schema, and grammar-constrained servers (llama.cpp) enforce them while generating,
which keeps a small model from rambling until the token limit.
"""

from __future__ import annotations

import hashlib
import json
from contextvars import ContextVar
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from summarizer.postprocess.locate import locate_quote

# Items per answer. Chosen with the chunk budget (README, "The chunk budget"): a
# 1,200-character Chinese chunk holds about 21 claims on average and 54 in the densest
# stretch of the eval set, so the cap is rarely reached, and an answer at the cap is
# split, never trusted to be complete.
MAX_ITEMS = 60
# Characters of a quote or statement: a Chinese clause is 20 on average, an English
# sentence can pass 200.
MAX_CHARS = 300

# The chunk being validated. A context variable rather than instructor's ``context``
# argument: instructor renders messages as jinja templates when given a context, which
# would alter report text that contains braces.
GROUNDING_TEXT: ContextVar[str | None] = ContextVar("grounding_text", default=None)


def _compact(schema: dict[str, Any]) -> None:
    # The schema is sent with every call. Property titles repeat the field names, and
    # defaults say nothing that "required" does not: characters for nothing.
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)
        prop.pop("default", None)


def _compact_nested(schema: dict[str, Any]) -> None:
    # A nested model's title is its class name; only the top-level one names the tool.
    _compact(schema)
    schema.pop("title", None)


_COMPACT = ConfigDict(extra="forbid", json_schema_extra=_compact)
_COMPACT_NESTED = ConfigDict(extra="forbid", json_schema_extra=_compact_nested)


class ModelIndicator(BaseModel):
    """Indicator, fields as written."""

    model_config = _COMPACT_NESTED

    name: str = Field(description="e.g. 地区生产总值")
    value: str = Field(default="", description="level, e.g. 21.17")
    unit: str = Field(default="", description="e.g. 亿元, %")
    change: str = Field(default="", description="growth, e.g. 6.4%")
    qualifier: str = Field(default="", description="e.g. 以上, 左右, 力争达到10%, 以内")


class ModelItem(BaseModel):
    """One claim."""

    model_config = _COMPACT_NESTED

    category: Literal["goal", "achievement", "problem"]
    quote: str = Field(min_length=2, max_length=MAX_CHARS, description="verbatim span")
    statement: str = Field(
        default="", max_length=MAX_CHARS, description="only if the quote does not read alone"
    )
    indicator: ModelIndicator | None = None


class ChunkItems(BaseModel):
    """Items of the text."""

    model_config = _COMPACT

    # Required, not defaulted: a grammar-constrained server (llama.cpp) may otherwise
    # answer ``{ }`` — a small model takes that exit every time. An empty list stays valid.
    # maxItems is in the schema (a grammar-constrained server stops there) but not
    # validated: a longer list is a saturated answer to split, not an error to re-ask.
    items: list[ModelItem] = Field(json_schema_extra={"maxItems": MAX_ITEMS})

    @model_validator(mode="after")
    def _quotes_are_in_the_text(self) -> ChunkItems:
        # Grounding as a validator: instructor sends this error back to the model (re-ask).
        text = GROUNDING_TEXT.get()
        if text is None:
            return self
        missing = [i.quote for i in self.items if locate_quote(text, i.quote) is None]
        if missing:
            listed = "; ".join(repr(q[:60]) for q in missing[:5])
            raise ValueError(
                f"{len(missing)} quote(s) are not verbatim in the text: {listed}. "
                "Copy each quote character for character from the text, or drop the item."
            )
        return self


def schema_json() -> str:
    """The canonical JSON schema of the response model."""
    return json.dumps(ChunkItems.model_json_schema(), sort_keys=True, ensure_ascii=False)


def schema_hash() -> str:
    """Short sha256 of the canonical schema: identifies the response format version."""
    return hashlib.sha256(schema_json().encode("utf-8")).hexdigest()[:12]


def tool_definition() -> dict[str, Any]:
    """The forced tool as sent in ``tools`` mode: name, description and parameters (the
    schema without its title and description, which become the tool's name and
    description)."""
    parameters = ChunkItems.model_json_schema()
    name = parameters.pop("title")
    description = parameters.pop("description")
    return {"name": name, "description": description, "parameters": parameters}
