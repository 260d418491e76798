"""``track`` cells give spans a user can check, as summaries do: offsets of the file's own
text for txt (``source[start:end] == quote``), whether a value was read by the scan or
taken from the engine's items."""

from __future__ import annotations

import json

import pytest

from tests.conftest import REPORTS_DIR, RunCli


@pytest.mark.parametrize("engine", [None, "rules"])
def test_every_track_cell_points_at_its_quote_in_the_file(
    run_cli: RunCli, engine: str | None
) -> None:
    files = [REPORTS_DIR / "luolong-2024.txt", REPORTS_DIR / "luolong-2025.txt"]
    args = ["track", *map(str, files), "-f", "json"]
    r = run_cli(*args, *(["--engine", engine] if engine else []))
    assert r.returncode == 0, r.stderr
    texts = {p.name: p.read_text("utf-8") for p in files}
    cells = [
        row[side]
        for period in json.loads(r.stdout)["periods"]
        for row in period["rows"]
        for side in ("target", "outcome", "previous")
        if row.get(side)
    ]
    assert len(cells) > 10
    for cell in cells:
        source = texts[cell["source"].rsplit("/", 1)[-1]]
        assert source[cell["start"] : cell["end"]] == cell["quote"], cell
