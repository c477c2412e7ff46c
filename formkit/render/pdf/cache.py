"""What filling keeps between the records of a batch: appearance streams and font subsets, bounded in bytes.

A field's appearance depends only on the text it shows, its box, whether it
wraps and its alignment (there is one font), and a copy's font subset only on
the glyphs it uses; records share most of both (a school's name, a date, an
enum label, the same letters). Each cache forgets its least recently used
entries past a budget of bytes, so a long batch of all-different values runs
in flat memory.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from formkit.render.deflate import deflate
from formkit.render.pdf.appearance import FONT_RESOURCE, text_appearance
from formkit.render.pdf.embed import font_objects
from formkit.render.pdf.fonts import UnicodeFont

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

APPEARANCE_BUDGET = 16 << 20
"""Bytes of appearance streams (and their keys) a process keeps: thousands of distinct values."""
SUBSET_BUDGET = 8 << 20
"""Bytes of font subsets a process keeps (one is 15-40 kB)."""
_ENTRY = 200
"""What an entry costs beyond its bytes and text (the dictionary slot, the key tuple, the objects): a rough figure."""
_GLYPH = 120
"""What one glyph of a glyph map costs (a tuple, an int, a short string)."""

Glyphs = tuple[tuple[int, str], ...]
"""Which text each glyph id of an appearance shows (for the font's ToUnicode map), as pairs."""


class BoundedCache(Generic[K, V]):
    """A mapping that forgets its least recently used entries when their sizes pass *budget* bytes."""

    def __init__(self, budget: int, size_of: Callable[[K, V], int]) -> None:
        self.budget = budget
        self.used = 0
        self._size_of = size_of
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: K) -> V | None:
        found = self._items.get(key)
        if found is None:
            return None
        self._items.move_to_end(key)
        return found[0]

    def put(self, key: K, value: V) -> None:
        size = self._size_of(key, value)
        if size > self.budget:
            return  # larger than the whole cache: made again when needed
        old = self._items.pop(key, None)
        if old is not None:
            self.used -= old[1]
        self._items[key] = (value, size)
        self.used += size
        while self.used > self.budget:
            _, (_, dropped) = self._items.popitem(last=False)
            self.used -= dropped

    def clear(self) -> None:
        self._items.clear()
        self.used = 0


AppearanceKey = tuple[str, float, float, bool, int, int]


def _appearance_size(key: AppearanceKey, value: tuple[bytes, Glyphs]) -> int:
    return _ENTRY + 4 * len(key[0]) + len(value[0]) + _GLYPH * len(value[1])


class AppearanceCache:
    """Appearance streams already made in this process, as finished XObjects, by what they show and where.

    Shaping, laying out and compressing a value happen once per process for
    each box it is shown in; the stream is kept ready to write, font reference
    included (the font's object number is part of the key).
    """

    def __init__(self, budget: int = APPEARANCE_BUDGET) -> None:
        self._made: BoundedCache[AppearanceKey, tuple[bytes, Glyphs]] = BoundedCache(budget, _appearance_size)

    def __len__(self) -> int:
        return len(self._made)

    @property
    def used(self) -> int:
        """Bytes held (an estimate: stream, text and glyph map of every entry)."""
        return self._made.used

    def xobject(
        self, font: UnicodeFont, shown: str, width: float, height: float, multiline: bool, align: int, font_num: int
    ) -> tuple[bytes, Glyphs]:
        """The form XObject showing *shown* in a width x height box (font object *font_num*), and the glyphs it uses."""
        key = (shown, width, height, multiline, align, font_num)
        made = self._made.get(key)
        if made is None:
            appearance = text_appearance(font, shown, width, height, multiline, align)
            # Hex glyph ids compress about fourfold; level 1 costs little per field.
            packed = deflate(appearance.content)
            made = (_form_xobject(packed, width, height, font_num), tuple(appearance.text_of.items()))
            self._made.put(key, made)
        return made

    def clear(self) -> None:
        self._made.clear()


def _form_xobject(content: bytes, width: float, height: float, font_num: int) -> bytes:
    """A form XObject around an already compressed content stream."""
    head = (
        f"<< /Type /XObject /Subtype /Form /BBox [0 0 {width:.2f} {height:.2f}] "
        f"/Resources << /Font << /{FONT_RESOURCE} {font_num} 0 R >> >> /Filter /FlateDecode /Length {len(content)} >>\nstream\n"
    ).encode("ascii")
    return head + content + b"\nendstream"


SubsetKey = tuple[int, frozenset[tuple[int, str]]]


def _subset_size(key: SubsetKey, value: list[bytes]) -> int:
    return _ENTRY + _GLYPH * len(key[1]) + sum(len(body) for body in value)


class SubsetCache:
    """The font objects of a copy (Type0 font, CIDFont, descriptor, subset program, ToUnicode) by the glyphs it uses.

    Copies whose values use the same letters embed the same subset: it is cut
    and compressed once (the subset's name comes from its glyphs, so the bytes
    are those a fresh subset would have).
    """

    def __init__(self, budget: int = SUBSET_BUDGET) -> None:
        self._made: BoundedCache[SubsetKey, list[bytes]] = BoundedCache(budget, _subset_size)

    def __len__(self) -> int:
        return len(self._made)

    def objects(self, font: UnicodeFont, text_of: dict[int, str], first: int) -> list[bytes]:
        """The bodies of the font objects numbered from *first* (see :func:`formkit.render.pdf.embed.font_objects`)."""
        key = (first, frozenset(text_of.items()))
        made = self._made.get(key)
        if made is None:
            made = font_objects(font, text_of, first)[1]
            self._made.put(key, made)
        return made

    def clear(self) -> None:
        self._made.clear()
