"""Locate the prompt and schema files, in a wheel or in the source tree."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def resource_dir(name: str) -> Path:
    """Return the directory of a shipped resource folder ("prompts" or "schemas").

    In an installed wheel the folders live inside the package; in a source checkout
    (editable install) they live at the top level of the repository.
    """
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / name
