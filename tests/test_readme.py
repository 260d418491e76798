"""README's examples run as written: the Python API snippet and the set-up commands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPORTS_DIR, ROOT
from tests.load_support import write_docx, write_pdf

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_setup_commands() -> None:
    first_block = re.search(r"```bash\n(.*?)```", README, re.S)
    assert first_block is not None
    commands = [line for line in first_block.group(1).splitlines() if line.strip()]
    assert commands == [
        "pip install . && summarizer summarize evals/reports/luolong-2025.txt",
        "pip install -e '.[dev]' && pytest",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci, ".ci/run must run README's test command"


def test_python_api_snippet_runs(tmp_path: Path) -> None:
    snippet = re.search(r"### Python API\n\n```python\n(.*?)```", README, re.S)
    assert snippet is not None
    code = snippet.group(1)
    assert len(code.strip().splitlines()) <= 10
    lines = [
        line for line in (REPORTS_DIR / "luolong-2025.txt").read_text("utf-8").split("\n") if line
    ]
    # The snippet names report.pdf and report.docx: give it real ones.
    write_pdf(tmp_path / "report.pdf", [lines[i : i + 8] for i in range(0, len(lines), 8)])
    write_docx(tmp_path / "report.docx", [("", line) for line in lines])
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "地区生产总值" in result.stdout and '"goals"' in result.stdout
