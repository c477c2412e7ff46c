"""The embedded font: coverage of every script, shaping, bidi order, wrapping and valid subsets."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont

from formkit.render.pdf.embed import to_unicode_cmap
from formkit.render.pdf.fonts import FONT_DIR, _bidi_runs, unicode_font

SCRIPTS = ["åäöæøÅÄÖÆØ", "ŁłŚśŻżĆć", "ŞşĞğıİ", "Nguyễn Thị Hằng", "ПётрЖЩЮ", "محمد عبد الله"]


def test_font_ships_with_its_licence() -> None:
    licence = (FONT_DIR / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream" in licence and "public domain" in licence


@pytest.mark.parametrize("text", SCRIPTS)
def test_every_script_shapes_to_real_glyphs(text: str) -> None:
    line = unicode_font().shape(text)
    assert line.glyphs and all(glyph.gid != 0 for glyph in line.glyphs)


def test_arabic_is_joined_and_right_to_left() -> None:
    font = unicode_font()
    line = font.shape("محمد")
    isolated = [font.shape(letter).glyphs[0].gid for letter in "محمد"]
    assert line.rtl
    # Joined forms differ from the isolated letters, and the first letter is drawn last (rightmost).
    assert [g.gid for g in line.glyphs] != isolated[::-1]
    assert line.text_of[line.glyphs[-1].gid] == "م"


def test_bidi_runs_keep_latin_and_digits_left_to_right() -> None:
    runs, rtl = _bidi_runs("محمد 12 Ali")
    assert rtl
    assert runs[0] == ("Ali", False)
    assert ("12", False) in runs
    assert _bidi_runs("Åsa Öberg") == ([("Åsa Öberg", False)], False)


def test_wrap_keeps_lines_within_the_width() -> None:
    font = unicode_font()
    text = "Aisha behöver stöd för att komma till skolan regelbundet och klara kunskapskraven. " * 3
    limit = font.width("x" * 40)
    lines = font.wrap(text, limit)
    assert len(lines) > 3
    assert all(font.width(line) <= limit for line in lines)
    assert " ".join(lines).split() == text.split()


def test_wrap_cuts_a_word_longer_than_the_line() -> None:
    font = unicode_font()
    lines = font.wrap("a" * 200, font.width("a" * 30))
    assert "".join(lines) == "a" * 200 and all(len(line) <= 30 for line in lines)


def test_subset_is_a_valid_small_font_with_the_glyphs() -> None:
    font = unicode_font()
    gids = {g.gid for text in SCRIPTS for g in font.shape(text).glyphs}
    data = font.subset(gids)
    assert len(data) < len(font.data) / 4
    parsed = TTFont(io.BytesIO(data))
    original = TTFont(io.BytesIO(font.data))
    order, full_order = parsed.getGlyphOrder(), original.getGlyphOrder()

    def contours(ttf: TTFont, names: list[str], gid: int) -> int:
        return int(ttf["glyf"][names[gid]].numberOfContours)

    for gid in gids:  # each kept glyph is drawn as in the full font (not left empty)
        assert contours(parsed, order, gid) == contours(original, full_order, gid)
    unused = next(gid for gid in range(1, font.num_glyphs) if gid not in gids and contours(original, full_order, gid) > 0)
    assert contours(parsed, order, unused) == 0
    assert parsed["maxp"].numGlyphs == font.num_glyphs  # ids are kept: the shaped ids stay valid


def test_to_unicode_maps_ligatures_to_all_their_letters() -> None:
    cmap = to_unicode_cmap({5: "ﻻ", 7: "lå"}).decode("ascii")
    assert "<0005> <FEFB>" in cmap
    assert "<0007> <006C00E5>" in cmap
