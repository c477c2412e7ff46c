"""Prove, once per template, that no record can make a rendered Word part ill-formed XML.

Why: the renderer used to parse every rendered part again (a fifth of a
record's time) to be sure the package it writes is sound. What can make a
rendered part ill-formed is known and checked here, when the template is
prepared, instead:

1. The template's own XML is well-formed: it was parsed (lxml) and serialised
   before Jinja sees it.
2. A value cannot add markup: every ``{{ … }}`` output passes
   ``finalize_value``, which escapes ``& < > " '`` and drops what XML forbids
   (only the renderer's own ``w:br``/``w:tab`` are added), and the filters
   that would print a value as markup (``safe``, ``urlize``) are removed. A
   value printed inside a tag can only be an attribute's value, where the
   escaped quotes keep it.
3. What Jinja repeats or leaves out is whole elements: the body of each
   ``if``/``elif``/``else`` branch and of each ``for`` (docxtpl's ``{%p``,
   ``{%tr``, ``{%tc`` and ``{%r`` tags become such blocks around whole
   paragraphs, rows, cells and runs) closes every element it opens and closes
   none it did not open, and no block statement sits inside a tag.
4. The template makes no markup of its own at render time: no ``macro``,
   ``call``, ``filter`` block, block ``set`` or ``block``, whose markup a
   filter such as ``truncate`` could cut (and ``lipsum`` is not available).

Then any rendering — any branch taken, any loop run any number of times, any
value — is the template's balanced XML with balanced pieces repeated or
left out and escaped text inside: well-formed. tests/test_docx_render.py
renders hostile values into every form and parses the result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jinja2 import Environment

_TAG = re.compile(r"<!--.*?-->|<\?.*?\?>|<(/?)([^\s/>]+)[^>]*?(/?)>", re.S)
_BODIES = frozenset({"if", "for", "with"})
_BRANCHES = frozenset({"elif", "else"})
_ENDS = frozenset({"endif", "endfor", "endwith"})
_MARKUP_MAKERS = frozenset({"macro", "call", "filter", "block", "set"})
"""Statements that make markup at render time (``set`` only in its block form, without ``=``)."""


class Unbalanced(Exception):
    """A block statement that could leave the rendered XML unbalanced; ``args[0]`` is the statement."""


def _statements(env: Environment, source: str) -> Iterator[tuple[str, str]]:
    """``("data", text)`` (with each ``{{ … }}`` as ``x``), ``("value", "")`` and ``("block", statement)``, in order."""
    tokens = list(env.lex(source))
    index = 0
    while index < len(tokens):
        _line, kind, value = tokens[index]
        if kind == "data":
            yield "data", value
        elif kind == "variable_begin":
            while tokens[index][1] != "variable_end":
                index += 1
            yield "value", ""
        elif kind == "block_begin":
            parts = []
            index += 1
            while tokens[index][1] != "block_end":
                parts.append(tokens[index][2])
                index += 1
            yield "block", "".join(parts).strip()
        index += 1


def check_blocks(env: Environment, source: str) -> None:
    """Raise :class:`Unbalanced` naming the first block statement of *source* that could unbalance the XML."""
    stack: list[str] = []  # names of the elements open at this point
    marks: list[tuple[int, str]] = []  # (len(stack) where each open block began, its statement)
    tail = ""  # text since the last tag: a block inside a tag shows as an unclosed "<"
    for kind, text in _statements(env, source):
        if kind == "value":
            if _inside_tag(tail) and not _inside_quotes(tail):
                raise Unbalanced("{{ … }}")
            tail += "x"
            continue
        if kind == "data":
            try:
                tail = _scan(tail + text, stack, marks[-1][0] if marks else 0)
            except Unbalanced:
                raise Unbalanced(marks[-1][1] if marks else text.strip()[:40]) from None
            continue
        words = text.split(None, 1)
        keyword = words[0] if words else ""
        if _inside_tag(tail):
            raise Unbalanced(text)
        if keyword in _MARKUP_MAKERS and not (keyword == "set" and "=" in text):
            raise Unbalanced(text)
        if keyword in _BODIES:
            marks.append((len(stack), text))
        elif keyword in _BRANCHES or keyword in _ENDS:
            if not marks or len(stack) != marks[-1][0]:
                raise Unbalanced(marks[-1][1] if marks else text)
            if keyword in _ENDS:
                marks.pop()


def _scan(text: str, stack: list[str], floor: int) -> str:
    """Open and close the elements of *text* on *stack*, never below *floor*; the unfinished tail."""
    end = 0
    for match in _TAG.finditer(text):
        end = match.end()
        closing, name, empty = match.group(1), match.group(2), match.group(3)
        if name is None or empty:
            continue  # a comment, a processing instruction or an empty element
        if closing:
            if len(stack) <= floor or stack[-1] != name:
                raise Unbalanced(name)
            stack.pop()
        else:
            stack.append(name)
    return text[end:]


def _inside_tag(tail: str) -> bool:
    return tail.rfind("<") > tail.rfind(">")


def _inside_quotes(tail: str) -> bool:
    tag = tail[tail.rfind("<") :]
    return tag.count('"') % 2 == 1 or tag.count("'") % 2 == 1
