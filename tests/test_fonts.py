"""The prepared font faces: cached, named per face, and free of save-time stamps."""

from __future__ import annotations

from fontTools.ttLib import TTFont

from guidebuilder.fonts import cache_dir, cached_coverage, prepare_family


def test_faces_are_static_distinct_and_carry_no_time_of_saving():
    family = prepare_family("serif")
    names = set()
    for face, path in family.faces.items():
        font = TTFont(path, lazy=True)
        assert "fvar" not in font  # a static instance: ReportLab embeds it whole
        # fontTools would stamp the moment of saving; the source's date keeps builds reproducible
        assert font["head"].modified == font["head"].created, face
        names.add(font["name"].getDebugName(6))
        assert path.parent == cache_dir()
    assert names == {"NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Italic", "NotoSerif-BoldItalic"}


def test_weights_differ():
    family = prepare_family("serif")
    widths = {face: TTFont(path)["OS/2"].usWeightClass for face, path in family.faces.items()}
    assert widths == {"regular": 400, "bold": 700, "italic": 400, "bolditalic": 700}


def test_character_lists_beside_the_cache_match_the_fonts():
    covered = cached_coverage("serif")
    font = TTFont(prepare_family("serif").faces["regular"], lazy=True)
    assert covered <= set(font.getBestCmap())
    for char in "AzÄßЖжΩω“”–—¶":
        assert ord(char) in covered
    assert 0x1F600 not in covered  # no emoji in Noto Serif
