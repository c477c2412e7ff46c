"""What the PDF and Word readers share: telling a filled form's form from its field names, and typing its values.

A filled PDF's fields and a Word form's content controls are both named by
the fields' dot paths; both are read back into a record the same way.
"""

from __future__ import annotations

import re
from typing import Any

from formkit.errors import PdfError, UnknownFormError
from formkit.model.catalog import Form, get_form, list_forms
from formkit.model.fields import generic_path
from formkit.model.paths import coerce, nest
from formkit.pdfio.fields import is_display_field
from formkit.pdfio.info import FORM_KEY
from formkit.settings import Settings
from formkit.textclean import clean_text

_SAFE_TEXT = re.compile(r"[^0-9A-Za-z._+-]")


def shown_info(text: str) -> str:
    """A form id or version from the PDF's own info, as printed: plain characters only, short.

    The info dictionary is whatever the sender's file says; it must not bring
    terminal control characters or a page of text into a message.
    """
    return _SAFE_TEXT.sub("", text)[:32] or "?"


def forms_by_fields(names: list[str], settings: Settings | None = None) -> list[Form]:
    """The forms whose fields include every one of *names* (a PDF's field names, list rows as numbers).

    formkit's own display fields (``_underskrifter.0.namn``) are not fields of a form and do not count.
    """
    wanted = {generic_path(n) for n in names if not is_display_field(n)}
    if not wanted:
        return []
    return [form for form in list_forms(settings) if wanted <= {f.path for f in form.model.leaves}]


def identify_form(info: dict[str, str], names: list[str], file_name: str, settings: Settings | None = None) -> Form:
    """The form a PDF is, by its fields; its info key (``/FormkitForm``) must agree with them.

    The info dictionary is whatever the sender's file says: a PDF whose info
    names one form but whose fields are another's is refused (PdfError), not
    read as the named form with every value lost. Fields a viewer adds (a
    signature) do not count against the form the info names, as long as no
    other form has all of the fields and some field is the named form's.
    The forms are the shipped ones and those of the settings' outside folders.
    """
    fitting = forms_by_fields(names, settings)
    form_id = info.get(FORM_KEY)
    if not form_id:
        if fitting:
            return fitting[0]
        raise PdfError("pdf.not_formkit", path=file_name)
    try:
        said = get_form(form_id, settings)
    except UnknownFormError as exc:
        raise PdfError("pdf.unknown_form", path=file_name, form=shown_info(form_id)) from exc
    if said in fitting or not names:
        return said
    known = {f.path for f in said.model.leaves}
    ours = [n for n in names if generic_path(n) in known and not is_display_field(n)]
    if fitting or not ours:
        found = fitting[0].id if fitting else "?"
        raise PdfError("pdf.info_mismatch", path=file_name, said=said.id, found=found)
    return said


def typed_record(form: Form, fields: dict[str, Any]) -> dict[str, Any]:
    """Field values as a record of the form: empty fields left out, types restored by the schema.

    Text is kept as filled in (no trimming) so that fill -> extract gives back
    the same record, but cleaned as formkit prints it (:func:`formkit.textclean.clean_text`:
    a line break typed in Windows or pasted from Word is a newline, a tab a space).
    """
    flat: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = clean_text(value)
        if value is None or value == "":
            continue
        node = form.model.node(name)
        if node is None or not node.is_leaf:
            continue  # a field the schema does not know (a viewer's own, or a signature)
        value = coerce(value, node)
        if isinstance(value, str) and node.enum is not None and value not in node.enum:
            # Some fillers store the label a choice list shows instead of its export value.
            value = next((key for key, title in node.enum_titles.items() if title == value), value)
        flat[name] = value
    return nest(flat, strict=False)
