"""Griffe extension for the docs build: read govledger's reST-flavoured docstrings as Markdown.

The docstrings follow the Python standard library's habits: Sphinx roles such as
``:class:`~govledger.Ledger```, ``Usage::`` before an indented block, and ``>>>``
examples. Markdown would show the roles literally and turn ``>>>`` into nested quotes,
so each docstring is rewritten once, before mkdocstrings renders it: roles become
inline code, ``::`` becomes ``:``, and each ``>>>`` example becomes a fenced block.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|func|meth|attr|mod|exc|data|obj):`(~?)([^`]+)`")
_LITERAL_MARKER = re.compile(r"(\S)::$", flags=re.MULTILINE)


def _role(match: re.Match[str]) -> str:
    name = match[2].rsplit(".", 1)[-1] if match[1] else match[2]
    return f"`{name}`"


def _fence_examples(text: str) -> str:
    """Wrap each run of ``>>>`` lines and their output in a ``pycon`` fence."""
    out: list[str] = []
    in_example = False
    indent = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not in_example and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(["", f"{indent}```pycon"])
            in_example = True
        elif in_example and not stripped:
            out.append(f"{indent}```")
            in_example = False
        out.append(line)
    if in_example:
        out.append(f"{indent}```")
    return "\n".join(out)


def rewrite(text: str) -> str:
    """The Markdown mkdocstrings should render for the docstring *text*."""
    text = _ROLE.sub(_role, text)
    text = _LITERAL_MARKER.sub(r"\1:", text)
    return _fence_examples(text)


class ReSTDocstrings(griffe.Extension):
    """Rewrite every docstring as it is loaded."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = rewrite(obj.docstring.value)
