"""Colour rules (ISO 19005-2 6.2.3, 6.2.4.3, 6.2.10): the PDF/A output intent and its ICC profile, device colour, transparency."""

from __future__ import annotations

from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from formkit.pdfio.conformance.base import A2, PDF17, Checker, get, icc_header, identity, name, num, obj

ICC_CHANNELS = {b"GRAY": 1, b"RGB ": 3, b"CMYK": 4}
_DEVICE_NEEDS = {"DeviceRGB": b"RGB ", "DeviceCMYK": b"CMYK", "DeviceGray": None}
"""The profile colour space a device space needs in the output intent (grey fits any)."""
_ALIASES = {"G": "DeviceGray", "RGB": "DeviceRGB", "CMYK": "DeviceCMYK"}


def check_output_intents(c: Checker, root: DictionaryObject) -> bytes | None:
    """Check the PDF/A output intents; the colour space of their profile (``RGB ``, ``CMYK``, ``GRAY``) or None."""
    clause = f"{A2} 6.2.3"
    intents = get(root, "/OutputIntents")
    profiles: set[tuple[Any, ...]] = set()
    space: bytes | None = None
    for intent in map(obj, intents if isinstance(intents, ArrayObject) else []):
        if not isinstance(intent, dict):
            continue
        kind = name(intent.get("/S"))
        if kind == "GTS_PDFX" and "/DestOutputProfileRef" in intent:
            c.error("output-intent", clause, "check.intent_profile_ref")
        if kind != "GTS_PDFA1":
            continue
        raw = intent.get("/DestOutputProfile")
        profile = obj(raw)
        if not isinstance(profile, StreamObject):
            c.error("output-intent-profile", clause, "check.intent_no_profile")
            continue
        profiles.add(identity(raw))
        try:
            header = icc_header(profile.get_data())
        except Exception:  # an undecodable stream is as bad as a broken header
            header = None
        if header is None:
            c.error("output-intent-profile", clause, "check.icc_header")
            continue
        version, device_class, colour_space = header
        if version >= 5 or device_class not in (b"mntr", b"prtr") or colour_space not in ICC_CHANNELS:
            c.error(
                "output-intent-profile",
                clause,
                "check.icc_kind",
                version=f"{version:.1f}",
                device_class=device_class.decode("latin-1"),
                space=colour_space.decode("latin-1"),
            )
            continue
        channels = num(profile.get("/N"))
        if channels is None or int(channels) != ICC_CHANNELS[colour_space]:
            c.error("output-intent-profile", f"{PDF17} 8.6.5.5", "check.icc_n")
        space = space or colour_space
    if len(profiles) > 1:
        c.error("output-intent", clause, "check.intent_profiles_differ")
    return space


def check_colour(c: Checker, intent_space: bytes | None, pages: list[Any]) -> None:
    """Device colour needs a matching output intent or a Default colour space; transparency a blending space."""
    for space in sorted(c.device_spaces):
        if "Default" + space[6:] in c.default_spaces:
            continue
        wanted = _DEVICE_NEEDS[space]
        if intent_space is None:
            c.error("output-intent-missing", f"{A2} 6.2.4.3", "check.device_no_intent", space=space)
        elif wanted is not None and wanted != intent_space:
            c.error(
                "device-colour", f"{A2} 6.2.4.3", "check.device_other_intent", space=space, profile=intent_space.decode().strip()
            )
    if intent_space is None and not c.device_spaces:
        c.warning("output-intent-missing", f"{A2} 6.2.3", "check.no_intent")
    if intent_space is None:
        for index, page in enumerate(pages):
            group = get(page, "/Group")
            if page_has_transparency(page) and not (isinstance(group, dict) and "/CS" in group):
                c.error("transparency-group", f"{A2} 6.2.10", "check.transparency", page=index + 1)


def page_has_transparency(page: Any) -> bool:
    group = get(page, "/Group")
    if isinstance(group, dict) and name(group.get("/S")) == "Transparency":
        return True
    for gs in map(obj, (get(get(page, "/Resources"), "/ExtGState") or {}).values()):
        if not isinstance(gs, dict):
            continue
        if name(gs.get("/SMask")) not in (None, "None") or num(gs.get("/CA"), 1.0) != 1.0 or num(gs.get("/ca"), 1.0) != 1.0:
            return True
        if name(gs.get("/BM")) not in (None, "Normal", "Compatible"):
            return True
    return False


def note_colour_space(c: Checker, space: Any, resources: Any) -> None:
    """Record the device colour spaces a colour space comes down to (through Indexed, Separation, DeviceN, Pattern, names)."""
    for _ in range(16):  # colour spaces nest a few levels; the bound stops a cycle through named resources
        space = obj(space)
        space_name = name(space)
        if isinstance(space, list) and space:
            space_name = name(space[0])
            if space_name in ("Indexed", "Pattern") and len(space) > 1:
                space = space[1]
                continue
            if space_name in ("Separation", "DeviceN") and len(space) > 2:
                space = space[2]
                continue
        if space_name is None:
            return
        space_name = _ALIASES.get(space_name, space_name)
        if space_name in _DEVICE_NEEDS:
            c.device_spaces.add(space_name)
            return
        named = get(get(resources, "/ColorSpace"), "/" + space_name) if resources is not None else None
        if named is None or name(named) == space_name:
            return
        space, resources = named, None
