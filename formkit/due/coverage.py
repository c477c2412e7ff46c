"""Consent coverage as a validation rule: ``formkit validate FORM FILES --with-consents CONSENTS``.

The consents are read once (any format ``formkit due`` reads; bare records as
the one form that grants consent); each validated record that needs consent
gets an error when no valid consent for the same person, valid on its date,
covers every organisation it involves, and a warning when an organisation is
covered only because the consent lists its type (see :mod:`formkit.due.cases`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from formkit.due.cases import ConsentIndex, consent_coverage, link, missing_consent
from formkit.due.inputs import FormRecord, read_inputs
from formkit.due.items import consent_is_valid
from formkit.errors import SourceError
from formkit.i18n import shown_path, text
from formkit.model.casework import casework
from formkit.model.catalog import Form, list_forms
from formkit.problems import ERROR, WARNING, Problem
from formkit.settings import Settings
from formkit.validation.rules import Rule, RuleContext

RULE = "samtycke_tackning"
TYPE_RULE = "samtycke_typ"


def consent_form(settings: Settings) -> Form | None:
    """The one form that grants consent (a bare record in a consent file is read as it), or None when not one."""
    granting = [form for form in list_forms(settings) if (spec := casework(form).consent) is not None and spec.grants]
    return granting[0] if len(granting) == 1 else None


def needs_consent(form: Form) -> bool:
    """True when the form's records involve organisations that a consent must cover (x-formkit consent needs)."""
    spec = casework(form).consent
    return spec is not None and bool(spec.needs)


def consent_rule(form: Form, paths: Iterable[str | Path], settings: Settings) -> Rule:
    """A rule for *form* that checks each record against the consents in *paths* (none for a form that needs no consent).

    SourceError when a consent file cannot be read: a missing consent would otherwise show as a finding.
    """
    paths = tuple(paths)
    inputs = read_inputs(paths, settings, consent_form(settings))
    if inputs.unreadable:
        source, message = inputs.unreadable[0]
        if shown_path(source) in message.render():  # the reason names the file already: not twice
            raise SourceError("coverage.unreadable_named", message=message)
        raise SourceError("coverage.unreadable", source=source, message=message)
    today = settings.reference_date()
    linked = link(inputs.records, today)
    if not ConsentIndex(linked).by_person:
        # Every record would fail for want of a consent: what was given holds none (a person, its dates).
        raise SourceError("coverage.no_consents", paths=", ".join(shown_path(path) for path in paths))
    # A consent that fails its own validation was given, but covers nothing: the records say so, one by one.
    index = ConsentIndex(linked, consent_is_valid(settings, today))

    def samtycke_tackning(record: dict[str, Any], ctx: RuleContext) -> Iterator[Problem]:
        (case,) = link([FormRecord("", 0, form, record)], ctx.today)
        missing = missing_consent(case, index)
        if missing:
            node = form.model.node(missing[0][1])
            labels = [node.label(kind) if node is not None else kind for kind, _ in missing]
            parent = missing[0][1].rsplit(".", 1)[0] if "." in missing[0][1] else missing[0][1]
            yield Problem(parent, ERROR, RULE, text(ctx.language, "due.kind.samtycke_saknas", types=", ".join(labels)))
        found = consent_coverage(case, index)
        for org in found.by_type if found is not None else []:
            node = form.model.node(org.path)
            label = node.label(org.kind) if node is not None and org.kind else (org.kind or "")
            parent = org.path.rsplit(".", 1)[0] if "." in org.path else org.path
            yield Problem(parent, WARNING, TYPE_RULE, text(ctx.language, "due.kind.samtycke_typ", types=label))

    return samtycke_tackning
