"""The exported JSON Schemas of every file the project writes, and their files in
``schemas/`` (regenerate with ``python -m summarizer.schemas``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.core.resources import resource_dir

FILES = {
    "summary": "report_summary.schema.json",
    "eval": "eval_results.schema.json",
    "track": "track_result.schema.json",
}


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``kind``: summary, eval or track."""
    if kind == "summary":
        from summarizer.core.summary import ReportSummary

        return ReportSummary.model_json_schema()
    if kind == "eval":
        from summarizer.evaluate import eval_results_schema

        return eval_results_schema()
    if kind == "track":
        from summarizer.track import track_result_schema

        schema: dict[str, Any] = json.loads(track_result_schema())
        return schema
    raise KeyError(kind)


def schema_text(kind: str) -> str:
    """The schema as written to its file."""
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"


def write_all(folder: Path | None = None) -> list[Path]:
    """Write every schema file; returns the paths written."""
    folder = folder or resource_dir("schemas")
    paths = []
    for kind, name in FILES.items():
        path = folder / name
        path.write_text(schema_text(kind), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for p in write_all():
        print(p)
