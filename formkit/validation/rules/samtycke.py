"""Rules of samtycke (NORRBUS Bilaga 1): custody, the child's own consent, validity."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from formkit.formats import age_on, personnummer_birth_date
from formkit.i18n import text
from formkit.problems import ERROR, WARNING, Problem
from formkit.validation.rules import RuleContext, rule
from formkit.validation.rules._fields import add_months, date_at, dicts_at, get

FORM = "samtycke"


def _child_age(record: dict[str, Any], ctx: RuleContext) -> int | None:
    number, day = get(record, "barn.personnummer"), date_at(record, "datum")
    birth = personnummer_birth_date(number, ctx.today) if isinstance(number, str) else None
    return age_on(birth, day) if birth and day else None


@rule(FORM)
def gemensam_vardnad(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """With joint custody both guardians must consent, so both must be on the form."""
    guardians = dicts_at(record, "vardnadshavare")
    if len(guardians) == 1 and guardians[0][1].get("gemensam_vardnad") is True:
        yield Problem("vardnadshavare", ERROR, "gemensam_vardnad", text(ctx.language, "rule.samtycke.gemensam_vardnad"))


@rule(FORM)
def vardnadshavare_kravs(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Vårdnadshavare may be left out only when the child is of age on the form's date."""
    if "vardnadshavare" in record:
        return
    age = _child_age(record, ctx)
    if age is None or age < ctx.settings.myndig_alder:
        yield Problem(
            "vardnadshavare", ERROR, "required",
            text(ctx.language, "rule.samtycke.vardnadshavare_kravs", age=ctx.settings.myndig_alder),
        )  # fmt: skip


@rule(FORM)
def barnets_samtycke(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """From a set age the child's own view on the consent should be sought."""
    age = _child_age(record, ctx)
    if age is not None and age >= ctx.settings.barnets_samtycke_alder and get(record, "barnets_samtycke.inhamtat") is not True:
        yield Problem(
            "barnets_samtycke", WARNING, "barnets_samtycke",
            text(ctx.language, "rule.samtycke.barnets_samtycke", age=ctx.settings.barnets_samtycke_alder),
        )  # fmt: skip


@rule(FORM)
def giltighet(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """The consent ends after it starts, and should not run longer than the set number of months."""
    start, end = date_at(record, "giltig_fran"), date_at(record, "giltig_till")
    if not start or not end:
        return
    if end <= start:
        yield Problem("giltig_till", ERROR, "giltighet", text(ctx.language, "rule.samtycke.giltighet"))
    elif end > add_months(start, ctx.settings.samtycke_max_manader):
        yield Problem(
            "giltig_till", WARNING, "giltighet_lang",
            text(ctx.language, "rule.samtycke.giltighet_lang", months=ctx.settings.samtycke_max_manader),
        )  # fmt: skip
