"""Every python block in README.md and docs/*.md runs, so the docs cannot drift from the code.

The blocks of one page run in order in one namespace, as a reader would type them.
A trailing comment such as ``# ['customer-services']`` on a ``print`` line is the
output the page promises, and is checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", flags=re.DOTALL | re.MULTILINE)
PROMISE = re.compile(r"^\s*print\(.*\)\s*# (.+)$", flags=re.MULTILINE)


def _blocks(page: Path) -> list[str]:
    return BLOCK.findall(page.read_text(encoding="utf-8"))


def test_readme_has_a_python_example() -> None:
    assert _blocks(ROOT / "README.md")


@pytest.mark.parametrize(
    "page", [p for p in PAGES if _blocks(p)], ids=lambda p: str(p.relative_to(ROOT))
)
def test_page_code_runs(
    page: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # pages may create files such as partnerships.db
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for number, block in enumerate(_blocks(page), start=1):
        exec(compile(block, f"{page.name} block {number}", "exec"), namespace)
        printed = capsys.readouterr().out
        for promise in PROMISE.findall(block):
            assert promise.strip() in printed, f"{page.name} block {number} promised {promise}"
