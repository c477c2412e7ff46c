"""Fail before work, not after (issue 10, item 17): unusable outputs are refused before any record is rendered."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from formkit.cli import cli
from formkit.render.base import register_renderer

Sample = Callable[[str], dict[str, Any]]
SUMMARY = Path(__file__).parent / "resources" / "summary" / "avvikelser-a.jsonl"


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_an_unwritable_out_folder_is_refused_before_any_record_is_rendered(
    tmp_path: Path, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[int] = []

    class Counting:
        ext = "txt"

        def render(self, data: dict[str, Any]) -> bytes:
            rendered.append(1)
            return b"ok"

    register_renderer("counting", lambda form, settings, options: Counting())
    out = tmp_path / "ut"
    out.mkdir()
    source = tmp_path / "sip.json"
    source.write_text(json.dumps([sample("sip")] * 50), encoding="utf-8")
    real_open = os.open

    def read_only(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        # A read-only share (tests run as root, for whom a chmod does not stop writing): nothing can be created in it.
        if Path(os.fsdecode(path)).parent == out and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    result = run("fill", "sip", source, "--out", out, "--to", "counting")
    assert result.exit_code == 2
    assert result.output == f"formkit: fel: {out}: kan inte skriva i utdatamappen (åtkomst nekad)\n"
    assert rendered == []


def test_summary_json_in_a_missing_folder_is_refused_before_the_workbook_is_written(tmp_path: Path) -> None:
    out = tmp_path / "s.xlsx"
    result = run("summary", SUMMARY, "--year", "2025", "--out", out, "--json", tmp_path / "saknas" / "s.json")
    assert result.exit_code == 2
    missing = tmp_path / "saknas"
    assert result.output == f"formkit: fel: {missing}: mappen finns inte (för s.json); skapa den först eller välj en annan\n"
    assert not out.exists()


def test_summary_out_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    result = run("summary", SUMMARY, "--year", "2025", "--out", out)
    assert result.exit_code == 2
    assert "s.csv: sammanställningen är en Excel-arbetsbok; ge --out ett namn som slutar på .xlsx" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_missing_parent_folder_is_named_as_such_not_as_a_temp_file(tmp_path: Path) -> None:
    result = run("summary", SUMMARY, "--year", "2025", "--out", tmp_path / "saknas" / "s.xlsx")
    assert result.exit_code == 2
    assert f"{tmp_path / 'saknas'}: mappen finns inte" in result.output
    assert ".tmp" not in result.output
    from formkit.atomic import write_atomic

    with pytest.raises(FileNotFoundError) as caught:
        write_atomic(tmp_path / "saknas" / "x.json", b"{}")
    assert caught.value.filename == str(tmp_path / "saknas")


def test_ctrl_c_outside_a_batch_exits_130_with_a_swedish_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not click's "Aborted!" with status 1, which a script would read as "a record was invalid"."""
    import formkit.cli.forms
    from formkit.cli import main

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(formkit.cli.forms, "list_forms", interrupted)
    assert main(["forms"]) == 130
    assert capsys.readouterr().err.strip() == "formkit: avbruten (Ctrl-C)"  # after the line ^C was typed on


def test_main_keeps_click_s_usage_errors_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    from formkit.cli import main

    assert main(["fill"]) == 2
    assert "formkit: fel: argumentet FORM saknas" in capsys.readouterr().err
    assert main(["--help"]) == 0
    assert "Usage: formkit" in capsys.readouterr().out
