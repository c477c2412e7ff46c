"""schemas/lagrum.json is the one place for legal references: each checked and dated, none repealed, all cited from it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from formkit.model.catalog import get_form
from formkit.render.docx.render import docx_paragraphs, render_docx
from formkit.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
LAGRUM = json.loads((ROOT / "schemas" / "lagrum.json").read_text(encoding="utf-8"))
# A citation of a provision: "26 kap. 1 §", "10 kap. 8–9 §§", "16 kap. 4 §", "23 kap.", "§ 13".
CITATION = re.compile(r"\d+ kap\.(?: \d+(?:–\d+)? §§?)?|§ \d+")
SCANNED = ("README.md", "CHANGELOG.md", "docs", "schemas", "formkit")


def _texts() -> list[tuple[str, str]]:
    found = []
    for name in SCANNED:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix in (".py", ".md", ".json"))
        found += [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in files if p.name != "lagrum.json"]
    return found


def test_every_reference_says_what_it_is_and_when_it_was_checked() -> None:
    for ref, entry in LAGRUM["references"].items():
        assert entry.get("sv") or entry.get("nb"), ref
        assert entry["act"] and entry["status"], ref
        assert dt.date.fromisoformat(entry["checked"]) <= dt.date.today(), ref


def test_every_provision_cited_in_the_repository_is_held_here() -> None:
    known = " ".join(str(entry.get(key, "")) for entry in LAGRUM["references"].values() for key in ("sv", "nb", "short"))
    cited = {(name, found) for name, text in _texts() for found in CITATION.findall(text)}
    assert sorted((name, found) for name, found in cited if found not in known) == []


def test_no_repealed_provision_is_printed_or_documented() -> None:
    for repealed in LAGRUM["repealed"]:
        pattern = re.compile(repealed["pattern"])
        assert [name for name, text in _texts() if pattern.search(text)] == [], repealed["was"]
    assert re.search(LAGRUM["repealed"][0]["pattern"], "enligt SoL 2 kap. 7 §")  # the pattern catches the old citation


def test_the_sip_prints_its_legal_basis(sample: object) -> None:
    form = get_form("sip")
    record = json.loads((ROOT / "samples" / "sip.json").read_text(encoding="utf-8"))
    texts = docx_paragraphs(render_docx(form, record, Settings()))
    basis = "Lagrum: socialtjänstlagen (2025:400) 10 kap. 8–9 §§ och hälso- och sjukvårdslagen (2017:30) 16 kap. 4 §."
    assert basis in texts
    assert basis in form.presentation.intro  # PDF prints the same intro
