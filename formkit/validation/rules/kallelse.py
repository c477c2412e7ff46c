"""Rules of kallelse (the invitation to a network, SIP or collaboration meeting): who it is about, consent, times,
dates, both principals, and the routine's own deadlines (NORRBUS two weeks, Jämtbus standing time and target group)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from formkit.i18n import text
from formkit.problems import ERROR, WARNING, Problem
from formkit.validation.rules import RuleContext, rule
from formkit.validation.rules._fields import date_at, get, minutes_at
from formkit.validation.rules._shared import JAMTBUS, bada_huvudmannen_med, over_target_age, routine

FORM = "kallelse"
SIP = "sip"
"""The ``motestyp`` of a SIP meeting, which the law ties to consent and to both principals."""
WITHOUT_CHILD = frozenset({"konsultation", "gruppmote", "styrgruppsmote"})
"""Meeting types about no named child: a de-identified consultation (seed 000 "avidentifierade ärenden", seed 002
"i konsultativt syfte") and system-level meetings (NORRBUS gruppnivå and styrgrupp, Jämtbus Trygghet- och
hälsogruppen and styrgrupp, where "det inte hanteras personuppgifter")."""
NORRBUS = "norrbus"


def _about_a_child(record: dict[str, Any]) -> bool:
    kind = get(record, "motestyp")
    return not (isinstance(kind, str) and kind in WITHOUT_CHILD)


@rule(FORM)
def barn(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """A meeting about a child names the child and asks for consent; one about no named child names none."""
    if _about_a_child(record):
        if get(record, "barn") is None:
            yield Problem("barn", ERROR, "required", text(ctx.language, "rule.kallelse.barn_saknas"))
        if get(record, "samtycke") is None:
            yield Problem("samtycke", ERROR, "required", text(ctx.language, "rule.kallelse.samtycke_saknas"))
        return
    for path in ("barn", "vardnadshavare"):
        if get(record, path) not in (None, []):
            yield Problem(path, ERROR, "utan_barn", text(ctx.language, "rule.kallelse.utan_barn"))


@rule(FORM)
def samtycke_inhamtat(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Seed 000: whoever raises a meeting obtains the guardians' consent; a SIP cannot be held without it.

    A de-identified consultation needs no consent (seed 000: "godkännande inte behöver inhämtas").
    """
    if get(record, "samtycke.inhamtat") is False and _about_a_child(record):
        if get(record, "motestyp") == SIP:
            yield Problem("samtycke.inhamtat", ERROR, "samtycke_inhamtat", text(ctx.language, "rule.kallelse.samtycke_sip"))
        else:
            yield Problem(
                "samtycke.inhamtat", WARNING, "samtycke_inhamtat", text(ctx.language, "rule.kallelse.samtycke_inhamtat")
            )


@rule(FORM)
def motetid(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """A meeting ends after it starts."""
    start, end = minutes_at(record, "mote.fran"), minutes_at(record, "mote.till")
    if start is not None and end is not None and end <= start:
        yield Problem("mote.till", ERROR, "motetid", text(ctx.language, "rule.motetid"))


@rule(FORM)
def skickad_fore_mote(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """An invitation is sent before the meeting, and the reply is asked for before it too."""
    meeting = date_at(record, "mote.datum")
    if meeting is None:
        return
    sent, reply = date_at(record, "skickad"), date_at(record, "svar_senast")
    if sent and sent > meeting:
        yield Problem("skickad", ERROR, "skickad_fore_mote", text(ctx.language, "rule.kallelse.skickad_fore_mote"))
    if reply and reply > meeting:
        yield Problem("svar_senast", WARNING, "svar_fore_mote", text(ctx.language, "rule.kallelse.svar_fore_mote"))


@rule(FORM)
def mote_i_tid(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """NORRBUS (seed 000): the meeting shall take place at the latest within 2 weeks of the need being raised.

    Only an invitation that follows NORRBUS is held to it: Jämtbus and Västbas set no such number.
    """
    if routine(FORM, record, ctx) != NORRBUS:
        return
    raised, meeting = date_at(record, "behov_aktualiserat"), date_at(record, "mote.datum")
    if raised and meeting and (meeting - raised).days > ctx.settings.natverksmote_max_dagar:
        yield Problem(
            "mote.datum", WARNING, "mote_i_tid",
            text(ctx.language, "rule.kallelse.mote_i_tid", days=ctx.settings.natverksmote_max_dagar),
        )  # fmt: skip


@rule(FORM)
def sip_bada_huvudmannen(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """SoL 10 kap. 8–9 §§ / HSL 16 kap. 4 § (schemas/lagrum.json): a SIP meeting invites social services and health care."""
    if get(record, "motestyp") == SIP and not bada_huvudmannen_med(record, "kallade"):
        yield Problem("kallade", WARNING, "bada_huvudmannen", text(ctx.language, "rule.kallelse.bada_huvudmannen"))


@rule(FORM)
def staende_tid(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Jämtbus 6.2: a SIP meeting outside the municipality's standing collaboration time gets an advisory note."""
    if get(record, "motestyp") != SIP or routine(FORM, record, ctx) != JAMTBUS:
        return
    from formkit.model.catalog import get_form

    form = get_form(FORM, ctx.settings)
    name = form.presentation.municipality_name(record, ctx.settings, ctx.language)
    kommun = ctx.settings.municipality_settings(name)
    standing = kommun.staende_tid if kommun is not None else None
    day = date_at(record, "mote.datum")
    start, end = get(record, "mote.fran"), get(record, "mote.till")
    if standing is None or day is None:
        return
    if not standing.holds(day, start if isinstance(start, str) else None, end if isinstance(end, str) else None):
        yield Problem(
            "mote.datum", WARNING, "staende_tid",
            text(ctx.language, "rule.kallelse.staende_tid", start=standing.start, end=standing.end),
        )  # fmt: skip


@rule(FORM)
def malgrupp(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Jämtbus 3.2: a Jämtbus meeting is about a child or young person 0–20 years old."""
    if routine(FORM, record, ctx) == JAMTBUS:
        yield from over_target_age(record, ctx, "barn.personnummer", "mote.datum")
