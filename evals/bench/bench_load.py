"""Foundation speed: load + clean + segment + chunk the five bundled reports in one
process, after import, and the cold start of ``summarizer chunks``.

    python evals/bench/bench_load.py

Prints the best-of-N totals over the five reports (target: load + segment + chunk under
50 ms), the import cost of ``summarizer.load``, the per-format cost of the same report as
docx/pdf/html, and the wall time of ``summarizer chunks`` in a fresh process (target:
under 0.5 s; it must import nothing from openai/instructor).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import best_ms

ROOT = Path(__file__).resolve().parent.parent.parent
REPORTS = sorted((ROOT / "evals" / "reports").glob("*.txt"))
REPEATS = 20


def main() -> None:
    t0 = time.perf_counter()
    from summarizer.load import load_document

    import_ms = (time.perf_counter() - t0) * 1000
    sys.path.insert(0, str(ROOT))
    from tests.load_support import html_page, write_docx, write_pdf

    total_chars = sum(len(load_document(p).text) for p in REPORTS)
    total_ms = best_ms(lambda: [load_document(p) for p in REPORTS])
    print(f"import summarizer.load: {import_ms:.1f} ms")
    print(f"load+clean all {len(REPORTS)} reports ({total_chars:,} chars): {total_ms:.1f} ms")
    for p in REPORTS:
        print(f"  {p.name}: {best_ms(lambda p=p: load_document(p)):.2f} ms")

    from summarizer.segment import make_chunks, segment
    from summarizer.settings import DEFAULT_MAX_CHARS

    def load_segment_chunk() -> int:
        count = 0
        for p in REPORTS:
            document = load_document(p)
            count += len(make_chunks(document, segment(document), max_chars=DEFAULT_MAX_CHARS))
        return count

    chunks = load_segment_chunk()
    pipeline_ms = best_ms(load_segment_chunk)
    print(
        f"load+clean+segment+chunk all {len(REPORTS)} reports ({chunks} chunks at "
        f"max_chars={DEFAULT_MAX_CHARS}): {pipeline_ms:.1f} ms (target < 50 ms)"
    )
    cold = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "summarizer", "chunks", str(REPORTS[0])],
            check=True,
            capture_output=True,
        )
        cold.append(time.perf_counter() - t0)
    probe = (
        "import sys, summarizer.cli, summarizer.load, summarizer.segment; "
        "print(sorted(m for m in ('openai', 'instructor') if m in sys.modules))"
    )
    heavy = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(
        f"`summarizer chunks` cold start, fresh process: {min(cold) * 1000:.0f} ms best of 5 "
        f"(target < 500 ms); openai/instructor imported on that path: {heavy}"
    )

    lines = [
        line
        for line in (ROOT / "evals/reports/luolong-2025.txt").read_text("utf-8").split("\n")
        if line
    ]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        docx = write_docx(tmp_dir / "r.docx", [("", line) for line in lines])
        pdf = write_pdf(tmp_dir / "r.pdf", [lines[i : i + 8] for i in range(0, len(lines), 8)])
        html = tmp_dir / "r.html"
        html.write_text(html_page("".join(f"<p>{line}</p>" for line in lines)), "utf-8")
        gbk = tmp_dir / "r-gbk.txt"
        gbk.write_bytes("\n".join(lines).encode("gbk"))
        for label, path in (("docx", docx), ("pdf", pdf), ("html", html), ("txt gbk", gbk)):
            load_document(path)  # first call pays the lazy import
            ms = best_ms(lambda path=path: load_document(path), 5)
            print(f"luolong-2025 as {label}: {ms:.1f} ms")
    print(f"cpu_count={os.cpu_count()} python={sys.version.split()[0]} repeats={REPEATS}")


if __name__ == "__main__":
    main()
