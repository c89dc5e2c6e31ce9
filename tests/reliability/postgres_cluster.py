"""A PostgreSQL server of the test's own, in a temporary folder, that a test may stop and start.

The shared server on 127.0.0.1:5432 serves other tests at the same time; stopping it would fail
them. This one runs Debian's server binaries (package ``postgresql``) on a free port with trust
authentication and only a Unix socket in its folder besides the TCP port.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest


def server_binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl`` (the newest installed major version), if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    def __init__(self) -> None:
        binaries = server_binaries()
        if binaries is None:
            pytest.skip(
                "SKIPPED: no PostgreSQL server binaries (Debian package postgresql) to run a private server"
            )
        self.bin = binaries
        # Its own folder under the system's temporary folder: the server's user must reach it, and
        # pytest's folders are private to the user running the tests.
        self.folder = folder = Path(tempfile.mkdtemp(prefix="dudao-pg-"))
        self.data = folder / "data"
        self.port = free_port()
        self.user = "postgres"
        # initdb refuses to run as root; the server then runs as the folder's owner.
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.run_as:
            shutil.chown(folder, "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-U", self.user, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
        )

    @property
    def url(self) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"
        )

    def stop(self) -> None:
        """Stop at once: open connections are cut, as when the server or its machine goes down."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        """Stop the server if it runs and delete its folder."""
        subprocess.run(
            [*self.run_as, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=120,
        )
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, program: str, *arguments: str) -> None:
        done = subprocess.run(
            [*self.run_as, str(self.bin / program), *arguments], capture_output=True, text=True, timeout=120
        )
        if done.returncode:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr[-1500:]}")
