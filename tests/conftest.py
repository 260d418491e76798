"""Shared fixtures. Topic-specific fixtures live in the test module that uses them or in a
``tests/*_support.py`` module of their own."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORTS_DIR = ROOT / "evals" / "reports"
GOLD_DIR = ROOT / "evals" / "gold"
REPORT_NAMES = sorted(p.name for p in REPORTS_DIR.glob("*.txt"))

# Variables that would make the CLI reach for a real model; tests never inherit them.
_PROVIDER_VARS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_API_KEY", "SUMMARIZER_BASE_URL")

RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(autouse=True)
def _no_provider_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in _PROVIDER_VARS:
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def reports_dir() -> Path:
    return REPORTS_DIR


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """Run the real ``summarizer`` CLI in a subprocess; returns the CompletedProcess.

    The environment is cleared of provider variables and the cache is put in tmp_path.
    """

    def run(
        *args: str,
        input: str | bytes | None = None,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        timeout: float = 120,
    ) -> subprocess.CompletedProcess[str]:
        full_env = {k: v for k, v in os.environ.items() if k not in _PROVIDER_VARS}
        full_env.setdefault("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
        full_env["PYTHONIOENCODING"] = "utf-8"
        if env:
            full_env.update(env)
        return subprocess.run(
            [sys.executable, "-m", "summarizer", *args],
            input=input.decode("utf-8") if isinstance(input, bytes) else input,
            capture_output=True,
            text=True,
            env=full_env,
            cwd=cwd or ROOT,
            timeout=timeout,
        )

    return run
