"""govledger's benchmark runner: govledger beside plain SQLite and the eventsourcing library.

Run it with ``python -m bench`` (see ``bench/README.md``). The modules are:

- :mod:`bench.generate`: a realistic ledger from a fixed seed, cached on disk;
- :mod:`bench.baselines`: the same work done by plain ``sqlite3`` and by ``eventsourcing``;
- :mod:`bench.measure`: timing, medians and percentiles, resident and traced memory;
- :mod:`bench.run`: argument parsing, which store to measure (one pluggable function),
  the measurements, the table and the JSON report;
- :mod:`bench.plots`: the PNG figures written into ``docs/performance/``.
"""

from __future__ import annotations

__all__: list[str] = []
