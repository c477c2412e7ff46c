"""Shared fixtures: copies of the bundled sample records and fictitious Swedish identity numbers."""

from __future__ import annotations

import copy
import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from stdnum import luhn

ROOT = Path(__file__).resolve().parent.parent
FORM_IDS = (
    "samtycke", "genomforandeplan", "avvikelserapport", "sip", "sel-referat", "kallelse",
    "minnesanteckningar", "innkalling", "vastbas",
)


@functools.cache
def _bundled_sample(form_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "samples" / f"{form_id}.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture
def sample() -> Callable[[str], dict[str, Any]]:
    """``sample(form_id)``: a deep copy of the bundled sample record, free to change in a test."""

    def load(form_id: str) -> dict[str, Any]:
        return copy.deepcopy(_bundled_sample(form_id))

    return load


def luhn_check_digit(digits: str) -> str:
    """The Luhn check digit Skatteverket computes over YYMMDDNNN."""
    return str(luhn.calc_check_digit(digits))


@pytest.fixture
def make_personnummer() -> Callable[..., str]:
    """``make_personnummer("20120314", "238")`` -> ``"20120314-2383"``: any date digits, correct checksum.

    The date digits are taken as given, so a samordningsnummer (day + 60) or an
    impossible date (``"19120230"``) can be made on purpose.
    """

    def make(yyyymmdd: str, serial: str = "238") -> str:
        return f"{yyyymmdd}-{serial}{luhn_check_digit(yyyymmdd[2:] + serial)}"

    return make


UPDATE_GOLDEN = "FORMKIT_UPDATE_GOLDEN"


def assert_golden(path: Path, actual: str) -> None:
    """*actual* equals the golden file *path* (what a person sees, kept in tests/resources/).

    The one way to accept a deliberate change: run the tests with
    ``FORMKIT_UPDATE_GOLDEN=1``, which rewrites the files, then review ``git diff``.
    """
    if os.environ.get(UPDATE_GOLDEN):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs (accept a deliberate change with {UPDATE_GOLDEN}=1)"


@pytest.fixture
def empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder with no $FORMKIT_CONFIG: no stray formkit.toml changes a verdict."""
    monkeypatch.delenv("FORMKIT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_cli(*args: str) -> Any:
    """``formkit ARGS`` through click's runner; whatever the input, a user sees a message, never a traceback."""
    from click.testing import CliRunner

    from formkit.cli import cli

    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result
