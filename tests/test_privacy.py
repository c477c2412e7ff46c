"""Identity numbers in every spelling stay out of ids, file names, messages, the summary and ``due`` (issue 19, item 9)."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from formkit.i18n import shown_path
from formkit.privacy import has_identity_number, mask_identity_numbers
from tests.conftest import run_cli as run

Sample = Callable[[str], dict[str, Any]]
TOLVAN = "19121212-1212"
DIGITS = ("191212121212", "1212121212", "19121212", "1212-1212", "1212 1212", "121212")
"""What must not be seen of Tolvan's number, in any of its spellings."""
SPELLINGS = ("19121212 1212", "19121212_1212", "19121212.1212", "191212121212", "121212 1212", "19121212-1212",
             "121212-1212", "121212+1212", "1212121212", "19121212 - 1212", "19121212/1212", "121212\u20111212")  # fmt: skip
FODSELSNUMMER = "15108695088"  # a valid fødselsnummer (python-stdnum's example)

pytestmark = pytest.mark.usefixtures("empty_folder")


def leaks(text: str) -> list[str]:
    """The parts of Tolvan's number found in *text* (also across an iCalendar line fold)."""
    unfolded = text.replace("\r\n ", "")
    squeezed = "".join(c for c in unfolded if c.isdigit() or c.isalpha() or c == "\n")
    return [digits for digits in DIGITS if digits in unfolded or digits.replace("-", "").replace(" ", "") in squeezed]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_of_a_personnummer_is_found_and_masked(spelling: str) -> None:
    for text in (spelling, f"AVV {spelling}", f"Tolvan_{spelling}.json", f"x{spelling}y"):
        assert has_identity_number(text), text
        assert not leaks(mask_identity_numbers(text)), text


@pytest.mark.parametrize("spelling", [FODSELSNUMMER, "151086 95088"])
def test_a_norwegian_fodselsnummer_is_masked(spelling: str) -> None:
    assert mask_identity_numbers(f"Kari {spelling}.json") == "Kari DDMMÅÅXXXXX.json"


def _child(born: dt.date, serial: str = "123") -> str:
    """A valid personnummer of someone born on *born* (its Luhn check digit computed), spelt YYYYMMDD-NNNN."""
    from stdnum import luhn

    short = born.strftime("%y%m%d") + serial
    return f"{born:%Y%m%d}-{serial}{luhn.calc_check_digit(short)}"


@pytest.mark.parametrize("born", [dt.date(2012, 12, 12), dt.date.today(), dt.date(dt.date.today().year + 1, 1, 1)])
@pytest.mark.parametrize("spelling", ["{long}", "{digits}", "{short}", "AVV {long}", "barn {digits}.json"])
def test_a_childs_number_is_masked_whatever_its_birth_date(born: dt.date, spelling: str) -> None:
    """Born this century, this year, or (a typing error) next year: it is still someone's number and never shown.
    The validator's plausible-birth rule judges a record's field, not what may be shown."""
    number = _child(born)
    text = spelling.format(long=number, digits=number.replace("-", ""), short=number[2:])
    masked = mask_identity_numbers(text)
    assert has_identity_number(text)
    assert number[2:8] not in masked and number[-4:] not in masked


@pytest.mark.parametrize("text", ["AVV-2025-0017", "20250315-1430", "BU 2025/1234", "191212121213", "1912121212120", "Tolvan"])
def test_register_codes_and_time_stamps_are_left_alone(text: str) -> None:
    assert not has_identity_number(text)
    assert mask_identity_numbers(text) == text


@pytest.mark.parametrize(
    "spelling", ["19121212 1212", "19121212_1212", "19121212.1212", "AVV191212121212", "AVV 121212 1212", "AVV 20121212 1212"]
)
def test_an_id_holding_a_personnummer_in_any_spelling_is_refused(spelling: str, sample: Sample) -> None:
    report = sample("avvikelserapport")
    report["id"] = spelling
    Path("r.json").write_text(json.dumps(report), encoding="utf-8")
    result = run("validate", "avvikelserapport", "r.json", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["results"][0]["problems"]
    assert [(p["path"], p["rule"]) for p in problems] == [("id", "id_personnummer")]
    assert not leaks(result.output)


def test_a_file_named_by_a_personnummer_is_masked_in_messages_and_reports(sample: Sample) -> None:
    named = Path(f"Tolvan {TOLVAN}.json")
    named.write_text(json.dumps(sample("sip")), encoding="utf-8")
    broken = Path("Tolvan 19121212_1212.json")
    broken.write_text("{", encoding="utf-8")
    result = run("validate", "sip", str(named), str(broken), "--format", "json")
    assert result.exit_code == 2
    assert not leaks(result.output)
    assert json.loads(result.stdout)["results"][0]["source"] == "Tolvan ÅÅÅÅMMDD-XXXX.json"
    result = run("fill", "sip", str(named), "--out", "ut")
    assert result.exit_code == 0 and not leaks(result.output)
    assert not leaks(Path("ut/report.json").read_text(encoding="utf-8"))


def test_a_draft_whose_id_holds_a_personnummer_is_named_by_position(sample: Sample) -> None:
    report = sample("avvikelserapport")
    report["id"] = "AVV 19121212 1212"
    Path("r.json").write_text(json.dumps(report), encoding="utf-8")
    result = run("fill", "avvikelserapport", "r.json", "--out", "ut", "--draft")
    names = sorted(path.name for path in Path("ut").iterdir())
    assert not [name for name in names if leaks(name)], names
    assert not leaks(result.output)


def test_the_summary_counts_no_report_whose_id_holds_a_personnummer(sample: Sample) -> None:
    report = sample("avvikelserapport")
    report["id"] = "AVV 19121212 1212"
    Path("r.jsonl").write_text(json.dumps(report) + "\n", encoding="utf-8")
    result = run("summary", "r.jsonl", "--year", "2025", "--out", "s.xlsx", "--json", "s.json")
    assert result.exit_code == 1
    assert not leaks(result.output)
    assert not leaks(Path("s.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile("s.xlsx") as archive:
        assert not [name for name in archive.namelist() if leaks(archive.read(name).decode("utf-8", "replace"))]


@pytest.mark.parametrize("output", ["text", "json", "ics"])
def test_due_shows_no_personnummer_from_a_file_name(output: str, sample: Sample) -> None:
    folder = Path("arende")
    folder.mkdir()
    line = {"form": "genomforandeplan", "data": sample("genomforandeplan"), "source": f"inkommet/{TOLVAN}.pdf"}
    (folder / "Tolvan 19121212_1212.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / f"{TOLVAN}.json").write_text("{", encoding="utf-8")  # unreadable: named in a message
    result = run("due", "arende", "--date", "2025-12-10", "--format", output)
    assert result.exit_code == 2
    assert "ÅÅÅÅMMDD-XXXX" in result.output
    assert not leaks(result.output)


def test_a_control_character_in_a_file_name_is_escaped() -> None:
    assert shown_path("rapport\nfel.json") == "rapport\\nfel.json"
    assert shown_path("a\x1b[31mb.csv") == "a\\x1b[31mb.csv"
    broken = Path("två\nrader.json")
    broken.write_text("{", encoding="utf-8")
    result = run("validate", "sip", str(broken))
    assert result.exit_code == 2
    assert "kan inte läsas: två\\nrader.json: inte giltig JSON" in result.output
    assert "rader.json" not in result.output.replace("två\\nrader.json", "")
