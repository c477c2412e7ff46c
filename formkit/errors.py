"""The exceptions formkit raises: one root, a short tree, none carrying personal data.

When to raise, return, warn or log — decided once, here:

- A problem in a *record* is never raised. Validation returns it as a
  ``Problem`` (path, severity, rule, message), collected with the record's
  others; a batch reports it per record and goes on. Only a program's call
  to fill one record (``formkit.fill``, ``Filler.fill``), which has no
  report to put it in, raises :class:`InvalidRecordError` holding them.
- A problem with a *whole input or output* — a file that cannot be read, a
  broken template, an output folder that cannot be used, bad settings — is a
  :class:`FormkitError` subclass, raised before any work that depends on it.
  The command line prints its message (in the form's language) and exits 2.
- Anything else is a bug: the command line prints the exception's class and
  exits 3; ``--debug`` shows the traceback (which may quote a value, so only
  when asked).
- Nothing is logged that holds a record's value. formkit logs to the logger
  ``formkit`` (silent unless ``--debug``); pypdf's and openpyxl's loggers,
  which quote field values, are kept quiet (:mod:`formkit.log`).

Every message is a catalogue text (:mod:`formkit.i18n`) built from paths,
field paths, rules and counts — never from a value in a record.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from formkit.i18n import DEFAULT_LANGUAGE, Message

if TYPE_CHECKING:
    from formkit.problems import Problem


class FormkitError(Exception):
    """Base class of every error formkit raises on purpose.

    Made from a catalogue key and its parameters; :meth:`message` puts it into
    words in a language (``str()`` gives the default, Swedish).
    """

    def __init__(self, key: str, /, **params: object) -> None:
        self.msg = Message(key, params)
        super().__init__(key)

    def message(self, language: str | None = None) -> str:
        """The message in *language* (``sv`` or ``nb``)."""
        return self.msg.render(language)

    def __str__(self) -> str:
        return self.message(DEFAULT_LANGUAGE)


class UnknownFormError(FormkitError):
    """The form id names no form in the catalogue."""


class SchemaError(FormkitError):
    """A form's schema or presentation is missing, unreadable or not valid."""


class SourceError(FormkitError):
    """An input file cannot be read as records (missing, bad JSON, bad table)."""


class PdfError(SourceError):
    """A PDF cannot be read, filled or extracted (damaged, encrypted, no form, too large)."""


class DocxError(SourceError):
    """A filled Word form cannot be read: damaged, too large, hostile (macros, external links, entities) or no form."""


class TemplateError(FormkitError):
    """A template is missing, unreadable or does not fit its form's schema."""


class RenderError(FormkitError):
    """A record could not be rendered into a document."""


class InvalidRecordError(FormkitError):
    """A record asked to be filled on its own does not validate; ``problems`` says where and why."""

    def __init__(self, form: str, problems: Sequence[Problem]) -> None:
        errors = [problem for problem in problems if problem.severity == "error"]
        first = errors[0] if errors else None
        where = f"{first.path or '-'} ({first.rule})" if first is not None else "-"
        super().__init__("fill.invalid_record", form=form, count=len(errors), first=where)
        self.problems = list(problems)
        """Every problem of the record (errors and warnings), as ``formkit.validate`` gives them."""


class OutputError(FormkitError):
    """An output (folder, file) cannot be written or is refused."""


class OutputExistsError(OutputError):
    """The output folder already holds output of this form and overwriting was not asked for."""


class ConfigError(FormkitError):
    """formkit.toml is unreadable or holds a setting of the wrong type."""
