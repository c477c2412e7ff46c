"""Rules that several forms share: registered once per form by the form's own rule module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from formkit.validation.problems import ERROR, Problem
from formkit.validation.rules import RuleContext
from formkit.validation.rules._fields import date_at


def uppfoljning_efter_plan(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """The (first) follow-up comes after the plan is made (genomförandeplan, SIP)."""
    plan, follow_up = date_at(record, "upprattad_datum"), date_at(record, "uppfoljning.datum")
    if plan and follow_up and follow_up <= plan:
        yield Problem(
            "uppfoljning.datum", ERROR, "uppfoljning_efter_plan",
            "Uppföljningen måste ligga efter datumet då planen upprättades.",
        )  # fmt: skip
