"""Hyphenation: pyphen's points, its patterns parsed once and kept beside the fonts."""

from __future__ import annotations

import pyphen

from guidebuilder import hyphenate

WORDS = ("revolutionaries", "procrastinating", "representatives", "insurrection", "government")


def _fresh(monkeypatch, cache):
    monkeypatch.setenv("GUIDEBUILDER_CACHE", str(cache))
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenate.hyphenator.cache_clear()


def test_points_are_pyphens_longest_first(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    points = hyphenate.hyphenator("en-GB")
    reference = pyphen.Pyphen(lang="en_GB", left=2, right=3)
    for word in WORDS:
        assert points(word) == tuple(reversed(reference.positions(word)))
        assert list(points(word)) == sorted(points(word), reverse=True)


def test_patterns_are_stored_once_and_read_back_the_same(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    first = [hyphenate.hyphenator("en-GB")(word) for word in WORDS]
    stored = list(tmp_path.glob("hyph_en_GB-*.json"))
    assert len(stored) == 1
    _fresh(monkeypatch, tmp_path)

    def parse(self, path):
        raise AssertionError("parsed the dictionary file again")
    monkeypatch.setattr(pyphen.HyphDict, "__init__", parse)
    second = [hyphenate.hyphenator("en-GB")(word) for word in WORDS]
    assert second == first


def test_a_damaged_store_is_parsed_again(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    hyphenate.hyphenator("en-GB")
    stored = next(tmp_path.glob("hyph_en_GB-*.json"))
    stored.write_text("{not json", encoding="utf-8")
    _fresh(monkeypatch, tmp_path)
    assert hyphenate.hyphenator("en-GB")("revolutionaries") == \
        tuple(reversed(pyphen.Pyphen(lang="en_GB", left=2, right=3).positions("revolutionaries")))


def test_language_without_dictionary():
    assert hyphenate.hyphenator("x-klingon") is None
