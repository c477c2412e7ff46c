"""Rules of kallelse (the invitation to a network, SIP or collaboration meeting): consent, times, dates, both principals."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from formkit.i18n import text
from formkit.problems import ERROR, WARNING, Problem
from formkit.validation.rules import RuleContext, rule
from formkit.validation.rules._fields import date_at, get, minutes_at
from formkit.validation.rules._shared import bada_huvudmannen_med

FORM = "kallelse"
SIP = "sip"
"""The ``motestyp`` of a SIP meeting, which the law ties to consent and to both principals."""


@rule(FORM)
def samtycke_inhamtat(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """Seed 000: whoever raises a meeting obtains the guardians' consent; a SIP cannot be held without it."""
    if get(record, "samtycke.inhamtat") is False:
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
    """Seed 000: the meeting shall take place at the latest within 2 weeks of the need being raised."""
    raised, meeting = date_at(record, "behov_aktualiserat"), date_at(record, "mote.datum")
    if raised and meeting and (meeting - raised).days > ctx.settings.natverksmote_max_dagar:
        yield Problem(
            "mote.datum", WARNING, "mote_i_tid",
            text(ctx.language, "rule.kallelse.mote_i_tid", days=ctx.settings.natverksmote_max_dagar),
        )  # fmt: skip


@rule(FORM)
def sip_bada_huvudmannen(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
    """SoL 2 kap. 7 § / HSL 16 kap. 4 §: a SIP meeting invites both social services and health care."""
    if get(record, "motestyp") == SIP and not bada_huvudmannen_med(record, "kallade"):
        yield Problem("kallade", WARNING, "bada_huvudmannen", text(ctx.language, "rule.kallelse.bada_huvudmannen"))
