"""Real files made from the bundled reports: PDFs printed by headless Chromium, .docx
written by python-docx, HTML pages. Printed PDFs are made once per test process."""

from __future__ import annotations

import atexit
import html
import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import REPORTS_DIR


def chromium_or_skip() -> str:
    """The chromium binary; skips the test without it (fails it in CI, which installs it)."""
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found is None:
        message = "chromium not installed (apt-get install -y chromium fonts-noto-cjk)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@cache
def _print_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="summarizer-pdf-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def print_to_pdf(chromium: str, page: Path, out: Path) -> Path:
    """Print ``page`` (a .txt or .html file) to ``out`` as Chromium does from its print
    dialog: with its header (date, title) and footer (URL, page n/m) on every page."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                f"--print-to-pdf={out}",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert result.returncode == 0 and out.is_file(), result.stderr[-2000:]
    return out


@cache
def printed_report(chromium: str, name: str, *, as_page: bool = False) -> Path:
    """The bundled report ``name`` (a .txt) printed to PDF: straight from the file, or
    (``as_page``) from a web page of it (``report_html``: indented, justified paragraphs)."""
    folder = _print_dir()
    if as_page:
        source = folder / name.replace(".txt", ".html")
        text = (REPORTS_DIR / name).read_text("utf-8")
        source.write_text(report_html(text, name.removesuffix(".txt")), "utf-8")
    else:
        source = folder / name
        shutil.copyfile(REPORTS_DIR / name, source)
    return print_to_pdf(chromium, source, source.with_suffix(source.suffix + ".pdf"))


def report_html(text: str, title: str) -> str:
    """A report as a web page publishes it: one <p> per line, in a styled page."""
    paragraphs = "".join(
        f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip()
    )
    return (
        f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>p { text-indent: 2em; margin: 0 0 .5em; text-align: justify; }</style></head>"
        f"<body><article>{paragraphs}</article></body></html>"
    )


def write_report_docx(text: str, path: Path) -> Path:
    """A report as a .docx: one paragraph per line (python-docx)."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(str(path))
    return path
