"""``summarizer eval``. STUB: the owner of this command replaces this module."""

from __future__ import annotations
