"""End-to-end smoke test: the pipeline and the CLI run on a bundled report offline."""

from summarizer import Settings, load_document, summarize
from tests.conftest import REPORTS_DIR, RunCli


def test_offline_summary_of_bundled_report_has_grounded_items() -> None:
    summary = summarize(REPORTS_DIR / "luolong-2025.txt", Settings(engine="rules"))
    assert summary.run.engine == "rules"
    assert summary.items
    text = load_document(REPORTS_DIR / "luolong-2025.txt").span_text  # the file itself
    for item in summary.items:
        assert text[item.start : item.end] == item.quote


def test_cli_module_entry_point_runs(run_cli: RunCli) -> None:
    result = run_cli("--help")
    assert result.returncode == 0, result.stderr
    assert "summarize" in result.stdout
