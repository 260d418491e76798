"""The three outputs on real reports: JSON against the exported schema (and the schema
files against the models), Markdown by category and section, self-contained HTML with
linked highlights, and report text escaped everywhere."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from summarizer import ReportSummary, Settings, load_document, summarize
from summarizer.core.types import Indicator
from summarizer.output import render_html, render_json, render_markdown
from summarizer.schemas import FILES, schema_text
from summarizer.segment import segment
from tests.conftest import REPORT_NAMES, REPORTS_DIR, ROOT
from tests.output_support import (
    IMG_PAYLOAD,
    PAYLOADS,
    SCRIPT_PAYLOAD,
    QuotingEngine,
    report_with_payloads,
    validate_summary,
)

RULES = Settings(engine="rules")


@pytest.fixture(scope="module")
def luolong() -> tuple[ReportSummary, str]:
    path = REPORTS_DIR / "luolong-2025.txt"
    return summarize(path, RULES), load_document(path).span_text


@pytest.fixture
def payload_summary(tmp_path: Path) -> tuple[ReportSummary, str]:
    """Items that quote the payload sentences (two of them quoting the same one), with an
    indicator whose name holds Markdown and HTML specials."""
    path = report_with_payloads(tmp_path)
    engine = QuotingEngine(
        {"alert(1)": "achievement", "pwned": "goal", "增长8%以上": "goal"},
        prefix="要点：",
        indicator=Indicator(name="产值|<b>总量</b>", value="21.17", unit="亿元"),
    )
    summary = summarize(path, RULES, engine=engine)
    twice = QuotingEngine({"alert(1)": "problem"})
    extra = summarize(path, RULES, engine=twice)
    merged = summary.model_copy(update={"problems": extra.problems})
    return merged, load_document(path).span_text


class _Page(HTMLParser):
    """Every start tag with its attributes, and the text inside ``#report``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.report_text: list[str] = []
        self.script_text: list[str] = []
        self._depth = 0  # open elements inside #report
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if self._depth:
            self._depth += 1
        elif attributes.get("id") == "report":
            self._depth = 1
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.report_text.append(data)
        if self._in_script:
            self.script_text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


# --- JSON and the exported schemas ---------------------------------------------------


@pytest.mark.parametrize("kind", sorted(FILES))
def test_exported_schema_files_are_up_to_date(kind: str) -> None:
    exported = (ROOT / "schemas" / FILES[kind]).read_text("utf-8")
    assert exported == schema_text(kind), (
        f"schemas/{FILES[kind]} is stale: run `python -m summarizer.schemas`"
    )


def test_every_schema_file_is_exported_by_the_code() -> None:
    on_disk = {p.name for p in (ROOT / "schemas").glob("*.json")}
    assert on_disk == set(FILES.values())


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_json_of_every_bundled_report_validates_and_round_trips(name: str) -> None:
    summary = summarize(REPORTS_DIR / name, RULES)
    text = render_json(summary)
    validate_summary(json.loads(text))
    assert ReportSummary.model_validate_json(text) == summary


def test_json_carries_document_metadata_indicators_and_run(
    luolong: tuple[ReportSummary, str],
) -> None:
    summary, _ = luolong
    data = json.loads(render_json(summary))
    doc = data["document"]
    assert doc["title"] and doc["issuer"] and doc["date"] and doc["language"] == "zh"
    assert len(doc["content_hash"]) == 64
    kinds = {row["kind"] for row in data["indicators"]}
    assert kinds == {"achieved", "targeted"}
    assert data["run"]["engine"] == "rules" and data["run"]["chunks"] > 0
    assert data["run"]["timings"]["total_s"] > 0


# --- Markdown -----------------------------------------------------------------------


_ITEM = re.compile(r"^- (?P<statement>.*) — \*chars (?P<start>\d+)–(?P<end>\d+)\*")


def test_markdown_lists_every_item_under_its_category_and_section(
    luolong: tuple[ReportSummary, str],
) -> None:
    summary, _ = luolong
    md = render_markdown(summary)
    by_span = {(i.start, i.end, i.category): i for i in summary.items}
    category = section = None
    seen: dict[str, int] = {"goal": 0, "achievement": 0, "problem": 0}
    names = {"Goals": "goal", "Achievements": "achievement", "Problems": "problem"}
    for line in md.splitlines():
        if line.startswith("## "):
            category = names.get(line[3:].split(" (")[0])
        elif line.startswith("### ") and category:
            section = line[4:]
        elif (m := _ITEM.match(line)) and category:
            item = by_span[(int(m["start"]), int(m["end"]), category)]
            assert " › ".join(item.heading_path) == section
            seen[category] += 1
    assert seen == {
        "goal": len(summary.goals),
        "achievement": len(summary.achievements),
        "problem": len(summary.problems),
    }
    assert md.index("## Goals") < md.index("## Achievements") < md.index("## Problems")


def test_items_sit_in_the_deepest_section_around_their_quote(
    luolong: tuple[ReportSummary, str],
) -> None:
    summary, _ = luolong
    outline = segment(load_document(REPORTS_DIR / "luolong-2025.txt"))
    sections = {s.title: s for s in outline.walk()}
    for item in summary.items:
        if not item.heading_path:
            continue
        own = sections[item.heading_path[-1]]
        assert own.start <= item.start < own.end, item
        assert not any(c.start <= item.start < c.end for c in own.children), item
    # The eight numbered parts of the plan are sections of their own, not one lump.
    plan = next(s for s in outline.walk() if s.title == "2025年重点工作")
    goal_sections = {i.heading_path[-1] for i in summary.goals if i.heading_path}
    assert len(goal_sections & {c.title for c in plan.children}) >= 6


def test_markdown_indicator_tables_have_one_row_per_indicator(
    luolong: tuple[ReportSummary, str],
) -> None:
    summary, _ = luolong
    md = render_markdown(summary)
    for kind, label in (("achieved", "Achieved"), ("targeted", "Targeted")):
        rows = [r for r in summary.indicators if r.kind == kind]
        block = md.split(f"### {label} ({len(rows)})\n\n", 1)[1].split("\n\n", 1)[0]
        table_rows = block.splitlines()[2:]
        assert len(table_rows) == len(rows)
        for line, row in zip(table_rows, rows, strict=True):
            assert line.startswith(f"| {row.name} |")
            assert line.endswith(f"| chars {row.start}–{row.end} |")


def test_markdown_shows_the_quote_when_the_statement_rewrites_it(
    payload_summary: tuple[ReportSummary, str],
) -> None:
    summary, _ = payload_summary
    md = render_markdown(summary)
    item = summary.goals[0]
    assert item.statement.startswith("要点：")
    line = next(ln for ln in md.splitlines() if f"chars {item.start}–{item.end}*" in ln)
    following = md.splitlines()[md.splitlines().index(line) + 1]
    assert following.startswith("  > ")


def test_markdown_escapes_report_text(payload_summary: tuple[ReportSummary, str]) -> None:
    summary, _ = payload_summary
    md = render_markdown(summary)
    for payload in PAYLOADS:
        assert payload not in md
    assert r"\<script\>alert(1)\</script\>" in md
    assert r"\<img src=x onerror=alert(1)\>" in md
    assert r"| 产值\|\<b\>总量\</b\> |" in md  # a pipe in a cell does not split the table
    assert "<b>" not in md


def test_markdown_names_failed_chunks(luolong: tuple[ReportSummary, str]) -> None:
    from summarizer.core.summary import FailedChunk

    summary, _ = luolong
    failed = FailedChunk(chunk_id="c004", start=10, end=20, error="HTTP 503")
    run = summary.run.model_copy(update={"failed_chunks": [failed]})
    md = render_markdown(summary.model_copy(update={"run": run}))
    assert "partial summary" in md and "- c004 (chars 10–20): HTTP 503" in md


# --- HTML ---------------------------------------------------------------------------


def test_html_report_text_is_all_there_and_escaped(
    payload_summary: tuple[ReportSummary, str],
) -> None:
    summary, text = payload_summary
    page = render_html(summary, text)
    for payload in PAYLOADS:
        assert payload not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    parsed = _parse(page)
    assert "".join(parsed.report_text) == text  # every character of the report, as text
    tags = [t for t, _ in parsed.tags]
    assert "img" not in tags and "b" not in tags
    assert tags.count("script") == 1  # the page's own
    assert not [a for _, attrs in parsed.tags for a in attrs if a.startswith("on")]


def test_html_escapes_document_metadata(luolong: tuple[ReportSummary, str]) -> None:
    summary, text = luolong
    doc = summary.document.model_copy(update={"title": SCRIPT_PAYLOAD, "issuer": IMG_PAYLOAD})
    page = render_html(summary.model_copy(update={"document": doc}), text)
    assert SCRIPT_PAYLOAD not in page and IMG_PAYLOAD not in page
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_html_is_self_contained(payload_summary: tuple[ReportSummary, str]) -> None:
    summary, text = payload_summary
    page = render_html(summary, text)
    parsed = _parse(page)
    for tag, attrs in parsed.tags:
        assert "src" not in attrs, (tag, attrs)
        assert tag not in ("link", "iframe", "object", "embed", "img", "base")
        if "href" in attrs:
            assert attrs["href"].startswith("#"), attrs
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "url(" not in style and "@import" not in style


def test_html_script_is_the_only_one_the_policy_allows(
    payload_summary: tuple[ReportSummary, str],
) -> None:
    summary, text = payload_summary
    page = render_html(summary, text)
    parsed = _parse(page)
    csp = next(
        a["content"]
        for t, a in parsed.tags
        if t == "meta" and a.get("http-equiv", "").lower() == "content-security-policy"
    )
    script = "".join(parsed.script_text)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert "default-src 'none'" in csp
    assert f"script-src 'sha256-{digest}'" in csp
    assert "unsafe-inline'" not in csp.split("script-src", 1)[1]


def test_html_highlights_are_linked_both_ways(payload_summary: tuple[ReportSummary, str]) -> None:
    summary, text = payload_summary
    page = render_html(summary, text)
    parsed = _parse(page)
    ids = {a["id"] for _, a in parsed.tags if "id" in a}
    items = [a for t, a in parsed.tags if t == "div" and "item" in a.get("class", "").split()]
    marks = [a for t, a in parsed.tags if t == "mark"]
    assert len(items) == len(summary.items) and marks
    hrefs = [a["href"][1:] for t, a in parsed.tags if t == "a" and "href" in a]
    assert all(h in ids for h in hrefs), "a link points nowhere"
    # Every item links to a highlight, every highlight back to an item.
    item_links = re.findall(r'id="item-(\d+)"[^>]*><a href="#quote-(\d+)"', page)
    assert len(item_links) == len(summary.items)
    mark_links = re.findall(r'<mark [^>]*id="quote-(\d+)"[^>]*><a href="#item-(\d+)"', page)
    assert mark_links and all(q == i for q, i in mark_links)
    # The problem quoting the same sentence as an achievement shares its highlight.
    problem = summary.problems[0]
    shared = [
        n for n, i in enumerate(summary.items) if (i.start, i.end) == (problem.start, problem.end)
    ]
    targets = {q for n, q in item_links if int(n) in shared}
    assert len(shared) == 2 and len(targets) == 1


def test_html_highlight_text_is_the_quote_and_categories_are_coloured_and_filterable(
    luolong: tuple[ReportSummary, str],
) -> None:
    summary, text = luolong
    page = render_html(summary, text)
    for n, item in enumerate(summary.items[:40]):
        m = re.search(rf'<mark class="(\w+)" id="quote-{n}"[^>]*><a [^>]*>(.*?)</a></mark>', page)
        if m:  # overlapping quotes share the earlier highlight
            assert m.group(1) == item.category
            assert m.group(2) == item.quote.replace("&", "&amp;").replace("<", "&lt;")
    filters = re.findall(r'<input type="checkbox" class="filter" value="(\w+)" checked>', page)
    assert filters == ["goal", "achievement", "problem"]
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    colours = {c: re.search(rf"mark\.{c}\{{background:(#[0-9a-f]+)", style) for c in filters}
    assert all(colours.values()) and len({m.group(1) for m in colours.values() if m}) == 3
    for category in filters:
        assert f".hide-{category} .item.{category}" in style
        assert f".hide-{category} mark.{category}" in style


def test_html_names_failed_chunks(luolong: tuple[ReportSummary, str]) -> None:
    from summarizer.core.summary import FailedChunk

    summary, text = luolong
    failed = FailedChunk(chunk_id="c004", start=10, end=20, error="HTTP 503 <retry>")
    run = summary.run.model_copy(update={"failed_chunks": [failed]})
    page = render_html(summary.model_copy(update={"run": run}), text)
    assert "Partial summary" in page
    assert "<li>c004 (chars 10–20): HTTP 503 &lt;retry&gt;</li>" in page
