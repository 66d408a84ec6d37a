"""Start a throwaway PostgreSQL server for govledger's tests and benchmarks.

The server lives in a new temporary directory: its data directory, its log and its
unix socket are all there, it listens on no TCP address, trusts every local user, and
is deleted when stopped. It runs with ``fsync=off``: a server crash or an immediate
restart keeps every committed transaction (the operating system still holds the
writes), only a power cut would not, and a throwaway server does not care.

PostgreSQL refuses to run as root, so when this runs as root the server runs as the
``postgres`` operating-system user (the distribution's packages create it).

    python scripts/postgres_for_tests.py             # start one, print its URL, wait
    python scripts/postgres_for_tests.py --check     # say whether one can be started

From Python (the contract tests and ``bench/postgres.py`` do this)::

    with ThrowawayCluster.start() as cluster:
        url = cluster.url()
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Literal
from urllib.parse import quote

__all__ = ["ClusterUnavailable", "ThrowawayCluster", "find_binaries", "main"]

#: The database the tests and benchmarks use inside the throwaway server.
DATABASE = "govledger_test"
#: The role they connect as (the superuser initdb creates).
ROLE = "postgres"
_PORT = 5432
_TIMEOUT = 60.0


class ClusterUnavailable(RuntimeError):
    """No throwaway PostgreSQL server can be started here; the message says why."""


def find_binaries() -> Path:
    """The directory holding ``initdb`` and ``pg_ctl``: on ``PATH``, else the newest
    ``/usr/lib/postgresql/<version>/bin``. Raises :class:`ClusterUnavailable` if none."""
    on_path = shutil.which("pg_ctl")
    if on_path is not None and shutil.which("initdb") is not None:
        return Path(on_path).resolve().parent
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if versions:
        return Path(versions[-1]).parent
    raise ClusterUnavailable(
        "no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql; "
        "install them with `apt-get install -y postgresql`, or point "
        "GOVLEDGER_TEST_POSTGRES_URL at a server"
    )


def _server_user() -> str | None:
    """The unprivileged user to run the server as, or ``None`` to run it as ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(ROLE)
    except KeyError:
        raise ClusterUnavailable(
            "running as root, and PostgreSQL refuses to run as root, but there is no "
            f"{ROLE!r} operating-system user to run it as; create one (`useradd {ROLE}`) "
            "or run the tests as an ordinary user"
        ) from None
    return ROLE


class ThrowawayCluster:
    """A PostgreSQL server in a temporary directory; :meth:`stop` deletes it all."""

    def __init__(self, root: Path, binaries: Path, user: str | None) -> None:
        """Describe a cluster at *root*; use :meth:`start` to create and start one."""
        self.root = root
        self.binaries = binaries
        self.user = user
        self.data = root / "data"
        self.socket_dir = root
        self.log = root / "server.log"

    @classmethod
    def start(cls, *, binaries: Path | None = None) -> ThrowawayCluster:
        """Create a new cluster, start it and create the test database.

        Raises :class:`ClusterUnavailable` saying why if that cannot be done.
        """
        found = binaries or find_binaries()
        user = _server_user()
        root = Path(tempfile.mkdtemp(prefix="govledger-pg-"))
        cluster = cls(root, found, user)
        try:
            if user is not None:
                entry = pwd.getpwnam(user)
                os.chown(root, entry.pw_uid, entry.pw_gid)
            cluster._run(
                "initdb",
                *("-D", str(cluster.data), "-U", ROLE, "-A", "trust"),
                *("-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"),
            )
            cluster._pg_ctl("start")
            cluster._wait_ready()
            cluster._run(
                "createdb", *cluster._client_args(), DATABASE, check=True, as_server_user=False
            )
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def url(self, *, schema: str | None = None, database: str = DATABASE) -> str:
        """A ``postgresql://`` URL for *database*; with *schema*, its tables live there."""
        url = (
            f"postgresql://{ROLE}@/{database}?host={quote(str(self.socket_dir), safe='/')}"
            f"&port={_PORT}"
        )
        if schema is not None:
            url += "&options=" + quote(f"-c search_path={schema}")
        return url

    def restart(
        self,
        mode: Literal["fast", "immediate"] = "immediate",
        *,
        while_stopped: Callable[[], None] | None = None,
    ) -> None:
        """Stop the server (*immediate*: as if it crashed) and start it again, calling
        *while_stopped* in between (a test damaging the data files, say)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
        if while_stopped is not None:
            while_stopped()
        self._pg_ctl("start")
        self._wait_ready()

    def stop(self) -> None:
        """Stop the server (if it runs) and delete its directory. Harmless twice."""
        if self.data.joinpath("postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError, OSError):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> ThrowawayCluster:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ internals

    def _client_args(self) -> list[str]:
        return ["-h", str(self.socket_dir), "-p", str(_PORT), "-U", ROLE]

    def _pg_ctl(self, action: str) -> None:
        settings = (
            f"-k {self.socket_dir} -p {_PORT} -c listen_addresses='' -c fsync=off "
            "-c full_page_writes=off -c max_connections=60 -c shared_buffers=64MB"
        )
        self._run(
            "pg_ctl",
            *("-D", str(self.data), "-l", str(self.log), "-o", settings),
            *("-w", "-t", str(int(_TIMEOUT)), action),
        )

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + _TIMEOUT
        while True:
            ready = self._run("pg_isready", *self._client_args(), check=False, as_server_user=False)
            if ready.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise ClusterUnavailable(
                    f"the throwaway PostgreSQL server did not accept connections within "
                    f"{_TIMEOUT:g}s; see its log, {self.log}"
                )
            time.sleep(0.05)

    def _run(
        self, program: str, *args: str, check: bool = True, as_server_user: bool = True
    ) -> subprocess.CompletedProcess[str]:
        command = [str(self.binaries / program), *args]
        user = self.user if as_server_user else None
        try:
            result = subprocess.run(
                command,
                user=user,
                cwd=self.root,
                capture_output=True,
                text=True,
                timeout=_TIMEOUT,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise ClusterUnavailable(f"could not run {program}: {exc}") from exc
        if check and result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise ClusterUnavailable(
                f"{program} failed (exit {result.returncode}): "
                f"{(result.stderr or result.stdout).strip()}\n{log}".strip()
            )
        return result


@contextlib.contextmanager
def running() -> Iterator[ThrowawayCluster]:
    """A started cluster for the length of a ``with`` block."""
    cluster = ThrowawayCluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """Start a server and print its URL until interrupted, or only check (``--check``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="start and stop one; exit 1 if that fails"
    )
    args = parser.parse_args(argv)
    try:
        with running() as cluster:
            print(cluster.url(), flush=True)
            if args.check:
                return 0
            print("Ctrl-C stops and deletes it.", file=sys.stderr, flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)
    except ClusterUnavailable as exc:
        print(f"cannot start PostgreSQL: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
