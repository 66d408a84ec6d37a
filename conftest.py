"""Collection settings for the whole repository (the tests and the doctests in src/).

The PostgreSQL store imports psycopg, which only the ``postgres`` extra installs; the
README's test command installs the ``test`` extra alone, so without psycopg its
doctests are not collected (the contract suite says, and skips, why).
"""

from __future__ import annotations

import importlib.util

pytest_plugins = ("pytester",)

collect_ignore = [] if importlib.util.find_spec("psycopg") else ["src/govledger/store/postgres"]
