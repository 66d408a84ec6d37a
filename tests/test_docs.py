"""Every python block in README.md and docs/*.md runs, so the docs cannot drift from the code.

The blocks of one page run in order in one namespace, as a reader would type them.
A trailing comment such as ``# ['customer-services']`` after a ``print(...)`` (on its
last line, however many lines the call spans) is the output the page promises, and is
checked.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", flags=re.DOTALL | re.MULTILINE)
#: A comment after a print: on its last line, or on the lines just below it.
COMMENT = re.compile(r"\s*# (.+)$", flags=re.MULTILINE)


def _promises(block: str) -> list[str]:
    """The trailing comment of every ``print(...)`` statement in *block*."""
    lines = block.splitlines()
    found: list[str] = []
    for node in ast.walk(ast.parse(block)):
        call = node.value if isinstance(node, ast.Expr) else None
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name):
            continue
        if call.func.id != "print" or call.end_lineno is None or call.end_col_offset is None:
            continue
        rest = lines[call.end_lineno - 1].encode()[call.end_col_offset :].decode()
        comment = COMMENT.match("\n".join([rest, *lines[call.end_lineno :]]))
        if comment is not None:
            found.append(comment.group(1))
    return found


def _blocks(page: Path) -> list[str]:
    return BLOCK.findall(page.read_text(encoding="utf-8"))


def test_readme_has_a_python_example() -> None:
    assert _blocks(ROOT / "README.md")


def test_a_promise_is_read_after_a_print_over_several_lines() -> None:
    block = "\n".join(
        [
            'print("é")  # é',  # offsets count bytes
            "print(",
            "    2,",
            ")  # 2",
            "x = 3  # not printed",
            "for i in [4]:",
            "    print(i)  # 4",
            "print(5)",
            "# 5",
        ]
    )
    assert _promises(block) == ["é", "2", "5", "4"]


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
    # a page may load a hypothesis profile (docs/testing.md does): the tests run after
    # it in this process must keep the suite's own
    profile = settings.get_current_profile_name()
    try:
        for number, block in enumerate(_blocks(page), start=1):
            exec(compile(block, f"{page.name} block {number}", "exec"), namespace)
            printed = capsys.readouterr().out
            for promise in _promises(block):
                assert promise.strip() in printed, f"{page.name} block {number} promised {promise}"
    finally:
        settings.load_profile(profile)
