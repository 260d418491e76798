"""The HTML page in a real headless browser (Debian's chromium): highlights exist, report
payloads render as text and never run, the page's own script runs and filters, and the
screenshot is a real picture.

Skipped only when chromium is absent outside CI; in CI (env CI set) its absence fails.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from tests.conftest import RunCli
from tests.output_support import report_with_payloads
from tests.pdf_support import chromium_or_skip

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def chromium() -> str:
    return chromium_or_skip()


def _browse(
    chromium: str, page: Path, profile: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *extra,
        page.as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.fixture
def page(run_cli: RunCli, tmp_path: Path) -> Path:
    report = report_with_payloads(tmp_path)
    out = tmp_path / "page.html"
    result = run_cli("summarize", str(report), "--engine", "rules", "-f", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_dom_has_highlights_and_no_payload_ran(chromium: str, page: Path, tmp_path: Path) -> None:
    dom = _browse(chromium, page, tmp_path / "profile", "--dump-dom").stdout
    assert dom.count("<mark ") >= 10
    assert re.search(r'<mark class="achievement" id="quote-\d+"', dom)
    # The page's own script ran (it marks <html>) ...
    assert re.search(r'<html[^>]*class="js"', dom)
    # ... and none of the report's did: no element made, the title untouched, no image.
    assert 'id="pwned"' not in dom
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title is not None and "pwned" not in title.group(1)
    assert "<img" not in dom
    # They are there, as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "&lt;img src=x onerror=alert(1)&gt;" in dom
    assert "document.title='pwned-by-img'" in dom


def test_unchecking_a_category_hides_its_items(chromium: str, page: Path, tmp_path: Path) -> None:
    # A copy that clicks the "goal" filter and records what the stylesheet then shows.
    # Its policy is dropped so that the probe may run; the page itself is not touched.
    html = page.read_text("utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = """<script>
document.querySelector('input.filter[value="goal"]').click();
const shown = s => getComputedStyle(document.querySelector(s)).display;
document.body.dataset.goal = shown(".item.goal");
document.body.dataset.achievement = shown(".item.achievement");
document.body.dataset.mark = getComputedStyle(document.querySelector("mark.goal")).backgroundColor;
</script></body>"""
    probed = tmp_path / "probed.html"
    probed.write_text(html.replace("</body>", probe), encoding="utf-8")
    dom = _browse(chromium, probed, tmp_path / "profile", "--dump-dom").stdout
    body = re.search(r"<body([^>]*)>", dom)
    assert body is not None
    attrs = body.group(1)
    assert "hide-goal" in attrs
    assert 'data-goal="none"' in attrs and 'data-achievement="block"' in attrs
    assert 'data-mark="rgba(0, 0, 0, 0)"' in attrs  # the highlight is switched off


def test_screenshot_is_a_png_of_the_window(chromium: str, page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    _browse(chromium, page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1400,900")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1400, 900)
    assert len(data) > 20_000  # text and colours, not a blank page
    if os.environ.get("SUMMARIZER_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["SUMMARIZER_KEEP_SCREENSHOT"])
