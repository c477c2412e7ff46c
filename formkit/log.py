"""Logging policy: one logger, ``formkit``, quiet unless ``--debug``; libraries that quote values kept silent.

formkit logs only what a maintainer needs to find a bug (which step, which
exception class); a record's value never goes into a log message. ``--debug``
turns the logger on (stderr, level DEBUG) and makes the command line print the
traceback of an unexpected failure — which can quote a value, hence only on
request. pypdf and openpyxl log warnings that quote field values; their
loggers are set to ERROR and do not propagate, on every path that uses them
(:func:`quiet_libraries` runs when formkit is imported by the CLI and before
every PDF is opened).
"""

from __future__ import annotations

import logging

log = logging.getLogger("formkit")
log.addHandler(logging.NullHandler())

QUOTING_LIBRARIES = ("pypdf", "openpyxl")


def quiet_libraries() -> None:
    """Keep the loggers of libraries that quote field values from printing anything below ERROR."""
    for name in QUOTING_LIBRARIES:
        logger = logging.getLogger(name)
        logger.setLevel(logging.ERROR)


def enable_debug() -> None:
    """Send formkit's own log (not the libraries') to stderr at DEBUG level."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("formkit: %(levelname)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
