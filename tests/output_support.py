"""Shared by the output, CLI, batch and API tests: the exported summary schema, a report
carrying HTML payloads, and an engine that quotes the sentences it is told to."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema

from summarizer.core.types import (
    Category,
    Chunk,
    ChunkExtraction,
    DocumentContext,
    ExtractedItem,
    Indicator,
)
from summarizer.engines.base import EngineInfo
from tests.conftest import REPORTS_DIR, ROOT

SUMMARY_SCHEMA: dict[str, Any] = json.loads(
    (ROOT / "schemas" / "report_summary.schema.json").read_text("utf-8")
)

SCRIPT_PAYLOAD = "<script>alert(1)</script>"
IMG_PAYLOAD = "<img src=x onerror=alert(1)>"
# Payloads that leave a trace a browser test can look for, had they run.
TITLE_SCRIPT_PAYLOAD = "<script>document.title='pwned-by-script'</script>"
TITLE_IMG_PAYLOAD = "<img src=x onerror=\"document.title='pwned-by-img'\">"
ELEMENT_PAYLOAD = (
    "<script>var d=document.createElement('div');d.id='pwned';document.body.appendChild(d)</script>"
)
PAYLOADS = (SCRIPT_PAYLOAD, IMG_PAYLOAD, TITLE_SCRIPT_PAYLOAD, TITLE_IMG_PAYLOAD, ELEMENT_PAYLOAD)


def validate_summary(data: Any) -> None:
    """Fail unless ``data`` follows schemas/report_summary.schema.json."""
    jsonschema.validate(data, SUMMARY_SCHEMA)


def report_with_payloads(folder: Path) -> Path:
    """luolong-2025 with HTML payloads in its title, inside quoted sentences and on a line
    of their own. Returns the file written."""
    text = (REPORTS_DIR / "luolong-2025.txt").read_text("utf-8")
    for anchor, payload in (
        ("政府工作报告", SCRIPT_PAYLOAD),
        ("地区生产总值完成21.17亿元", SCRIPT_PAYLOAD),
        ("社会消费品零售总额完成4.7亿元", IMG_PAYLOAD),
        ("全社会固定资产投资完成12.07亿元", TITLE_IMG_PAYLOAD),
    ):
        assert anchor in text
        text = text.replace(anchor, anchor + payload, 1)
    lines = text.split("\n")
    lines.insert(4, TITLE_SCRIPT_PAYLOAD + ELEMENT_PAYLOAD)
    path = folder / "payload-report.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


class QuotingEngine:
    """An engine that extracts, from every chunk, each sentence containing one of
    ``needles`` as an item of ``category`` (quote = the sentence, statement = ``prefix``
    + the sentence). Used where a test needs items it controls exactly."""

    info = EngineInfo(engine="quoting", model="test")

    def __init__(
        self,
        needles: dict[str, Category],
        *,
        prefix: str = "",
        indicator: Indicator | None = None,
    ) -> None:
        self.needles = needles
        self.prefix = prefix
        self.indicator = indicator

    async def extract(self, chunk: Chunk, context: DocumentContext) -> ChunkExtraction:
        items: list[ExtractedItem] = []
        for sentence in re.split(r"(?<=[。！？\n])", chunk.text):
            sentence = sentence.strip().rstrip("。！？")
            for needle, category in self.needles.items():
                if needle in sentence:
                    items.append(
                        ExtractedItem(category, self.prefix + sentence, sentence, self.indicator)
                    )
        return ChunkExtraction(chunk.id, tuple(items))
