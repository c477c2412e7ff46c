"""Settings: the seeds' thresholds as defaults, overridden by formkit.toml, $FORMKIT_CONFIG or --config."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from formkit.cli import cli
from formkit.errors import ConfigError
from formkit.settings import Settings, load_settings

Sample = Callable[[str], dict[str, Any]]


@pytest.fixture(autouse=True)
def no_ambient_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test starts in an empty folder with no $FORMKIT_CONFIG, so only what it writes counts."""
    monkeypatch.delenv("FORMKIT_CONFIG", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_the_seeds_values() -> None:
    settings = load_settings()
    assert settings == Settings()
    assert settings.natverksmote_max_dagar == 14  # seed 000: "senast inom 2 veckor"
    assert settings.barnets_samtycke_alder == 12
    assert settings.samtycke_max_manader == 12
    assert settings.myndig_alder == 18
    assert settings.kommun == settings.kommune == ""  # no municipality unless the record or the installation names one


def test_formkit_toml_overrides_thresholds_and_kommun(tmp_path: Path) -> None:
    path = write(tmp_path / "formkit.toml", """
[regler]
natverksmote_max_dagar = 10
barnets_samtycke_alder = 13
samtycke_max_manader = 6
myndig_alder = 16

[dokument]
kommun = "Åre kommun"
""")  # fmt: skip
    assert load_settings(path) == Settings(
        natverksmote_max_dagar=10, barnets_samtycke_alder=13, samtycke_max_manader=6, myndig_alder=16, kommun="Åre kommun"
    )


def test_each_form_language_prints_its_own_municipality(tmp_path: Path) -> None:
    path = write(tmp_path / "formkit.toml", '[dokument]\nkommun = "Åre kommun"\nkommune = "Lom kommune"\n')
    settings = load_settings(path)
    assert (settings.municipality("sv"), settings.municipality("nb")) == ("Åre kommun", "Lom kommune")
    assert (Settings().municipality("sv"), Settings().municipality("nb")) == ("", "")


def test_a_partial_file_keeps_the_other_defaults(tmp_path: Path) -> None:
    path = write(tmp_path / "formkit.toml", "[regler]\nnatverksmote_max_dagar = 21\n")
    assert load_settings(path) == Settings(natverksmote_max_dagar=21)


def test_an_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path / "formkit.toml", "")) == Settings()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("[granser]\nnatverksmote_max_dagar = 14\n", ["[granser]", "regler"]),
        ("[regler]\nnatverksmote_max_veckor = 2\n", ["regler.natverksmote_max_veckor", "natverksmote_max_dagar"]),
        ("[dokument]\nnatverksmote_max_dagar = 14\n", ["dokument.natverksmote_max_dagar"]),
        ('[regler]\nnatverksmote_max_dagar = "14"\n', ["regler.natverksmote_max_dagar", "ett heltal"]),
        ("[regler]\nnatverksmote_max_dagar = 14.5\n", ["regler.natverksmote_max_dagar", "ett heltal"]),
        ("[regler]\nnatverksmote_max_dagar = true\n", ["regler.natverksmote_max_dagar", "ett heltal"]),
        ("[regler]\nnatverksmote_max_dagar = -1\n", ["regler.natverksmote_max_dagar", "negativ"]),
        ("[dokument]\nkommun = 5\n", ["dokument.kommun", "en text"]),
        ("regler = 14\n", ["[regler]"]),
        ("[regler\nnatverksmote_max_dagar = 14\n", ["kan inte läsas"]),
    ],
)
def test_a_bad_setting_is_a_config_error_naming_file_and_key(tmp_path: Path, text: str, names: list[str]) -> None:
    path = write(tmp_path / "formkit.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert str(path) in message
    for name in names:
        assert name in message


def test_a_missing_file_given_by_path_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="inställningsfilen finns inte"):
        load_settings(tmp_path / "saknas.toml")


def test_formkit_config_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "annan.toml", "[regler]\nmyndig_alder = 20\n")
    monkeypatch.setenv("FORMKIT_CONFIG", str(path))
    assert load_settings() == Settings(myndig_alder=20)
    monkeypatch.setenv("FORMKIT_CONFIG", str(tmp_path / "saknas.toml"))
    with pytest.raises(ConfigError, match="FORMKIT_CONFIG"):
        load_settings()


def test_formkit_toml_in_the_current_folder(no_ambient_config: Path) -> None:
    write(no_ambient_config / "formkit.toml", "[dokument]\nkommun = \"Sel kommune\"\n")
    assert load_settings() == Settings(kommun="Sel kommune")


def test_an_explicit_path_wins_over_the_environment_and_the_folder(
    tmp_path: Path, no_ambient_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(no_ambient_config / "formkit.toml", "[regler]\nmyndig_alder = 17\n")
    monkeypatch.setenv("FORMKIT_CONFIG", str(write(tmp_path / "env.toml", "[regler]\nmyndig_alder = 19\n")))
    assert load_settings(write(tmp_path / "explicit.toml", "[regler]\nmyndig_alder = 21\n")).myndig_alder == 21
    assert load_settings().myndig_alder == 19  # the environment wins over the folder


# ---------------------------------------------------------------- through the command line


def _samtycke_without_guardians(tmp_path: Path, sample: Sample) -> Path:
    record = sample("samtycke")  # the child is 13 on datum
    del record["vardnadshavare"]
    path = tmp_path / "samtycke.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


def test_config_option_changes_a_rules_verdict(tmp_path: Path, sample: Sample) -> None:
    record = _samtycke_without_guardians(tmp_path, sample)
    config = write(tmp_path / "formkit.toml", "[regler]\nmyndig_alder = 13\n")
    runner = CliRunner()
    default = runner.invoke(cli, ["validate", "samtycke", str(record), "--format", "json"])
    assert default.exit_code == 1
    assert [p["path"] for p in json.loads(default.stdout)["results"][0]["problems"]] == ["vardnadshavare"]
    configured = runner.invoke(cli, ["--config", str(config), "validate", "samtycke", str(record), "--format", "json"])
    assert configured.exit_code == 0
    assert json.loads(configured.stdout)["results"][0]["problems"] == []


def test_config_threshold_turns_a_warning_on_under_strict(tmp_path: Path, sample: Sample) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(sample("genomforandeplan"), ensure_ascii=False), encoding="utf-8")  # meeting after 9 days
    config = write(tmp_path / "formkit.toml", "[regler]\nnatverksmote_max_dagar = 7\n")
    runner = CliRunner()
    assert runner.invoke(cli, ["validate", "genomforandeplan", str(plan), "--strict"]).exit_code == 0
    result = runner.invoke(cli, ["--config", str(config), "validate", "genomforandeplan", str(plan), "--strict"])
    assert result.exit_code == 1
    assert "arende.natverksmote" in result.stdout


def test_formkit_config_environment_reaches_the_cli(tmp_path: Path, sample: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    record = _samtycke_without_guardians(tmp_path, sample)
    monkeypatch.setenv("FORMKIT_CONFIG", str(write(tmp_path / "env.toml", "[regler]\nmyndig_alder = 13\n")))
    assert CliRunner().invoke(cli, ["validate", "samtycke", str(record)]).exit_code == 0


def test_a_bad_config_file_is_exit_2_with_a_message_and_no_traceback(tmp_path: Path, sample: Sample) -> None:
    record = _samtycke_without_guardians(tmp_path, sample)
    config = write(tmp_path / "formkit.toml", '[regler]\nmyndig_alder = "arton"\n')
    result = CliRunner().invoke(cli, ["--config", str(config), "validate", "samtycke", str(record)])
    assert result.exit_code == 2
    assert result.stderr == f"formkit: fel: {config}, rad 2, kolumn 1: regler.myndig_alder ska vara ett heltal\n"
    assert "arton" not in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_a_missing_config_file_is_exit_2(tmp_path: Path, sample: Sample) -> None:
    record = _samtycke_without_guardians(tmp_path, sample)
    result = CliRunner().invoke(cli, ["--config", str(tmp_path / "saknas.toml"), "validate", "samtycke", str(record)])
    assert result.exit_code == 2
    assert result.stderr == f"formkit: fel: {tmp_path / 'saknas.toml'}: inställningsfilen finns inte\n"


# ------------------------------------------------------------------ issue 19 item 24: where in the file, and a BOM


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("[regler\nnatverksmote_max_dagar = 14\n", "rad 1, kolumn 8"),  # a syntax error: tomllib's place
        ("# mina inställningar\n[regler]\nmyndig_alder = 18\nnatverksmote_max_dagar = 14.5\n", "rad 4, kolumn 1"),
        ("[regler]\nmyndig_alder = 18\n\n[dokument]\n  kommun = 5\n", "rad 5, kolumn 3"),
        ("[regler]\nnatverksmote_max_veckor = 2\n", "rad 2, kolumn 1"),
        ("\n\n[granser]\n", "rad 3, kolumn 2"),
        ('[dokument]\nkommun = "Åre kommun\n', "rad 2, kolumn 21"),
        ("regler.myndig_alder = true\n", "rad 1, kolumn 1"),
        ('[formular]\nkataloger = "egna"\n', "rad 2, kolumn 1"),
    ],
)
def test_an_error_in_formkit_toml_names_its_line_and_column(tmp_path: Path, text: str, place: str) -> None:
    path = write(tmp_path / "formkit.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value).startswith(f"{path}, {place}: ")
    assert caught.value.message("nb").startswith(f"{path}, {place.replace('rad', 'linje').replace('kolumn', 'kolonne')}: ")


def test_a_byte_that_is_not_utf8_is_placed_too(tmp_path: Path) -> None:
    path = tmp_path / "formkit.toml"
    path.write_bytes('[dokument]\nkommun = "Åre kommun"\n'.encode("cp1252"))
    with pytest.raises(ConfigError, match=r", rad 2, kolumn 11: .*inte UTF-8"):
        load_settings(path)


def test_a_utf8_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "formkit.toml"
    path.write_bytes(b"\xef\xbb\xbf" + '[dokument]\nkommun = "Åre kommun"\n'.encode())  # Notepad's "UTF-8 med BOM"
    assert load_settings(path) == Settings(kommun="Åre kommun")


# ------------------------------------------------------------------ issue 19 item 25: no default municipality


def _headers(folder: Path, form_id: str) -> tuple[str, str]:
    """The first line of the Word header and of the PDF's first page, as filled into *folder*."""
    import subprocess

    from formkit.render.docx.render import docx_paragraphs

    word = docx_paragraphs((folder / f"{form_id}-00001.docx").read_bytes())
    pdf = subprocess.run(["pdftotext", "-layout", str(folder / f"{form_id}-00001.pdf"), "-"], check=True, capture_output=True)
    return next(text for text in word if "\t\t" in text), pdf.stdout.decode("utf-8").lstrip("\n").splitlines()[0]


@pytest.mark.parametrize(("form_id", "key"), [("genomforandeplan", "kommun"), ("sel-referat", "kommune")])
def test_a_record_without_its_municipality_is_headed_by_the_setting_or_by_none(
    tmp_path: Path, sample: Sample, form_id: str, key: str
) -> None:
    record = sample(form_id)
    named = record.pop(key)
    source = write(tmp_path / "utan.json", json.dumps(record))
    result = CliRunner().invoke(cli, ["fill", form_id, str(source), "--to", "docx,pdf", "--out", str(tmp_path / "ingen")])
    assert result.exit_code == 0, result.output
    word, pdf = _headers(tmp_path / "ingen", form_id)
    title = word.split("\t")[-1]  # the form's title (Sel's names its municipality: that is the form, not a default)
    for header in (word, pdf):
        assert "kommun" not in header.replace(title, "").lower(), header
    assert word.startswith("\t")
    config = write(tmp_path / "formkit.toml", f'[dokument]\n{key} = "Lom kommun"\n')
    out = tmp_path / "satt"
    fill = ["fill", form_id, str(source), "--to", "docx,pdf", "--out", str(out)]
    result = CliRunner().invoke(cli, ["--config", str(config), *fill])
    assert result.exit_code == 0, result.output
    word, pdf = _headers(out, form_id)
    assert word.startswith("Lom kommun\t") and "Lom kommun" in pdf
    assert named not in word.replace(title, "") and named not in pdf.replace(title, "")
