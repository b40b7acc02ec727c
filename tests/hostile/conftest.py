"""Fixtures of the hostile-input suite."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def fonts_prepared(tmp_path_factory):
    """Make the fonts once, in this process, so that no subprocess pays for it
    (or prints the one-time notice) inside a timed case."""
    from guidebuilder.build import build_pdf
    from guidebuilder.diagnostics import Diagnostics
    from guidebuilder.layouts import load_layout

    from hostile_helpers import make_guide

    folder = make_guide(tmp_path_factory.mktemp("warm"))
    diags = Diagnostics()
    layout = load_layout("handout", diags)
    assert layout is not None and build_pdf(folder, layout, diags) is not None, \
        [d.format() for d in diags.sorted()]
