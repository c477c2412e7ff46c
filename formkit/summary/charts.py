"""The yearly report's bar charts, drawn with matplotlib: a PNG and the sentence a screen reader says instead.

A hidden count ("<3", "..") gets no bar: its height would print what the
table hides; the mark is written where the bar would stand. The PNG has no
transparency (PDF/A) and names the values in its alternative text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from formkit.summary.disclosure import Shown

WIDTH_CM, DPI = 16.0, 200
BLUE, GREY = "#2f5f8a", "#a6a6a6"
"""This year, the year before: told apart by shade and by the legend, not by colour alone."""


@dataclass(frozen=True)
class Chart:
    """A drawn chart: the PNG, its height on the page and its alternative text."""

    png: bytes
    width_cm: float
    height_cm: float
    alt: str


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[Shown],
    *,
    horizontal: bool = False,
    before: Sequence[Shown] | None = None,
    series: tuple[str, str] = ("", ""),
    alt: str,
) -> Chart:
    """A bar chart of *values* (with the year *before* beside them when given), titled *title*."""
    import matplotlib

    matplotlib.use("Agg")  # no display: a batch job on a server
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator
    from PIL import Image

    rows = len(labels)
    height_cm = max(6.0, 1.2 + rows * (0.75 if before is not None else 0.5)) if horizontal else 7.5
    figure, axes = plt.subplots(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=DPI)
    try:
        width = 0.4 if before is not None else 0.7
        groups = [(values, 0.0 if before is None else width / 2, BLUE, series[0])]
        if before is not None:
            groups.insert(0, (before, -width / 2, GREY, series[1]))
        top = max([v for vs, *_ in groups for v in vs if isinstance(v, int)] + [1])
        for shown, offset, colour, name in groups:
            positions = [i + offset for i in range(rows)]
            heights = [v if isinstance(v, int) else 0 for v in shown]
            draw = axes.barh if horizontal else axes.bar
            draw(positions, heights, width, color=colour, label=name or None)
            for position, value in zip(positions, shown, strict=True):
                if isinstance(value, str):  # hidden: the mark where the bar would be, no bar
                    xy = (top * 0.01, position) if horizontal else (position, top * 0.01)
                    axes.annotate(value, xy, ha="left" if horizontal else "center", va="center" if horizontal else "bottom",
                                  fontsize=7, color="#333333")  # fmt: skip
        ticks = list(range(rows))
        if horizontal:
            axes.set_yticks(ticks, labels, fontsize=7)
            axes.invert_yaxis()
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        else:
            axes.set_xticks(ticks, labels, fontsize=7, rotation=45, ha="right")
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.tick_params(labelsize=7)
        axes.set_title(title, fontsize=9)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        if before is not None:
            axes.legend(fontsize=7, frameon=False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", facecolor="white", metadata={"Software": None})
    finally:
        plt.close(figure)
    rgb = io.BytesIO()
    Image.open(io.BytesIO(buffer.getvalue())).convert("RGB").save(rgb, format="PNG", optimize=True)
    return Chart(rgb.getvalue(), WIDTH_CM, height_cm, alt)
