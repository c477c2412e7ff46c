"""Logging policy: one logger, ``formkit``, quiet unless ``--debug``; no library's message ever reaches a person.

formkit logs only what a maintainer needs to find a bug (which step, which
exception class); a record's value never goes into a log message. ``--debug``
turns the logger on (stderr, level DEBUG) and makes the command line print the
traceback of an unexpected failure — which can quote a value, hence only on
request.

Libraries. pypdf, openpyxl and the others log warnings (and openpyxl issues
Python warnings) that can quote a field value, in English, in the middle of a
Swedish run. :func:`apply_policy` routes all of it through one handler that
keeps the library's name and level and withholds the text: in ``--debug`` the
formkit log shows ``pypdf: WARNING (text withheld)``, otherwise nothing is
printed. It covers

- the loggers of the libraries formkit uses (:data:`LIBRARIES`), set not to
  propagate, so an application's root handler does not print them either;
- any other logger without a handler of its own: Python would print its
  warnings through ``logging.lastResort``, which the policy replaces;
- Python warnings issued inside those libraries (``logging.captureWarnings``
  sends them to the ``py.warnings`` logger, whose records are withheld too).

The command line applies it before every command; a worker process of
``fill --jobs N`` applies it when it starts (a spawned process begins with
Python's defaults). A library user's program is left alone except for the
loggers in :data:`LIBRARIES` (:func:`quiet_libraries`), which every PDF or
workbook path keeps quiet while it works.
"""

from __future__ import annotations

import logging

log = logging.getLogger("formkit")
log.addHandler(logging.NullHandler())

QUOTING_LIBRARIES = ("pypdf", "openpyxl")
LIBRARIES = (
    *QUOTING_LIBRARIES, "fontTools", "PIL", "docx", "reportlab", "charset_normalizer", "py.warnings",
)  # fmt: skip
"""Libraries whose log output formkit routes through :class:`WithheldHandler` (``py.warnings``: Python warnings)."""


class WithheldHandler(logging.Handler):
    """Passes a library's log record on to formkit's log as its logger and level only, the text withheld."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == "formkit" or record.name.startswith("formkit."):
            return  # formkit's own records have formkit's handlers
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s: %s (text withheld: it may quote a value)", record.name, record.levelname)


_HANDLER = WithheldHandler(logging.DEBUG)


def quiet_libraries() -> None:
    """Route the loggers of the libraries formkit uses through the policy (levels ERROR and up reach no screen either)."""
    for name in LIBRARIES:
        logger = logging.getLogger(name)
        logger.setLevel(logging.WARNING)
        logger.propagate = False
        if _HANDLER not in logger.handlers:
            logger.addHandler(_HANDLER)


def apply_policy() -> None:
    """The whole policy for a formkit process (the command line, a worker): libraries, stray loggers, Python warnings."""
    quiet_libraries()
    logging.lastResort = _HANDLER
    logging.captureWarnings(True)


def enable_debug() -> None:
    """Send formkit's own log (and the names of what libraries logged) to stderr at DEBUG level."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("formkit: %(levelname)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
