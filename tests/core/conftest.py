"""Fixtures of the PDF tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.pdfcases import ISSUE_PAGES
from tests.pdfmaker import make_pdf


@pytest.fixture
def issue(tmp_path: Path) -> Path:
    """A five-page gazette issue PDF (``ISSUE_PAGES``) with a title."""
    return make_pdf(tmp_path / "issue.pdf", ISSUE_PAGES, title="平江市人民政府公报 2023年第6期")
