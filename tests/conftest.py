"""Shared fixtures: the sample guide built once."""

from __future__ import annotations

import io

import pytest

from helpers import SAMPLE, build


@pytest.fixture(scope="session")
def sample_pdf() -> bytes:
    data, diags = build(SAMPLE)
    assert data is not None, [d.format() for d in diags.sorted()]
    return data


@pytest.fixture(scope="session")
def sample_reader(sample_pdf):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(sample_pdf))
