"""Bad input through the real CLI: exit code 2, one line on stderr naming the problem."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPORTS_DIR, RunCli
from tests.load_support import write_blank_pdf, write_docx, write_pdf

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"


def _missing(tmp: Path) -> Path:
    return tmp / "no-such-report.txt"


def _directory(tmp: Path) -> Path:
    path = tmp / "reports.txt"
    path.mkdir()
    return path


def _empty(tmp: Path) -> Path:
    path = tmp / "empty.txt"
    path.write_bytes(b"")
    return path


def _whitespace(tmp: Path) -> Path:
    path = tmp / "blank.md"
    path.write_text(" \n\u3000\n\t\r\n", "utf-8")
    return path


def _binary(tmp: Path) -> Path:
    path = tmp / "report.txt"
    path.write_bytes(PNG_HEADER + bytes(range(256)) * 8)
    return path


def _binary_no_suffix(tmp: Path) -> Path:
    path = tmp / "upload"
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    return path


def _undecodable(tmp: Path) -> Path:
    path = tmp / "damaged.txt"
    data = (REPORTS_DIR / "luolong-2025.txt").read_bytes()
    path.write_bytes(data[:600] + b"\xff\xfe\xfd" + data[600:])
    return path


def _garbage_text(tmp: Path) -> Path:
    # High bytes that are neither UTF-8 nor GB18030 nor anything detection accepts.
    path = tmp / "garbage.txt"
    path.write_bytes(bytes([0x80, 0xFF, 0x81, 0x20, 0xC0, 0xFF]) * 300)
    return path


def _corrupt_docx(tmp: Path) -> Path:
    path = tmp / "report.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive" * 10)
    return path


def _docx_missing_document_part(tmp: Path) -> Path:
    # A valid zip whose main document part was lost.
    good = write_docx(tmp / "good.docx", [("Heading 1", "一、工作回顾"), ("", "正文。")])
    buffer = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(buffer, "w") as dst:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                dst.writestr(item, src.read(item.filename))
    path = tmp / "broken.docx"
    path.write_bytes(buffer.getvalue())
    return path


def _truncated_pdf(tmp: Path) -> Path:
    good = write_pdf(tmp / "good.pdf", [["政府工作报告", "地区生产总值增长6.4%。"]])
    path = tmp / "truncated.pdf"
    path.write_bytes(good.read_bytes()[:120])
    return path


def _scanned_pdf(tmp: Path) -> Path:
    return write_blank_pdf(tmp / "scan.pdf", pages=3)


def _too_large(tmp: Path) -> Path:
    path = tmp / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)  # sparse: no 21 MB actually written
    return path


def _legacy_doc(tmp: Path) -> Path:
    path = tmp / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    return path


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "missing file": (_missing, "no such file"),
    "directory": (_directory, "is a directory"),
    "empty file": (_empty, "the file is empty"),
    "whitespace only": (_whitespace, "contains only whitespace"),
    "binary with .txt suffix": (_binary, "looks like a PNG image, not a text report"),
    "binary without suffix": (_binary_no_suffix, "looks like an executable"),
    "undecodable bytes": (_undecodable, "undecodable bytes: invalid UTF-8 at byte 600"),
    "garbage bytes": (_garbage_text, "undecodable bytes"),
    "corrupt docx": (_corrupt_docx, "corrupt .docx file"),
    "docx without its document part": (_docx_missing_document_part, "corrupt .docx file"),
    "truncated pdf": (_truncated_pdf, "corrupt PDF file"),
    "pdf without text layer": (_scanned_pdf, "has no text layer"),
    "over the size limit": (_too_large, "over the size limit of 20,971,520 bytes"),
    "legacy .doc": (_legacy_doc, "legacy Word .doc files are not supported"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_line_and_exit_code_2(run_cli: RunCli, tmp_path: Path, case: str) -> None:
    make, problem = CASES[case]
    path = make(tmp_path)
    result = run_cli("chunks", str(path))
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert problem in lines[0]


def test_empty_stdin_is_bad_input(run_cli: RunCli) -> None:
    result = run_cli("chunks", "-", input="")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: <stdin>: the file is empty"
