"""``formkit check-pdf``: the PDF/A-2 and PDF/UA-1 rules formkit checks, on any PDF files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from formkit.cli.common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, handle_errors, language, say, text_or_json
from formkit.errors import PdfError
from formkit.i18n import text
from formkit.pdfio.check import CheckResult, check_path


def _lines(path: Path, result: CheckResult) -> list[str]:
    """The verdict on one file, then its findings (errors first), in the file's language."""
    lang = result.language
    key = "check.cli.conforms" if result.conforms else "check.cli.fails"
    count = result.warnings
    warnings = text(lang, "check.cli.warnings.one") if count == 1 else text(lang, "check.cli.warnings.many", count=count)
    lines = [text(lang, key, path=path, standard=result.standard, errors=result.errors, warnings=warnings)]
    for finding in sorted(result.findings, key=lambda f: (f.severity != "error", f.rule)):
        severity = text(lang, f"check.cli.{finding.severity}")
        lines.append(f"  {severity:<9} {finding.rule:<26} {finding.text(lang)} [{finding.clause}]")
    return lines


@click.command(name="check-pdf")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.pdf...")
@click.option("--ua", is_flag=True, help="Also apply the PDF/UA-1 rules (by default only to files that claim PDF/UA).")
@text_or_json
@handle_errors
def check_pdf(files: tuple[Path, ...], ua: bool, output: str) -> None:
    """Check PDF files against the PDF/A-2 (and PDF/UA-1) rules formkit verifies.

    \b
    Prints a verdict per file, then each finding: severity, rule, what is
    wrong (object and page numbers, never a field's value) and the clause of
    ISO 19005-2 or ISO 14289-1 it breaks. The README lists what is checked
    and what is not; this is no substitute for a full validator such as veraPDF.

    \b
    Exit status: 0 every file conforms (warnings allowed), 1 some file has
    an error, 2 usage error or a file that cannot be read (the others are
    still checked).

    \b
    --format json prints one document:
      {"conforms": bool, "files": [{"file", "standard", "conforms",
        "findings": [{"rule", "severity", "message", "clause"}]}],
       "unreadable": [{"file", "message"}]}

    \b
    Examples:
      formkit check-pdf ut/arkiv/*.pdf
      formkit check-pdf --ua blankett.pdf
    """  # fmt: skip
    checked: list[dict[str, Any]] = []
    unreadable: list[dict[str, str]] = []
    failed = False
    for path in files:
        try:
            result = check_path(path, ua=True if ua else None)
        except PdfError as exc:
            message = exc.message(language())
            unreadable.append({"file": str(path), "message": message})
            if output == "text":
                click.echo(say("cli.error", message=message), err=True)
            continue
        failed = failed or not result.conforms
        if output == "text":
            for line in _lines(path, result):
                click.echo(line)
        else:
            findings = [f.to_dict(result.language) for f in result.findings]
            checked.append({"file": str(path), "standard": result.standard, "conforms": result.conforms, "findings": findings})
    if output == "json":
        document = {"conforms": not failed and not unreadable, "files": checked, "unreadable": unreadable}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    raise SystemExit(EXIT_USAGE if unreadable else EXIT_INVALID if failed else EXIT_OK)
