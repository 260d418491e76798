"""End-to-end smoke test: the pipeline runs on a bundled report with the offline engine."""

from pathlib import Path

from summarizer import Settings, summarize

REPORTS = Path(__file__).resolve().parent.parent / "evals" / "reports"


def test_offline_summary_of_bundled_report_has_grounded_items() -> None:
    summary = summarize(REPORTS / "luolong-2025.txt", Settings(engine="rules"))
    assert summary.run.engine == "rules"
    assert summary.items
    text = (REPORTS / "luolong-2025.txt").read_text("utf-8")
    for item in summary.items:
        assert item.quote in text
