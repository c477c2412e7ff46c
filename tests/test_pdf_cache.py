"""What filling keeps between the records of a batch: the same copies as without it, in bounded memory (issue 13)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest

from formkit.model.catalog import get_form
from formkit.render.base import HashedBytes
from formkit.render.pdf.cache import AppearanceCache, BoundedCache, SubsetCache
from formkit.render.pdf.fill import PdfRenderer
from formkit.render.pdf.fonts import unicode_font
from formkit.settings import Settings
from formkit.sources.pdf import extract_pdf_bytes

Sample = Callable[[str], dict[str, Any]]
NAMES = ["Åsa Öberg", "Łukasz Wójcik", "Nguyễn Thị Hằng", "Пётр Смирнов", "محمد عبد الله", "Bjørn Ødegård", "Zoë Ek"]


def _records(sample: Sample, count: int) -> list[dict[str, Any]]:
    """Plans where the child's name and the free text vary (new letters now and then, every text new)."""
    records = []
    for index in range(count):
        data = sample("genomforandeplan")
        data["barn"]["namn"] = f"{NAMES[index % len(NAMES)]} {index}"
        data["behov"] = f"{data['behov']} {NAMES[(index * 3) % len(NAMES)]} ({index})"
        records.append(data)
    return records


@pytest.mark.parametrize("flatten", [False, True])
def test_a_batch_makes_the_same_copies_as_fresh_renderers(sample: Sample, flatten: bool) -> None:
    """A copy does not depend on the records before it: cached appearances and fonts are the ones made anew."""
    records = _records(sample, 9)
    form = get_form("genomforandeplan")
    batch = PdfRenderer(form, flatten_form=flatten, settings=Settings())
    made = [batch.render(data) for data in records]
    assert all(isinstance(copy, HashedBytes) for copy in made)
    again = [batch.render(data) for data in reversed(records)][::-1]  # every cache warm, in another order
    fresh = [PdfRenderer(form, flatten_form=flatten, settings=Settings()).render(data) for data in records]
    assert made == fresh
    assert again == fresh
    assert len(set(made)) == len(records)
    # The batch lists each copy's SHA-256 as the renderer gives it (the template's part hashed once).
    assert [copy.sha256 for copy in made] == [hashlib.sha256(copy).hexdigest() for copy in made]


def test_every_value_reads_back_from_a_batch(sample: Sample) -> None:
    renderer = PdfRenderer(get_form("genomforandeplan"), settings=Settings())
    for data in _records(sample, 5):
        _, record = extract_pdf_bytes(renderer.render(data))
        assert record["barn"]["namn"] == data["barn"]["namn"]
        assert record["behov"] == data["behov"]


def test_appearances_stay_within_their_budget() -> None:
    """Thousands of different values (every record new text) keep the cache at its budget, the newest kept."""
    font = unicode_font()
    cache = AppearanceCache(budget=64 * 1024)
    for index in range(600):
        cache.xobject(font, f"Ärende {index}: {'text som inte upprepas ' * 3}", 200.0, 30.0, True, 0, 7)
        assert cache.used <= 64 * 1024
    assert 0 < len(cache) < 600
    shown = f"Ärende 599: {'text som inte upprepas ' * 3}"
    newest = cache.xobject(font, shown, 200.0, 30.0, True, 0, 7)
    assert cache.xobject(font, shown, 200.0, 30.0, True, 0, 7) is newest  # kept, not made again


def test_a_value_in_another_box_or_font_object_is_another_appearance() -> None:
    font = unicode_font()
    cache = AppearanceCache()
    first, glyphs = cache.xobject(font, "Åsa", 100.0, 20.0, False, 0, 7)
    assert b"/FkU 7 0 R" in first and glyphs
    assert cache.xobject(font, "Åsa", 120.0, 20.0, False, 0, 7)[0] != first
    assert b"/FkU 9 0 R" in cache.xobject(font, "Åsa", 100.0, 20.0, False, 0, 9)[0]
    assert len(cache) == 3


def test_font_subsets_are_kept_by_their_glyphs_within_a_budget() -> None:
    font = unicode_font()
    cache = SubsetCache(budget=40 * 1024)  # about six subsets of a few glyphs
    text_of = {gid: char for char in "Åsa Öberg" for gid in font.shape(char).gids}
    made = cache.objects(font, text_of, 40)
    assert cache.objects(font, dict(reversed(list(text_of.items()))), 40) is made  # same glyphs, any order
    assert cache.objects(font, {**text_of, font.shape("Ł").gids[0]: "Ł"}, 40) is not made
    for letter in "0123456789!?#%&*+":
        cache.objects(font, {**text_of, font.shape(letter).gids[0]: letter}, 40)
    assert 0 < len(cache) < 19  # the oldest went


def test_bounded_cache_forgets_the_least_recently_used() -> None:
    cache: BoundedCache[str, int] = BoundedCache(30, lambda key, value: 10)
    for key in "abc":
        cache.put(key, ord(key))
    assert cache.get("a") == ord("a")  # now the most recent
    cache.put("d", ord("d"))
    assert cache.get("b") is None
    assert [cache.get(key) for key in "acd"] == [ord("a"), ord("c"), ord("d")]
    assert cache.used == 30
    big: BoundedCache[str, int] = BoundedCache(30, lambda key, value: 31)
    big.put("x", 1)
    assert big.get("x") is None and big.used == 0
