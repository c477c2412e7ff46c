"""Pages, content streams, annotations and the AcroForm (ISO 19005-2 6.2.2, 6.3, 6.4; ISO 14289-1 7.18).

Content streams are read operator by operator to learn which fonts show which
codes, which colour spaces are used and which form XObjects are painted (each
scanned once, recursively); the fonts are judged afterwards (:mod:`.fonts`).
"""

from __future__ import annotations

import re
from typing import Any

from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from formkit.i18n import Message, message
from formkit.pdfio.conformance.base import (
    A2,
    PDF17,
    UA1,
    Checker,
    FontUse,
    get,
    identity,
    is_true,
    name,
    num,
    obj,
    raw_string,
    ref_label,
)
from formkit.pdfio.conformance.colour import note_colour_space
from formkit.pdfio.conformance.structure import FILTERS, filter_names

ANNOTATION_TYPES = frozenset(
    {
        "Text", "Link", "FreeText", "Line", "Square", "Circle", "Polygon", "PolyLine", "Highlight",
        "Underline", "Squiggly", "StrikeOut", "Stamp", "Caret", "Ink", "Popup", "FileAttachment",
        "Widget", "PrinterMark", "TrapNet", "Watermark", "Redact",
    }
)  # fmt: skip
"""ISO 32000-1 annotation types minus 3D, Sound, Screen and Movie (6.3.1)."""
_INLINE_FILTERS = {
    "AHx": "ASCIIHexDecode",
    "A85": "ASCII85Decode",
    "Fl": "FlateDecode",
    "RL": "RunLengthDecode",
    "CCF": "CCITTFaxDecode",
    "DCT": "DCTDecode",
}
_SHOW = ("Tj", "'", '"', "TJ")
_MAX_FIELD_DEPTH = 64
"""A field tree is shallow; the bound stops a /Parent or /Kids cycle."""


def check_page(c: Checker, page: Any, index: int) -> None:
    """A page: actions, box sizes, its content stream, its annotations (and their appearances)."""
    label = message("check.where.page", page=index + 1)
    if "/AA" in page:
        c.error("additional-actions", f"{A2} 6.5.2", "check.page_aa", where=label)
    if "/PresSteps" in page:
        c.error("alternate-presentations", f"{A2} 6.10", "check.pres_steps", where=label)
    for key in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox"):
        box = get(page, key)
        if isinstance(box, list) and len(box) == 4:
            x0, y0, x1, y1 = (num(v, 0.0) or 0.0 for v in box)
            if not (3 <= abs(x1 - x0) <= 14400 and 3 <= abs(y1 - y0) <= 14400):
                c.error("limit-page-size", f"{A2} 6.1.13", "check.page_size", where=label, key=key)
    resources = get(page, "/Resources")
    declare_resources(c, resources, label)
    try:
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
    except Exception as exc:  # pypdf raises many kinds on a broken stream
        c.error("content-unreadable", f"{PDF17} 7.8", "check.content_unreadable", where=label, kind=exc.__class__.__name__)
        data = b""
    own = isinstance(resources, dict)
    scan(c, data, resources if own else None, label, inherited=not own)
    annots = get(page, "/Annots")
    annots = annots if isinstance(annots, ArrayObject) else []
    if annots and c.ua and name(page.get("/Tabs")) != "S":
        c.error("ua-tabs", f"{UA1} 7.18.3", "check.ua_tabs", where=label)
    for ref in annots:
        annot = obj(ref)
        if isinstance(annot, dict):
            check_annotation(c, annot, ref, label)


def annotation_label(annot: dict[Any, Any], ref: Any, page_label: Message) -> Message:
    return message("check.where.annotation", subtype=name(annot.get("/Subtype")) or "?", object=ref_label(ref), where=page_label)


def check_annotation(c: Checker, annot: dict[Any, Any], ref: Any, page_label: Message) -> None:
    """Type, flags, appearance dictionary (6.3), widget actions (6.4.1) and PDF/UA's /Contents."""
    subtype = name(annot.get("/Subtype")) or ""
    where = annotation_label(annot, ref, page_label)
    if subtype not in ANNOTATION_TYPES:
        c.error("annotation-type", f"{A2} 6.3.1", "check.annotation_type", where=where)
    flags = num(annot.get("/F"))
    if flags is None:
        if subtype != "Popup":
            c.error("annotation-flags", f"{A2} 6.3.2", "check.annotation_no_flags", where=where)
    elif not int(flags) & 4 or int(flags) & (1 | 2 | 32 | 256):
        c.error("annotation-flags", f"{A2} 6.3.2", "check.annotation_flags", where=where)
    rect = get(annot, "/Rect")
    zero = isinstance(rect, list) and len(rect) == 4 and num(rect[0]) == num(rect[2]) and num(rect[1]) == num(rect[3])
    appearance = get(annot, "/AP")
    if appearance is None:
        if not zero and subtype not in ("Popup", "Link"):
            c.error("annotation-appearance", f"{A2} 6.3.3", "check.appearance_missing", where=where)
    elif not isinstance(appearance, dict) or set(map(str, appearance.keys())) != {"/N"}:
        c.error("annotation-appearance", f"{A2} 6.3.3", "check.appearance_only_n", where=where)
    if isinstance(appearance, dict):
        normal = get(appearance, "/N")
        if subtype == "Widget" and field_type(annot) == "Btn":
            if not isinstance(normal, DictionaryObject) or isinstance(normal, StreamObject):
                c.error("annotation-appearance", f"{A2} 6.3.3", "check.appearance_states", where=where)
        elif normal is not None and not isinstance(normal, StreamObject):
            c.error("annotation-appearance", f"{A2} 6.3.3", "check.appearance_stream", where=where)
        for key in ("/N", "/R", "/D"):
            state = get(appearance, key)
            streams = (
                [appearance[key]] if isinstance(state, StreamObject) else list(state.values()) if isinstance(state, dict) else []
            )
            for stream_ref in streams:
                scan_xobject(c, stream_ref, None, message("check.where.appearance", annotation=where))
    if subtype == "Widget" and ("/A" in annot or "/AA" in annot):
        c.error("widget-actions", f"{A2} 6.4.1", "check.widget_actions", where=where)
    if c.ua and not str(get(annot, "/Contents") or "").strip():
        other = subtype not in ("Widget", "PrinterMark", "Link", "Popup") and not zero and not int(flags or 0) & 2
        if other or subtype == "Link":
            rule, clause = ("ua-link-contents", "7.18.5") if subtype == "Link" else ("ua-annot-contents", "7.18.1")
            c.error(rule, f"{UA1} {clause}", "check.ua_contents", where=where)


def field_type(annot: dict[Any, Any]) -> str | None:
    """The /FT of a widget's field (inherited through /Parent)."""
    node: Any = annot
    for _ in range(_MAX_FIELD_DEPTH):
        if not isinstance(node, dict):
            return None
        if "/FT" in node:
            return name(node.get("/FT"))
        node = get(node, "/Parent")
    return None


def declare_resources(c: Checker, resources: Any, label: Message) -> None:
    """Register every font of a resource dictionary (declared, maybe never used) and note Default colour spaces."""
    resources = obj(resources)
    if not isinstance(resources, dict):
        return
    for font_name, font_ref in (get(resources, "/Font") or {}).items():
        font_use(c, font_ref, font_label(font_name, font_ref, label))
    for space in get(resources, "/ColorSpace") or {}:
        if str(space) in ("/DefaultGray", "/DefaultRGB", "/DefaultCMYK"):
            c.default_spaces.add(str(space)[1:])


def font_label(resource: Any, font_ref: Any, where: Message) -> Message:
    return message("check.where.font", font=str(resource).lstrip("/"), object=ref_label(font_ref), where=where)


def font_use(c: Checker, font_ref: Any, label: Message) -> FontUse | None:
    """The record of a font (made on first sight; a Type 3 font's glyph procedures are scanned then)."""
    font = obj(font_ref)
    if not isinstance(font, DictionaryObject):
        return None
    key = identity(font_ref)
    use = c.fonts.get(key)
    if use is None:
        use = c.fonts[key] = FontUse(font, label)
        if name(font.get("/Subtype")) == "Type3":
            resources = get(font, "/Resources")
            where = message("check.where.type3", font=label)
            declare_resources(c, resources, where)
            for proc in map(obj, (get(font, "/CharProcs") or {}).values()):
                if isinstance(proc, StreamObject):
                    scan(c, proc.get_data(), resources if isinstance(resources, dict) else None, where, inherited=False)
    return use


def scan_xobject(c: Checker, ref: Any, parent_resources: Any, label: Message, font: FontUse | None = None, mode: int = 0) -> None:
    """Scan a form XObject once (again when painted with a font already selected, to see its codes with that font)."""
    stream = obj(ref)
    if not isinstance(stream, StreamObject):
        return
    key = identity(ref)
    if key in c.scanned and font is None:
        return
    c.scanned.add(key)
    resources = get(stream, "/Resources")
    declare_resources(c, resources, label)
    own = isinstance(resources, dict)
    try:
        data = stream.get_data()
    except Exception as exc:  # pypdf raises many kinds on a broken stream
        c.error("content-unreadable", f"{PDF17} 7.8", "check.content_unreadable", where=label, kind=exc.__class__.__name__)
        return
    group = get(stream, "/Group")
    if isinstance(group, dict):
        note_colour_space(c, get(group, "/CS"), resources)
    scan(c, data, resources if own else parent_resources, label, inherited=not own, font=font, mode=mode, self_key=key)


def scan(
    c: Checker,
    data: bytes,
    resources: dict[Any, Any] | None,
    label: Message,
    inherited: bool,
    font: FontUse | None = None,
    mode: int = 0,
    self_key: tuple[Any, ...] | None = None,
) -> None:
    """Walk one content stream's operators: fonts and codes shown, colour spaces, XObjects painted, inline images."""
    if not data.strip():
        return
    holder = DecodedStreamObject()
    holder.set_data(data)
    try:
        operations = ContentStream(holder, c.reader).operations
    except Exception as exc:  # pypdf raises many kinds on a broken stream
        c.error("content-unreadable", f"{PDF17} 7.8", "check.content_unparsable", where=label, kind=exc.__class__.__name__)
        return
    saved: list[tuple[FontUse | None, int]] = []
    current, render = font, mode
    used_names = False
    for operands, operator in operations:
        op = operator.decode("latin-1") if isinstance(operator, bytes) else str(operator)
        if op == "q":
            saved.append((current, render))
        elif op == "Q":
            if saved:
                current, render = saved.pop()
        elif op == "Tf" and operands:
            used_names = True
            font_ref = (get(resources, "/Font") or {}).get(str(operands[0])) if resources is not None else None
            current = font_use(c, font_ref, font_label(operands[0], font_ref, label)) if font_ref is not None else None
            if font_ref is None:
                c.error("font-missing", f"{PDF17} 9.3", "check.tf_missing", where=label, font=str(operands[0]))
        elif op == "Tr" and operands:
            render = int(num(operands[0], 0) or 0)
        elif op in _SHOW:
            if current is None:
                continue
            current.shown = True
            if render != 3:  # mode 3 is invisible text: shown, but no glyph is drawn
                current.rendered = True
                strings = (
                    operands[-1:]
                    if op != "TJ"
                    else [s for s in (operands[0] if operands else []) if not isinstance(s, (NumberObject, FloatObject))]
                )
                current.strings.extend(raw_string(s) for s in strings)
        elif op in ("g", "G"):
            c.device_spaces.add("DeviceGray")
        elif op in ("rg", "RG"):
            c.device_spaces.add("DeviceRGB")
        elif op in ("k", "K"):
            c.device_spaces.add("DeviceCMYK")
        elif op in ("cs", "CS") and operands:
            used_names = used_names or name(operands[0]) not in ("DeviceGray", "DeviceRGB", "DeviceCMYK", "Pattern")
            note_colour_space(c, operands[0], resources)
        elif op == "Do" and operands:
            used_names = True
            _paint(c, operands[0], resources, label, current, render, self_key)
        elif op in ("gs", "sh", "scn", "SCN") and operands and isinstance(operands[-1], NameObject):
            used_names = True
        elif op == "INLINE IMAGE" and operands:
            _inline_image(c, operands[0], resources, label)
    if inherited and used_names:
        c.error("content-resources", f"{A2} 6.2.2", "check.inherited_resources", where=label)


def _paint(c: Checker, xobject_name: Any, resources: Any, label: Message, font: FontUse | None, mode: int, self_key: Any) -> None:
    xobject = (get(resources, "/XObject") or {}).get(str(xobject_name)) if resources is not None else None
    if xobject is None:
        c.error("xobject-missing", f"{PDF17} 8.8", "check.do_missing", where=label, xobject=str(xobject_name))
        return
    stream = obj(xobject)
    if isinstance(stream, StreamObject) and name(stream.get("/Subtype")) == "Form":
        if identity(xobject) == self_key:
            c.error("xobject-recursive", f"{PDF17} 8.10", "check.xobject_recursive", where=label)
            return
        where = message("check.where.xobject", xobject=str(xobject_name).lstrip("/"), where=label)
        scan_xobject(c, xobject, resources, where, font, mode)


def _inline_image(c: Checker, image: Any, resources: Any, label: Message) -> None:
    settings = image.get("settings", {}) if isinstance(image, dict) else {}
    space = settings.get("/CS", settings.get("/ColorSpace"))
    if space is not None:
        note_colour_space(c, space, resources)
    if is_true(settings.get("/I", settings.get("/Interpolate"))):
        c.error("image-interpolate", f"{A2} 6.2.8", "check.inline_interpolate", where=label)
    for filter_name in filter_names(settings.get("/F", settings.get("/Filter"))):
        if filter_name is not None and _INLINE_FILTERS.get(filter_name, filter_name) not in FILTERS - {
            "JBIG2Decode",
            "JPXDecode",
        }:
            c.error("filter", f"{A2} 6.1.10", "check.inline_filter", where=label, filter=filter_name)


def check_acroform(c: Checker, root: DictionaryObject) -> None:
    """NeedAppearances, XFA (6.4), field actions, /TU under PDF/UA, and the fonts /DR and every /DA name."""
    form = get(root, "/AcroForm")
    if not isinstance(form, dict):
        return
    needs = obj(form.get("/NeedAppearances"))
    if needs is not None and not (isinstance(needs, BooleanObject) and not needs.value):
        c.error("need-appearances", f"{A2} 6.4.1", "check.need_appearances")
    if "/XFA" in form:
        c.error("xfa", f"{A2} 6.4.2", "check.xfa")
    fonts = get(get(form, "/DR"), "/Font") or {}
    dr_label = message("check.where.dr")
    for font_name, font_ref in fonts.items():
        use = font_use(c, font_ref, font_label(font_name, font_ref, dr_label))
        if use is not None:
            use.form_font = True
    appearances: list[tuple[Any, Message]] = [(get(form, "/DA"), message("check.where.acroform_da"))]
    stack: list[tuple[Any, str, int]] = [(ref, "", 0) for ref in get(form, "/Fields") or []]
    seen: set[tuple[Any, ...]] = set()
    while stack:
        ref, prefix, depth = stack.pop()
        node = obj(ref)
        if not isinstance(node, dict) or identity(ref) in seen or depth > _MAX_FIELD_DEPTH:
            continue
        seen.add(identity(ref))
        partial = get(node, "/T")
        qualified = prefix if partial is None else f"{prefix}.{partial}" if prefix else str(partial)
        field_name: Any = qualified or ref_label(ref)
        if "/AA" in node:
            c.error("field-actions", f"{A2} 6.4.1", "check.field_aa", field=field_name)
        if "/DA" in node:
            appearances.append((get(node, "/DA"), message("check.where.field_da", field=field_name)))
        kids = get(node, "/Kids") or []
        terminal = not any(isinstance(obj(k), dict) and "/T" in obj(k) for k in kids)
        if terminal and c.ua and not str(get(node, "/TU") or "").strip():
            c.error("ua-field-tu", f"{UA1} 7.18.1", "check.ua_field_tu", field=field_name)
        stack.extend((k, qualified, depth + 1) for k in kids)
    for da, where in appearances:
        if da is None:
            continue
        for font_name in re.findall(r"/([^\s/]+)\s+[-\d.]+\s+Tf", str(da)):
            font_ref = fonts.get("/" + font_name)
            if font_ref is None:
                c.error("font-missing", f"{PDF17} 12.7.3.3", "check.da_font_missing", where=where, font=font_name)
                continue
            use = font_use(c, font_ref, font_label(font_name, font_ref, where))
            if use is not None:
                use.form_font = True
