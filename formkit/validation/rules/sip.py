"""Rules of SIP (samordnad individuell plan): consent, follow-up, both principals present."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from formkit.validation.problems import ERROR, WARNING, Problem
from formkit.validation.rules import RuleContext, rule
from formkit.validation.rules._fields import dicts_at, get
from formkit.validation.rules._shared import uppfoljning_efter_plan

FORM = "sip"
SOCIALTJANST = frozenset({"ifo"})
HALSO_OCH_SJUKVARD = frozenset({"primarvard", "bup", "habilitering"})


@rule(FORM)
def samtycke_lamnat(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """A SIP is made only with the person's consent."""
    if get(record, "samtycke.lamnat") is False:
        yield Problem(
            "samtycke.lamnat", ERROR, "samtycke_lamnat",
            "En SIP kräver samtycke från den enskilde eller vårdnadshavarna.",
        )  # fmt: skip


rule(FORM)(uppfoljning_efter_plan)


@rule(FORM)
def bada_huvudmannen(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """SoL 2 kap. 7 § / HSL 16 kap. 4 §: a SIP is made by social services and health care together."""
    types = {kind for _, item in dicts_at(record, "deltagare") if isinstance(kind := item.get("verksamhetstyp"), str)}
    if not (types & SOCIALTJANST and types & HALSO_OCH_SJUKVARD):
        yield Problem(
            "deltagare", WARNING, "bada_huvudmannen",
            "Deltagarna bör omfatta både socialtjänsten (ifo) och hälso- och sjukvården (primärvård, BUP eller habilitering).",
        )  # fmt: skip


@rule(FORM)
def huvudansvar_huvudman(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Seed 002, 6.2: the overall responsibility lies with social services or health care."""
    kind = get(record, "huvudansvar.verksamhetstyp")
    if isinstance(kind, str) and kind not in SOCIALTJANST | HALSO_OCH_SJUKVARD:
        yield Problem(
            "huvudansvar", WARNING, "huvudansvar_huvudman",
            "Huvudansvaret bör ligga hos socialtjänsten eller hälso- och sjukvården.",
        )  # fmt: skip
