"""The README's "Using formkit from Python" examples run as written, from the repository's root."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Using formkit from Python"


def examples() -> list[str]:
    """The section's ```python blocks, in order (later blocks use what earlier ones made, as a reader would)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(SECTION)
    end = readme.find("\n## ", start + len(SECTION))
    section = readme[start : end if end != -1 else len(readme)]
    return re.findall(r"^```python\n(.*?)^```$", section, flags=re.MULTILINE | re.DOTALL)


def test_the_section_has_examples() -> None:
    assert len(examples()) >= 3


def test_the_readme_examples_run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": "readme"}
    for number, code in enumerate(examples(), start=1):
        exec(compile(code, f"README.md, example {number}", "exec"), namespace)  # noqa: S102 - the README's own code
    assert "posten är inte giltig" in capsys.readouterr().out
