"""The figures as every joint output prints them (workbook, report, JSON): small counts suppressed unless ``detail``.

One view, built once per summary, so the workbook, the report and the JSON
hide the same cells: a cell shown in one and hidden in another would undo the
suppression. See :mod:`formkit.summary.disclosure` for the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from formkit.summary.disclosure import Shown, count, derived, protect

Derived = float | str | None
"""A median or share: the number, ".." when it would reveal a small count, None when there is nothing to measure."""


@dataclass(frozen=True)
class Figures:
    """The counts the management group reads; every enum count lists every code, zeros included."""

    total: int
    by_month: dict[str, int]
    by_reporting: dict[str, int]
    by_affected: dict[str, int]
    by_category: dict[str, int]
    by_status: dict[str, int]
    cross: dict[str, dict[str, int]]
    """Reporting type -> affected type -> count."""
    aterkoppling: int
    median_dagar_aterkoppling: float | None
    open: int
    duplicates: int
    """Extra copies of the counted reports, left out of every other figure."""
    by_reporting_org: dict[tuple[str, str], int] = field(default_factory=dict)
    """(reporting type, organisation name) -> count, most reports first, then by name."""
    by_affected_org: dict[tuple[str, str], int] = field(default_factory=dict)
    """(affected type, organisation name or "") -> count, most reports first, then by name."""
    feedback_days: int = 0
    """The setting återkoppling is due within (``aterkoppling_max_dagar``), days after rapportdatum."""
    feedback_due: int = 0
    """Reports whose återkoppling was due by the reference date, or that have had it."""
    feedback_in_time: int = 0
    """Of those, the reports that had återkoppling within ``feedback_days``."""
    atgardade: int = 0
    """Reports with an åtgärdat date."""
    median_dagar_atgard: float | None = None
    """Median days from rapportdatum to åtgärdat."""
    open_by_age: dict[str, int] = field(default_factory=dict)
    """Open reports by days since rapportdatum on the reference date (:data:`formkit.summary.figures.AGE_BANDS`)."""
    actions: dict[str, dict[str, int]] = field(default_factory=dict)
    """Category -> what became of its actions (:data:`formkit.summary.figures.ACTION_STATES`) -> count."""

    @property
    def feedback_share(self) -> float | None:
        """The share of reports due for återkoppling that had it in time; None when none was due."""
        return self.feedback_in_time / self.feedback_due if self.feedback_due else None


class Summarised(Protocol):
    """What :func:`published` reads of a summary (:class:`formkit.summary.figures.DeviationSummary`)."""

    @property
    def figures(self) -> Figures: ...
    @property
    def previous(self) -> Figures | None: ...
    @property
    def minsta_antal(self) -> int: ...
    @property
    def detail(self) -> bool: ...


@dataclass(frozen=True)
class Published:
    """Every figure as printed (see the module's docstring); organisation rows are (type, name, count)."""

    total: Shown
    by_month: dict[str, Shown]
    by_reporting: dict[str, Shown]
    by_affected: dict[str, Shown]
    by_category: dict[str, Shown]
    by_status: dict[str, Shown]
    cross: dict[str, dict[str, Shown]]
    by_reporting_org: list[tuple[str, str, Shown]]
    by_affected_org: list[tuple[str, str, Shown]]
    aterkoppling: Shown
    median_dagar_aterkoppling: Derived
    feedback_days: int
    feedback_due: Shown
    feedback_in_time: Shown
    feedback_share: Derived
    atgardade: Shown
    median_dagar_atgard: Derived
    open: Shown
    open_by_age: dict[str, Shown]
    actions: dict[str, dict[str, Shown]]
    action_totals: dict[str, Shown]
    minsta_antal: int
    detail: bool

    def to_json(self) -> dict[str, Any]:
        """The figures beyond issue 5's keys, for ``--json``."""

        def organisations(rows: list[tuple[str, str, Shown]]) -> list[dict[str, Any]]:
            return [{"verksamhetstyp": typ, "namn": name, "antal": n} for typ, name, n in rows]

        return {
            "minsta_antal": self.minsta_antal,
            "detail": self.detail,
            "cross": self.cross,
            "by_reporting_organisation": organisations(self.by_reporting_org),
            "by_affected_organisation": organisations(self.by_affected_org),
            "handling": {
                "aterkoppling": self.aterkoppling,
                "median_days_to_aterkoppling": self.median_dagar_aterkoppling,
                "aterkoppling_max_dagar": self.feedback_days,
                "aterkoppling_due": self.feedback_due,
                "aterkoppling_in_time": self.feedback_in_time,
                "share_in_time": self.feedback_share,
                "atgardade": self.atgardade,
                "median_days_to_atgard": self.median_dagar_atgard,
                "open": self.open,
                "open_by_age_days": self.open_by_age,
            },
            "actions_by_category": self.actions,
            "actions_total": self.action_totals,
        }


def publish(f: Figures, minsta_antal: int, detail: bool) -> Published:
    """*f* as printed: exact with *detail*, else suppressed with *minsta_antal*."""
    m = 1 if detail else minsta_antal  # a threshold of 1 hides nothing
    total = count(f.total, m)

    def line(values: dict[str, int], of: Shown) -> dict[str, Shown]:
        return protect(values, [(list(values), of)], m)

    by_reporting, by_affected = line(f.by_reporting, total), line(f.by_affected, total)
    cells = {(r, a): n for r, row in f.cross.items() for a, n in row.items()}
    rows = [([(r, a) for a in row], by_reporting.get(r, 0)) for r, row in f.cross.items()]
    columns = [([(r, a) for r in f.cross], by_affected.get(a, 0)) for a in next(iter(f.cross.values()), {})]
    cross_shown = protect(cells, rows + columns, m)

    def organisations(counts: dict[tuple[str, str], int], by_type: dict[str, Shown]) -> list[tuple[str, str, Shown]]:
        lines = [([k for k in counts if k[0] == typ], shown) for typ, shown in by_type.items()]
        shown_orgs = protect(counts, [*lines, (list(counts), total)], m)
        return [(typ, name, shown_orgs[typ, name]) for typ, name in counts]

    action_cells = {(k, state): n for k, states in f.actions.items() for state, n in states.items()}
    states = list(next(iter(f.actions.values()), {}))
    action_totals = {state: count(sum(f.actions[k][state] for k in f.actions), m) for state in states}
    by_category = line(f.by_category, total)
    action_lines = [([(k, s) for s in states], by_category.get(k, 0)) for k in f.actions]
    action_lines += [([(k, s) for k in f.actions], action_totals[s]) for s in states]
    actions = protect(action_cells, action_lines, m)
    late = f.feedback_due - f.feedback_in_time
    open_ = count(f.open, m)
    return Published(
        total=total,
        by_month=line(f.by_month, total),
        by_reporting=by_reporting,
        by_affected=by_affected,
        by_category=by_category,
        by_status=line(f.by_status, total),
        cross={r: {a: cross_shown[r, a] for a in row} for r, row in f.cross.items()},
        by_reporting_org=organisations(f.by_reporting_org, by_reporting),
        by_affected_org=organisations(f.by_affected_org, by_affected),
        aterkoppling=count(f.aterkoppling, m),
        median_dagar_aterkoppling=derived(f.median_dagar_aterkoppling, [f.aterkoppling], m),
        feedback_days=f.feedback_days,
        feedback_due=count(f.feedback_due, m),
        feedback_in_time=count(f.feedback_in_time, m),
        feedback_share=derived(f.feedback_share, [f.feedback_due, f.feedback_in_time, late], m),
        atgardade=count(f.atgardade, m),
        median_dagar_atgard=derived(f.median_dagar_atgard, [f.atgardade], m),
        open=open_,
        open_by_age=line(f.open_by_age, open_),
        actions={k: {s: actions[k, s] for s in states} for k in f.actions},
        action_totals=action_totals,
        minsta_antal=minsta_antal,
        detail=detail,
    )


def published(summary: Summarised) -> Published:
    """The summary's figures as its outputs print them."""
    return publish(summary.figures, summary.minsta_antal, summary.detail)


def published_previous(summary: Summarised) -> Published | None:
    """The year before's figures as printed, when the summary has them."""
    return None if summary.previous is None else publish(summary.previous, summary.minsta_antal, summary.detail)
