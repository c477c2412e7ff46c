"""Who receives an avvikelserapport (seed 000 routing, Bilaga 4 copy to the affected party)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from formkit.model.catalog import get_form
from formkit.render.docx.render import docx_paragraphs, render_docx
from formkit.render.routing import recipients
from formkit.settings import Settings

FORM = get_form("avvikelserapport")


def _report(reporter_type: str | None, affected: str | None = "Vårdcentralen") -> dict[str, Any]:
    report: dict[str, Any] = {"rapportor": {"namn": "X", "arbetsplats": "Y"}, "berord_verksamhet": {"verksamhetstyp": "ifo"}}
    if reporter_type is not None:
        report["rapportor"]["verksamhetstyp"] = reporter_type
    if affected is not None:
        report["berord_verksamhet"]["namn"] = affected
    return report


@pytest.mark.parametrize(
    ("reporter_type", "expected"),
    [
        ("grundskola", [("mottagare", "rektor"), ("kopia", "for_och_grundskolechef")]),
        ("gymnasieskola", [("mottagare", "rektor"), ("kopia", "gymnasiechef")]),
        ("ifo", [("mottagare", "enhetschef_ifo")]),
        ("primarvard", [("mottagare", "verksamhetschef_primarvard")]),
        ("forskola", [("mottagare", "narmaste_chef")]),
        ("bup", [("mottagare", "narmaste_chef")]),
        ("polis", [("mottagare", "narmaste_chef")]),
        (None, [("mottagare", "narmaste_chef")]),
    ],
)
def test_route_by_reporters_organisation_and_always_copy_affected(
    reporter_type: str | None, expected: list[tuple[str, str]]
) -> None:
    found = [(r.kind, r.role) for r in recipients(FORM, _report(reporter_type))]
    assert found == [*expected, ("kopia", "berord_verksamhet")]


def test_affected_party_named_when_known() -> None:
    assert recipients(FORM, _report("ifo"))[-1].label == "Berörd verksamhet: Vårdcentralen"
    assert recipients(FORM, _report("ifo", affected=None))[-1].label == "Berörd verksamhet"
    assert recipients(FORM, {})[-1].role == "berord_verksamhet"


def test_rendered_report_prints_its_recipients(sample: Callable[[str], dict[str, Any]]) -> None:
    record = sample("avvikelserapport")
    record["rapportor"]["verksamhetstyp"] = "gymnasieskola"
    record["berord_verksamhet"]["namn"] = "BUP Norrbotten"
    texts = docx_paragraphs(render_docx(get_form("avvikelserapport"), record, Settings()))
    assert "Lämnas till: Ansvarig rektor" in texts
    assert "Kopia till: Gymnasiechef" in texts
    assert "Kopia till: Berörd verksamhet: BUP Norrbotten" in texts
    assert "Kopia till: För- och grundskolechef" not in texts
