"""File structure and object rules (ISO 19005-2 6.1, 6.2.5-6.2.9, 6.5, 6.8-6.11): header, trailer, catalog, every object.

Every object reachable from the trailer is visited once, with the role its key
gives it (an action, an ExtGState), so a JavaScript action hidden in an outline,
a page's /AA or a name tree is found wherever it is.
"""

from __future__ import annotations

import re
from typing import Any

from pypdf.generic import (
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from formkit.pdfio.conformance.base import A2, PDF17, UA1, Checker, get, is_true, name, num, raw_string, ref_label
from formkit.pdfio.conformance.colour import note_colour_space

ACTIONS_ALLOWED = frozenset({"GoTo", "GoToR", "GoToE", "Thread", "URI", "Named", "SubmitForm"})
NAMED_ALLOWED = frozenset({"NextPage", "PrevPage", "FirstPage", "LastPage"})
BLEND_MODES = frozenset(
    {
        "Normal", "Compatible", "Multiply", "Screen", "Overlay", "Darken", "Lighten", "ColorDodge",
        "ColorBurn", "HardLight", "SoftLight", "Difference", "Exclusion", "Hue", "Saturation", "Color",
        "Luminosity",
    }
)  # fmt: skip
INTENTS = frozenset({"RelativeColorimetric", "AbsoluteColorimetric", "Perceptual", "Saturation"})
FILTERS = frozenset(
    {
        "ASCIIHexDecode",
        "ASCII85Decode",
        "FlateDecode",
        "RunLengthDecode",
        "CCITTFaxDecode",
        "JBIG2Decode",
        "DCTDecode",
        "JPXDecode",
    }
)
_LANG_TAG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")


def check_bytes(c: Checker) -> None:
    """The header line, its binary comment and what follows the last %%EOF (6.1.2, 6.1.3)."""
    data = c.data
    header = re.match(rb"%PDF-1\.[0-7](\r\n|\r|\n)", data)
    if not header:
        c.error("header", f"{A2} 6.1.2", "check.header")
    else:
        comment = data[header.end() : header.end() + 5]
        if len(comment) < 5 or comment[0:1] != b"%" or any(b <= 127 for b in comment[1:5]):
            c.error("header-binary", f"{A2} 6.1.2", "check.header_binary")
    eof = data.rfind(b"%%EOF")
    if eof < 0:
        c.error("eof", f"{A2} 6.1.3", "check.eof_missing")
    elif data[eof + 5 :] not in (b"", b"\n", b"\r", b"\r\n"):
        c.error("eof", f"{A2} 6.1.3", "check.eof_trailing")


def check_trailer(c: Checker) -> None:
    ids = get(c.reader.trailer, "/ID")
    if not isinstance(ids, list) or len(ids) != 2 or not all(len(raw_string(_resolve(i))) for i in ids):
        c.error("trailer-id", f"{A2} 6.1.3", "check.trailer_id")


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def check_catalog(c: Checker, root: DictionaryObject) -> None:
    """Catalog-level rules: actions, name trees, permissions, optional content, /Lang; PDF/UA's catalog entries."""
    if "/AA" in root:
        c.error("additional-actions", f"{A2} 6.5.2", "check.catalog_aa")
    if "/Requirements" in root:
        c.error("requirements", f"{A2} 6.11", "check.requirements")
    if is_true(root.get("/NeedsRendering")):
        c.error("needs-rendering", f"{A2} 6.4.2", "check.needs_rendering")
    names = get(root, "/Names")
    if isinstance(names, dict):
        for key, rule, clause in (
            ("/JavaScript", "javascript", "6.5.1"),
            ("/EmbeddedFiles", "embedded-file", "6.8"),
            ("/AlternatePresentations", "alternate-presentations", "6.10"),
        ):
            if key in names:
                c.error(rule, f"{A2} {clause}", "check.name_tree", key=key)
    perms = get(root, "/Perms")
    if isinstance(perms, dict):
        extra = sorted(str(k) for k in perms if k not in ("/UR3", "/DocMDP"))
        if extra:
            c.error("permissions", f"{A2} 6.1.12", "check.perms", keys=", ".join(extra))
    check_optional_content(c, root)
    check_language(c, root)
    if c.ua:
        check_ua_catalog(c, root)
    if c.level == "A":
        mark = get(root, "/MarkInfo")
        if not (isinstance(mark, dict) and is_true(mark.get("/Marked"))) or "/StructTreeRoot" not in root:
            c.error("pdfa-level-a-tagged", f"{A2} 6.7.2", "check.level_a_untagged")


def check_optional_content(c: Checker, root: DictionaryObject) -> None:
    properties = get(root, "/OCProperties")
    if not isinstance(properties, dict):
        return
    seen: set[str] = set()
    for config in [get(properties, "/D"), *map(_resolve, get(properties, "/Configs") or [])]:
        if not isinstance(config, dict):
            continue
        label = get(config, "/Name")
        if not label:
            c.error("optional-content", f"{A2} 6.9", "check.oc_no_name")
        elif str(label) in seen:
            c.error("optional-content", f"{A2} 6.9", "check.oc_same_name")
        seen.add(str(label or ""))
        if "/AS" in config:
            c.error("optional-content", f"{A2} 6.9", "check.oc_as")


def check_language(c: Checker, root: DictionaryObject) -> None:
    lang = get(root, "/Lang")
    if lang is None or not str(lang).strip():
        if c.ua:
            c.error("ua-lang", f"{UA1} 7.2", "check.lang_missing")
        else:
            c.warning("lang", f"{A2} 6.7.4", "check.lang_missing")
    elif not _LANG_TAG.match(str(lang)):
        c.error("lang-syntax", f"{UA1} 7.2" if c.ua else f"{A2} 6.7.4", "check.lang_syntax")


def check_ua_catalog(c: Checker, root: DictionaryObject) -> None:
    mark = get(root, "/MarkInfo")
    if not (isinstance(mark, dict) and is_true(mark.get("/Marked"))):
        c.error("ua-marked", f"{UA1} 6.2", "check.ua_marked")
    if isinstance(mark, dict) and is_true(mark.get("/Suspects")):
        c.error("ua-suspects", f"{UA1} 7.1", "check.ua_suspects")
    prefs = get(root, "/ViewerPreferences")
    if not (isinstance(prefs, dict) and is_true(prefs.get("/DisplayDocTitle"))):
        c.error("ua-display-title", f"{UA1} 7.1", "check.ua_display_title")
    if "/StructTreeRoot" not in root:
        c.error("ua-struct-tree", f"{UA1} 7.1", "check.ua_struct_tree")


# --- every object ---------------------------------------------------------------------------------------------


def walk(c: Checker) -> None:
    """Visit every object reachable from the trailer once per role (iteratively: a deep file must not exhaust the stack)."""
    seen: set[tuple[Any, ...]] = set()
    stack: list[tuple[Any, str]] = [(c.reader.trailer, "")]
    marker: tuple[Any, ...]
    while stack:
        value, role = stack.pop()
        if isinstance(value, IndirectObject):
            marker = ("ref", value.idnum, value.generation, role)
            if marker in seen:
                continue
            seen.add(marker)
            try:
                value = value.get_object()
            except Exception as exc:  # a broken xref entry; the rest of the file is still checked
                c.warning(
                    "object-unreadable",
                    f"{PDF17} 7.3.10",
                    "check.object_unreadable",
                    number=marker[1],
                    kind=exc.__class__.__name__,
                )
                continue
        elif isinstance(value, (dict, list)):
            marker = ("direct", id(value), role)
            if marker in seen:
                continue
            seen.add(marker)
        check_value(c, value, role)
        if isinstance(value, dict):
            if role == "encrypt":
                continue
            stack.extend((child, _child_role(role, str(key), child)) for key, child in value.items())
        elif isinstance(value, list):
            stack.extend((child, "action" if role == "action-list" else "") for child in value)


def _child_role(role: str, key: str, child: Any) -> str:
    if key in ("/A", "/OpenAction") or role == "aa":
        return "action"
    if key == "/AA":
        return "aa"
    if role == "action" and key == "/Next":
        return "action-list" if isinstance(_resolve(child), list) else "action"
    if key == "/ExtGState":
        return "gs-dict"
    if role == "gs-dict":
        return "gs"
    if key == "/Encrypt":
        return "encrypt"
    return ""


def check_value(c: Checker, value: Any, role: str) -> None:
    """Implementation limits (6.1.13) of any value; JavaScript, actions, ExtGStates, embedded files and streams."""
    clause = f"{A2} 6.1.13"
    if isinstance(value, NumberObject) and not -2147483648 <= int(value) <= 2147483647:
        c.error("limit-integer", clause, "check.limit_integer")
    elif isinstance(value, FloatObject) and (abs(float(value)) > 3.403e38 or 0 < abs(float(value)) < 1.175e-38):
        c.error("limit-real", clause, "check.limit_real")
    elif isinstance(value, (TextStringObject, ByteStringObject)) and len(raw_string(value)) > 32767:
        c.error("limit-string", clause, "check.limit_string")
    elif isinstance(value, NameObject) and len(str(value).encode("utf-8")) - 1 > 127:
        c.error("limit-name", clause, "check.limit_name")
    if not isinstance(value, dict):
        return
    if any(len(str(key).encode("utf-8")) - 1 > 127 for key in value):
        c.error("limit-name", clause, "check.limit_name")
    where = ref_label(value)
    if "/JS" in value or name(value.get("/S")) == "JavaScript":
        c.error("javascript", f"{A2} 6.5.1", "check.javascript", where=where)
    if role == "action" and "/S" in value:
        check_action(c, value, where)
    if role == "gs":
        check_extgstate(c, value, where)
    if "/EF" in value or name(value.get("/Type")) == "EmbeddedFile":
        c.error("embedded-file", f"{A2} 6.8", "check.embedded_file", where=where)
    if isinstance(value, StreamObject):
        check_stream(c, value, where)


def check_action(c: Checker, action: dict[Any, Any], where: Any) -> None:
    kind = name(action.get("/S")) or ""
    if kind == "JavaScript":
        return  # reported as javascript
    if kind not in ACTIONS_ALLOWED:
        c.error("action-forbidden", f"{A2} 6.5.1", "check.action_forbidden", action=kind or "?", where=where)
    elif kind == "Named" and name(action.get("/N")) not in NAMED_ALLOWED:
        c.error(
            "action-forbidden", f"{A2} 6.5.1", "check.action_forbidden", action=f"Named {name(action.get('/N'))}", where=where
        )
    elif kind == "GoToR":
        c.warning("action-remote", f"{A2} 6.5.1", "check.action_remote", where=where)


def check_extgstate(c: Checker, gs: dict[Any, Any], where: Any) -> None:
    if "/TR" in gs:
        c.error("extgstate-transfer", f"{A2} 6.2.5", "check.gs_key", key="/TR", where=where)
    if "/TR2" in gs and name(gs.get("/TR2")) != "Default":
        c.error("extgstate-transfer", f"{A2} 6.2.5", "check.gs_key", key="/TR2", where=where)
    if "/HTP" in gs:
        c.error("extgstate-halftone", f"{A2} 6.2.5", "check.gs_key", key="/HTP", where=where)
    halftone = get(gs, "/HT")
    if isinstance(halftone, dict):
        if num(halftone.get("/HalftoneType")) not in (1.0, 5.0):
            c.error("extgstate-halftone", f"{A2} 6.2.5", "check.halftone_type", where=where)
        if "/HalftoneName" in halftone:
            c.error("extgstate-halftone", f"{A2} 6.2.5", "check.gs_key", key="/HalftoneName", where=where)
    blend = get(gs, "/BM")
    modes = [name(b) for b in blend] if isinstance(blend, list) else [name(blend)] if blend is not None else []
    for mode in modes:
        if mode not in BLEND_MODES:
            c.error("blend-mode", f"{A2} 6.2.10", "check.blend_mode", mode=str(mode), where=where)
    intent = name(gs.get("/RI"))
    if intent is not None and intent not in INTENTS:
        c.error("rendering-intent", f"{A2} 6.2.6", "check.intent", intent=intent, where=where)


def filter_names(value: Any) -> list[str | None]:
    """The filter names of a /Filter entry (a name or an array of names)."""
    return [name(f) for f in value] if isinstance(value, list) else [name(value)] if value is not None else []


def check_stream(c: Checker, stream: StreamObject, where: Any) -> None:
    """External data, filters (6.1.7) and the XObject and image rules (6.2.8, 6.2.9)."""
    for key in ("/F", "/FFilter", "/FDecodeParms"):
        if key in stream:
            c.error("external-stream", f"{A2} 6.1.7.1", "check.external_stream", key=key, where=where)
    for filter_name in filter_names(get(stream, "/Filter")):
        if filter_name == "Crypt":
            parms = get(stream, "/DecodeParms")
            if not (isinstance(parms, dict) and name(parms.get("/Name")) == "Identity"):
                c.error("filter", f"{A2} 6.1.7.2", "check.filter", filter="Crypt", where=where)
        elif filter_name not in FILTERS:
            c.error("filter", f"{A2} 6.1.7.2", "check.filter", filter=str(filter_name), where=where)
    subtype = name(stream.get("/Subtype"))
    kind = name(stream.get("/Type"))
    if subtype == "Form" and kind in (None, "XObject"):
        if "/Ref" in stream:
            c.error("reference-xobject", f"{A2} 6.2.9", "check.reference_xobject", where=where)
        if "/OPI" in stream or "/PS" in stream or name(stream.get("/Subtype2")) == "PS":
            c.error("xobject-postscript", f"{A2} 6.2.9", "check.form_postscript", where=where)
    elif subtype == "PS":
        c.error("xobject-postscript", f"{A2} 6.2.9", "check.postscript", where=where)
    elif subtype == "Image" and kind in (None, "XObject"):
        check_image(c, stream, where)


def check_image(c: Checker, stream: StreamObject, where: Any) -> None:
    for key in ("/Alternates", "/OPI"):
        if key in stream:
            c.error("image", f"{A2} 6.2.8", "check.image_key", key=key, where=where)
    if is_true(stream.get("/Interpolate")):
        c.error("image-interpolate", f"{A2} 6.2.8", "check.image_interpolate", where=where)
    bits = num(stream.get("/BitsPerComponent"))
    mask = is_true(stream.get("/ImageMask"))
    if bits is not None and (bits not in (1, 2, 4, 8, 16) or (mask and bits != 1)):
        c.error("image", f"{A2} 6.2.8", "check.image_bits", bits=f"{bits:g}", where=where)
    intent = name(stream.get("/Intent"))
    if intent is not None and intent not in INTENTS:
        c.error("rendering-intent", f"{A2} 6.2.6", "check.intent", intent=intent, where=where)
    note_colour_space(c, get(stream, "/ColorSpace"), None)
