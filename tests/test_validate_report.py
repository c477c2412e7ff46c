"""``formkit validate`` streams: the JSON document is json.dumps's, byte for byte, and memory does not grow with the records."""

from __future__ import annotations

import gc
import json
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from formkit.model.catalog import get_form
from formkit.problems import Problem, RecordResult
from formkit.settings import Settings
from formkit.validation.report import Unreadable, ValidationRun, format_text, json_document, text_lines, validate_inputs


class FakeRun:
    """What json_document reads of a run: the items in order, then the unreadable inputs and the verdict."""

    def __init__(self, items: list[RecordResult | Unreadable]) -> None:
        self.items = items
        self.unreadable = [item for item in items if isinstance(item, Unreadable)]
        self.valid = not self.unreadable and all(item.valid for item in items if isinstance(item, RecordResult))

    def __iter__(self) -> Iterator[RecordResult | Unreadable]:
        return iter(self.items)


def expected_document(items: list[RecordResult | Unreadable]) -> str:
    """The document as ``json.dumps(ensure_ascii=False, indent=2)`` writes it (``valid`` last)."""
    results = [item.to_dict() for item in items if isinstance(item, RecordResult)]
    unreadable = [{"source": u.source, "message": u.message} for u in items if isinstance(u, Unreadable)]
    document: dict[str, Any] = {"results": results}
    if unreadable:
        document["unreadable"] = unreadable
    document["valid"] = not unreadable and all(r["valid"] for r in results)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# Any text: quotes, backslashes, control characters, non-Latin scripts, lone surrogates (a file name
# that is not UTF-8 reaches Python as one), as a source, a path or a message may hold.
texts = st.text(st.characters(codec=None, blacklist_categories=()), max_size=12) | st.sampled_from(
    ['"', "\\", "\n\t\x00\x1f\x7f", "Åsa Öberg", "محمد", "\ud800", "planer.jsonl"]
)
problems = st.builds(Problem, texts, st.sampled_from(["error", "warning"]), texts, texts)
results = st.builds(RecordResult, texts, st.integers(0, 10**9), st.none(), st.lists(problems, max_size=3))
items = st.lists(results | st.builds(Unreadable, texts, texts), max_size=6)


@settings(max_examples=300, deadline=None)
@given(items=items)
def test_the_streamed_document_is_json_dumps_output(items: list[RecordResult | Unreadable]) -> None:
    assert "".join(json_document(FakeRun(items))) == expected_document(items)  # type: ignore[arg-type]


def _jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_run_counts_what_the_kept_report_holds(tmp_path: Path) -> None:
    sample = json.loads(get_form("genomforandeplan").sample_path().read_text(encoding="utf-8"))
    warned = json.loads(json.dumps(sample))
    warned["arende"]["natverksmote"] = "2025-10-07"
    broken = json.loads(json.dumps(sample))
    del broken["barn"]
    first = _jsonl(tmp_path / "a.jsonl", [sample, warned, broken, warned])
    paths = [first, tmp_path / "saknas.jsonl", _jsonl(tmp_path / "b.jsonl", [broken])]
    form, settings_ = get_form("genomforandeplan"), Settings()
    run = ValidationRun(form, paths, settings_)
    streamed = list(text_lines(run))
    report = validate_inputs(form, paths, settings_)
    assert (run.total, run.invalid, run.warned, run.has_warnings(), run.valid) == (5, 2, 2, True, False)
    assert [u.source for u in run.unreadable] == [s for s, _ in report.unreadable] == [str(paths[1])]
    kept = list(format_text(report))
    # The same lines; an unreadable input is told where it was met instead of first.
    assert sorted(streamed) == sorted(kept)
    assert streamed[-1] == kept[-1] == "5 poster: 3 giltiga, 2 med fel, 2 med varningar."
    told = streamed.index(kept[0])
    assert streamed.index(f"{first}, post 4: giltig med varningar") < told < streamed.index(f"{paths[2]}, post 1: ogiltig")


def test_a_run_keeps_no_verdict_it_has_yielded(tmp_path: Path) -> None:
    sample = json.loads(get_form("sip").sample_path().read_text(encoding="utf-8"))
    path = _jsonl(tmp_path / "sip.jsonl", [sample] * 50)
    run = ValidationRun(get_form("sip"), [path], Settings())
    seen: list[weakref.ref[RecordResult]] = []
    for item in run:
        assert isinstance(item, RecordResult)
        seen.append(weakref.ref(item))
        del item
    gc.collect()
    assert len(seen) == run.total == 50
    assert all(ref() is None for ref in seen)
