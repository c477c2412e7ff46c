"""Small-count suppression: a count from 1 to one below ``minsta_antal`` prints as "<N", and no total gives it away.

A management group handles no personal data (Jämtbus 8), and in a small
municipality a count of 1 in a cross table can point at one child. A count
below the threshold is *primary* suppressed ("<3"). Since a table's lines
add up to totals that are printed, the reader could subtract: a cell is then
*secondarily* suppressed (".."), the smallest other cell of the line first
(zeros last), until no primary cell's value follows from its line; when
every cell is hidden and the line's total still pins them, they all print
as "..".

What a reader knows of a hidden cell: "<3" is 1 or 2; ".." is any count
(a secondary cell may be 0). A line's total is exact, "<3" (1 to N-1) or
"..". A primary cell is protected when, given the line's total and what is
known of the other cells, it can still take at least two values. Each line is
checked on its own (rows and columns of a cross table, the organisations of
one type against that type's count); hiding a cell never makes another line
less protected, so one pass over the lines is enough.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
Shown = int | str
"""A count as printed: the number, "<N" (from 1 to N-1) or ".." (hidden so that a total does not reveal another)."""
HIDDEN = ".."
_UNBOUNDED = 10**12


def small(minsta_antal: int) -> str:
    """The mark of a count from 1 to ``minsta_antal - 1``."""
    return f"<{minsta_antal}"


def count(value: int, minsta_antal: int) -> Shown:
    """One count on its own: "<N" from 1 to N-1, else the number."""
    return small(minsta_antal) if 0 < value < minsta_antal else value


def derived(value: float | None, counts: Iterable[int], minsta_antal: int) -> float | str | None:
    """A share or median made from *counts*: hidden when any of them is from 1 to N-1 (the figure would reveal it)."""
    if value is None:
        return None
    return HIDDEN if any(0 < n < minsta_antal for n in counts) else value


def _bounds(shown: Shown, minsta_antal: int) -> tuple[int, int]:
    if isinstance(shown, int):
        return shown, shown
    if shown == HIDDEN:
        return 0, _UNBOUNDED
    return 1, minsta_antal - 1


def protect(
    cells: Mapping[K, int], lines: Sequence[tuple[Sequence[K], Shown]], minsta_antal: int
) -> dict[K, Shown]:
    """*cells* as printed: primary and secondary suppression over *lines* (the cells of a line and its printed total)."""
    shown: dict[K, Shown] = {key: count(value, minsta_antal) for key, value in cells.items()}
    if minsta_antal <= 1 or not any(isinstance(value, str) for value in shown.values()):
        return shown
    for keys, total in lines:
        while True:
            exposed = _exposed(keys, total, shown, minsta_antal)
            if not exposed:
                break
            candidates = sorted((k for k in keys if isinstance(shown[k], int)), key=lambda k: (cells[k] == 0, cells[k]))
            if not candidates:
                # Every cell is hidden and the line's own total still pins them (two cells of 1 under a
                # total of "<3"): print them as "..", which may also be 0, and nothing follows.
                for key in keys:
                    shown[key] = HIDDEN
                break
            shown[candidates[0]] = HIDDEN
    return shown


def _exposed(keys: Sequence[K], total: Shown, shown: Mapping[K, Shown], m: int) -> bool:
    """Whether some "<N" cell of the line takes only one value given the line's total and the other cells."""
    low, high = _bounds(total, m)
    hidden: list[tuple[K, int, int]] = []
    for key in keys:
        value = shown[key]
        if isinstance(value, int):
            low, high = low - value, high - value
        else:
            hidden.append((key, *_bounds(value, m)))
    if not hidden:
        return False
    sum_low = sum(lo for _, lo, _ in hidden)
    sum_high = sum(hi for _, _, hi in hidden)
    for key, lo, hi in hidden:
        if shown[key] == HIDDEN:
            continue
        most = min(hi, high - (sum_low - lo))
        least = max(lo, low - (sum_high - hi))
        if most <= least:
            return True
    return False
