"""Segmentation: headings, levels, roles, and the chunk invariants."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.core.types import Chunk, Document
from summarizer.load import document_from_text, load_document
from summarizer.segment import make_chunks, segment, split_sentences
from tests.conftest import REPORT_NAMES, REPORTS_DIR, RunCli


def _outline(name: str) -> list[tuple[int, str, str]]:
    doc = load_document(REPORTS_DIR / name)
    return [(s.level, s.marker, s.title) for s in segment(doc).walk()]


def test_luolong_2025_outline() -> None:
    outline = _outline("luolong-2025.txt")
    top = [title for level, _, title in outline if level == 1]
    assert top == ["2024年工作回顾", "2025年重点工作"]
    second = [(marker, title) for level, marker, title in outline if level == 2]
    assert [m for m, _ in second] == [
        "（一）",
        "（二）",
        "（三）",
        "（四）",
        "（五）",
        "（六）",
        "（七）",
        "（八）",
    ]
    assert second[0][1] == "聚焦建设平安洛隆，千方百计维护社会和谐稳定"


def test_nedong_outline_two_levels_of_numbering() -> None:
    outline = _outline("nedong-2025-workplan.txt")
    top = [m for level, m, _ in outline if level == 1]
    assert top == ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、"]
    second = [m for level, m, _ in outline if level == 2]
    assert second == [f"{n}." for n in range(1, 23)]
    # Inline heading: the first sentence of the line, not the whole paragraph.
    assert (2, "1.", "持续扩大有效投资") in outline


def test_inline_heading_is_first_sentence_and_yishi_is_body() -> None:
    doc = document_from_text(
        "各位代表，现在我代表政府向大会报告工作，请予审议。\n"
        "一、过去一年工作回顾\n"
        "（一）经济发展的好政策充分释放。我们认真落实各项政策，全年完成投资12亿元。\n"
        "一是项目建设提速。新开工项目15个。\n"
        "二、今年重点工作\n"
        "1.持续扩大有效投资。统筹国家投资，力争完成投资14亿元。\n"
    )
    sections = segment(doc).walk()
    titles = [(s.level, s.marker, s.title, s.role) for s in sections]
    assert titles == [
        (1, "一、", "过去一年工作回顾", "review"),
        (2, "（一）", "经济发展的好政策充分释放", "review"),
        (1, "二、", "今年重点工作", "plan"),
        # A third numbering style gets the third level (order of first appearance).
        (3, "1.", "持续扩大有效投资", "plan"),
    ]
    assert sections[2].children[0].title == "持续扩大有效投资"


@pytest.mark.parametrize(
    ("name", "role", "needle"),
    [
        ("luolong-2025.txt", "problems", "清醒地认识到"),
        ("luolong-2025.txt", "targets", "主要预期目标"),
        ("xizang-2025-gazette.txt", "problems", "清醒地认识到"),
        ("nyingchi-2024.txt", "targets", "主要预期目标"),
    ],
)
def test_paragraph_roles(name: str, role: str, needle: str) -> None:
    doc = load_document(REPORTS_DIR / name)
    chunks = make_chunks(doc, segment(doc), max_chars=2400)
    owners = [c for c in chunks if needle in c.text]
    assert owners and all(c.role == role for c in owners)


def test_front_matter_is_not_chunked() -> None:
    doc = load_document(REPORTS_DIR / "xizang-2025-gazette.txt")
    assert doc.content_start > 0
    chunks = make_chunks(doc, segment(doc), max_chars=2400)
    assert chunks[0].start >= doc.content_start
    assert all("编辑委员会" not in c.text for c in chunks)


def _check_invariants(doc: Document, chunks: list[Chunk], max_chars: int) -> None:
    text = doc.text
    pos = doc.content_start
    for c in chunks:
        assert text[c.start : c.end] == c.text
        # Only whitespace lies between consecutive chunks: nothing lost, nothing doubled.
        assert c.start >= pos and not text[pos : c.start].strip()
        pos = c.end
        if len(c.text) > max_chars:
            sentences = split_sentences(text, c.start, c.end)
            assert len(sentences) == 1, f"{c.id} exceeds {max_chars} with several sentences"
    assert not text[pos:].strip()
    assert [c.index for c in chunks] == list(range(len(chunks)))


@pytest.mark.parametrize("name", REPORT_NAMES)
@pytest.mark.parametrize("max_chars", [300, 1200, 3600])
@pytest.mark.parametrize("split_roles", [True, False])
def test_chunk_invariants_on_bundled_reports(name: str, max_chars: int, split_roles: bool) -> None:
    doc = load_document(REPORTS_DIR / name)
    chunks = make_chunks(doc, segment(doc), max_chars=max_chars, split_roles=split_roles)
    _check_invariants(doc, chunks, max_chars)


_PIECES = st.sampled_from(
    [
        "一、工作回顾",
        "（一）经济发展。",
        "1.扩大投资。",
        "2024年工作回顾",
        "全年完成投资12亿元，同比增长5%。",
        "我们也清醒地认识到，还存在一些困难。",
        "主要预期目标是：地区生产总值增长8%以上。",
        "一是强化民族团结；二是推进项目建设。",
        "持续推进“两新”工作",
        "各位代表！",
        "这是一句很长的话" * 30 + "。",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=30), st.integers(min_value=40, max_value=900))
def test_chunk_invariants_property(lines: list[str], max_chars: int) -> None:
    doc = document_from_text("\n".join(lines))
    chunks = make_chunks(doc, segment(doc), max_chars=max_chars)
    _check_invariants(doc, chunks, max_chars)


def test_chunks_cli_json(run_cli: RunCli) -> None:
    result = run_cli("chunks", "evals/reports/luolong-2025.txt", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [s["title"] for s in data["sections"] if s["level"] == 1] == [
        "2024年工作回顾",
        "2025年重点工作",
    ]
    assert data["chunks"][0]["id"] == "c000"
    assert {c["role"] for c in data["chunks"]} >= {"review", "plan", "targets", "problems"}


def test_chunks_cli_text_shows_outline_and_boundaries(run_cli: RunCli) -> None:
    result = run_cli("chunks", "evals/reports/nedong-2025-workplan.txt", "--max-chars", "800")
    assert result.returncode == 0, result.stderr
    assert "一、坚持扩投促消" in result.stdout
    assert "chunks (max 800 chars)" in result.stdout


@pytest.mark.parametrize(
    ("name", "review"),
    [
        ("luolong-2024.txt", "2023年工作回顾"),
        ("luolong-2025.txt", "2024年工作回顾"),
        ("nyingchi-2024.txt", "2023年工作回顾"),
        ("xizang-2025-gazette.txt", "2024年工作回顾"),
    ],
)
def test_admitted_problems_belong_to_the_review_not_its_last_part(name: str, review: str) -> None:
    outline = segment(load_document(REPORTS_DIR / name))
    owners = [
        section.title
        for section in outline.walk()
        for paragraph in section.paragraphs
        if paragraph.role == "problems"
    ]
    assert owners and set(owners) == {review}


def test_problems_paragraph_ends_the_numbered_part_it_follows() -> None:
    text = (
        "一、过去一年工作回顾\n（一）项目建设\n新建学校3所。\n（二）民生保障\n新增就业500人。\n"
        "我们也清醒地认识到，产业基础薄弱。\n二、今年重点工作\n开工建设公路20公里。\n"
    )
    outline = segment(document_from_text(text))
    review = outline.root.children[0]
    last_part = review.children[-1]
    assert last_part.title == "民生保障"
    assert text[last_part.start : last_part.end].rstrip().endswith("新增就业500人。")
    assert [p.role for p in review.paragraphs] == ["problems"]


@pytest.mark.parametrize(
    "head",
    [
        "政府工作报告\n——2025年1月8日在青石县人民代表大会上\n各位代表：\n一年来的工作回顾\n",
        "青石县人民政府工作报告\n各位代表：\n\n2024年工作回顾\n\n",
        "2024年工作回顾\n",
    ],
)
def test_unnumbered_review_heading_right_after_the_salutation_or_at_the_start(
    head: str,
) -> None:
    """Issue 15 item 7: the review heading opens the body even with no prose above it."""
    from summarizer.pipeline import summarize
    from summarizer.settings import Settings

    doc = document_from_text(
        head + "全年完成投资42亿元，青石大桥建成通车。\n"
        "2025年工作安排\n建成青石县城南污水处理厂。\n"
    )
    review = head.strip().split("\n")[-1]
    assert [(s.title, s.role) for s in segment(doc).walk()] == [
        (review, "review"),
        ("2025年工作安排", "plan"),
    ]
    summary = summarize(doc, Settings(engine="rules"))
    assert [(i.quote, i.heading_path) for i in summary.achievements] == [
        ("全年完成投资42亿元", [review]),
        ("青石大桥建成通车", [review]),
    ]


def test_title_and_notice_lines_above_the_prose_stay_no_headings() -> None:
    doc = document_from_text(
        "关于印发《青石县2025年工作要点》的通知\n各乡镇人民政府，县直各部门：\n"
        "现将《青石县2025年工作要点》印发给你们，请认真贯彻落实。\n青石县2025年工作要点\n"
        "一、重点任务\n建成青石县城南污水处理厂。\n"
    )
    titles = [s.title for s in segment(doc).walk()]
    assert titles[-1] == "重点任务" and not any("通知" in t for t in titles)
