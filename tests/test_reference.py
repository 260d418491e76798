"""The LLM path's regression gate: the committed reference answers (evals/reference)
cover the requests the engine makes today, and a worse prompt fails ``eval compare``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from summarizer.engines.llm._requests import REQUEST_SUFFIX, load_answers
from tests.conftest import ROOT, RunCli

REFERENCE = ROOT / "evals" / "reference"
BASELINE = ROOT / "evals" / "baselines" / "llm-reference.json"


def test_reference_answers_are_valid_and_cover_todays_requests(
    run_cli: RunCli, tmp_path: Path
) -> None:
    answers, problems = load_answers(REFERENCE)
    assert answers and not problems, [f"{p.request}: {p.message}" for p in problems]
    r = run_cli("eval", "--answers", str(REFERENCE), "-o", str(tmp_path / "llm.json"))
    # A stale reference is exit 4 with the way to re-record it (see evals/reference/README.md).
    assert r.returncode == 0, r.stderr[-2000:]
    r = run_cli("eval", "compare", str(BASELINE), str(tmp_path / "llm.json"))
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]


def _one_report_eval_set(tmp_path: Path, name: str) -> tuple[Path, Path]:
    reports, gold = tmp_path / "reports", tmp_path / "gold"
    reports.mkdir()
    gold.mkdir()
    shutil.copy(ROOT / "evals" / "reports" / name, reports)
    shutil.copy(ROOT / "evals" / "gold" / name.replace(".txt", ".json"), gold)
    return reports, gold


def _rerecord(folder: Path, reference: Path, drop: str | None) -> None:
    """Answer each request in ``folder`` as the reference model answered the same chunk,
    less the category the prompt no longer defines (a model that was not asked for it)."""
    by_text: dict[str, list[dict[str, object]]] = {}
    for path in reference.rglob(f"*{REQUEST_SUFFIX}"):
        request = json.loads(path.read_text("utf-8"))
        answer = json.loads(path.with_name(path.name.replace(".request.", ".answer.")).read_text())
        by_text[request["chunk"]["text"]] = answer["items"]
    for path in folder.rglob(f"*{REQUEST_SUFFIX}"):
        request = json.loads(path.read_text("utf-8"))
        items = [i for i in by_text[request["chunk"]["text"]] if i["category"] != drop]
        path.with_name(path.name.replace(".request.", ".answer.")).write_text(
            json.dumps({"key": request["key"], "items": items}, ensure_ascii=False), "utf-8"
        )


@pytest.mark.slow
@pytest.mark.parametrize("drop, exit_code", [("problem", 1), (None, 0)])
def test_a_worse_prompt_fails_the_llm_gate(
    run_cli: RunCli, tmp_path: Path, drop: str | None, exit_code: int
) -> None:
    name = "luolong-2024.txt"
    reports, gold = _one_report_eval_set(tmp_path, name)
    eval_set = ("--reports", str(reports), "--gold", str(gold))
    r = run_cli("eval", *eval_set, "--answers", str(REFERENCE), "-o", str(tmp_path / "base.json"))
    assert r.returncode == 0, r.stderr[-2000:]

    # The prompt loses one category's definition: every request changes (a new prompt hash).
    prompts = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", prompts)
    system = prompts / "extract.system.md"
    lines = system.read_text("utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("- problem:")] if drop else lines
    system.write_text("".join(kept) + ("" if drop else "\n"), "utf-8")
    env = {"SUMMARIZER_PROMPTS_DIR": str(prompts)}
    new = tmp_path / "new"
    r = run_cli(
        "requests", "export", str(reports / name), "-o", str(new),
        "--model", "reference-claude", env=env,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    # The old answers do not cover the new prompt: a stale-answers error, not a silent miss.
    stale = run_cli("eval", *eval_set, "--answers", str(REFERENCE), env=env)
    assert stale.returncode == 4 and "stale" in stale.stderr
    _rerecord(new, REFERENCE, drop)
    r = run_cli("eval", *eval_set, "--answers", str(new), "-o", str(tmp_path / "new.json"), env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    r = run_cli("eval", "compare", str(tmp_path / "base.json"), str(tmp_path / "new.json"))
    assert r.returncode == exit_code, r.stdout[-2000:] + r.stderr[-1000:]
