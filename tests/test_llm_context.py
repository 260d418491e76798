"""Every LLM call knows where it is: the report's title (spaced or labeled titles read as
titles), issuer and date, the section path and a single role per chunk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.load import document_from_text
from tests.conftest import REPORTS_DIR, RunCli


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("政 府 工 作 报 告", "政府工作报告"),
        ("政\u3000府\u3000工\u3000作\u3000报\u3000告", "政府工作报告"),
        ("标题：某某县2025年政府工作报告", "某某县2025年政府工作报告"),
        ("《某某县2025年工作要点》", "某某县2025年工作要点"),
    ],
)
def test_spaced_and_labeled_titles(first_line: str, title: str) -> None:
    text = f"{first_line}\n\n各位代表：\n现在，我代表县人民政府向大会报告工作，请予审议。"
    assert document_from_text(text).title == title


def test_each_request_carries_title_section_and_one_role(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "req"
    r = run_cli("requests", "export", str(REPORTS_DIR / "luolong-2025.txt"), "-o", str(out))
    assert r.returncode == 0, r.stderr
    requests = [json.loads(p.read_text("utf-8")) for p in sorted(out.rglob("*.request.json"))]
    users = [q["messages"][1]["content"] for q in requests]
    assert all(u.startswith("Report: 政府工作报告 (洛隆县人民政府, 2025-03-17)\n") for u in users)
    roles = {q["chunk"]["role"] for q in requests}
    assert {"review", "problems", "targets", "plan"} <= roles and "other" not in roles
    # Past the opening, every call names its section.
    assert all("Section: (none)" not in u for u in users[2:])
    review = [q for q in requests if q["chunk"]["role"] == "review"]
    assert review and all("Section role: review" in q["messages"][1]["content"] for q in review)


def test_an_english_report_gets_english_chunks_and_long_quotes(
    run_cli: RunCli, tmp_path: Path
) -> None:
    from tests.llm_server import Step, TestServer, chunk_text_of

    sentence = (
        "In 2024 the county completed the renovation of 1,250 rural households, extended the "
        "drinking water network to 46 villages in the northern townships, opened three new "
        "primary schools with 2,400 places, and trained 3,100 farmers in modern techniques."
    )
    assert len(sentence) > 160
    text = "Government Work Report\n\n" + "\n\n".join(
        f"Part {i}. {sentence} The work continued through the year." for i in range(30)
    )
    report = tmp_path / "report-en.txt"
    report.write_text(text, encoding="utf-8")

    def answer(body: dict[str, object]) -> Step:
        chunk = chunk_text_of(body)
        return Step.answer(
            [{"category": "achievement", "quote": sentence}] if sentence in chunk else []
        )

    server = TestServer(default=answer).start()
    try:
        r = run_cli(
            "summarize", str(report), "--engine", "llm", "--base-url", server.base_url,
            "-f", "json", "--no-cache",
        )  # fmt: skip
    finally:
        server.stop()
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    # Other languages carry less per character: chunks of up to 4,000 characters.
    assert summary["run"]["max_chars"] == 4000 and summary["run"]["chunks"] < 10
    assert not summary["run"]["failed_chunks"]
    assert summary["achievements"] and summary["achievements"][0]["quote"] == sentence
