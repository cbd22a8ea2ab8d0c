"""A private, throw-away PostgreSQL server for tests and benchmarks.

Starts ``initdb`` + ``pg_ctl`` in a temporary folder on a free loopback port and stops it afterwards, so
no test ever touches a server it did not start. ``initdb`` refuses to run as root: when we are root the
server runs as the ``postgres`` system user (created by Debian's postgresql package).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _bindir() -> Path:
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if candidates:
        return candidates[-1].parent
    raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found: `apt-get install postgresql`")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def private_postgres(user: str = "parley", dbname: str = "parley") -> Iterator[str]:
    """Yield a libpq DSN for a fresh server; the server and its files are gone afterwards."""
    bindir = _bindir()
    root = Path(tempfile.mkdtemp(prefix="parley-pg-"))
    as_root = os.geteuid() == 0
    run_as = ["runuser", "-u", "postgres", "--"] if as_root else []
    if as_root:
        shutil.chown(root, "postgres", "postgres")
    data, log, port = root / "data", root / "server.log", _free_port()

    def run(*args: str) -> None:
        subprocess.run([*run_as, *args], check=True, capture_output=True, text=True)

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", user, "-E", "UTF8", "--no-locale")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
            "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
            "start")
        dsn = f"host=127.0.0.1 port={port} user={user} dbname=postgres"
        _create_database(dsn, dbname)
        yield f"host=127.0.0.1 port={port} user={user} dbname={dbname}"
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or "") + (log.read_text() if log.exists() else "")
        raise RuntimeError(f"could not start a private PostgreSQL server: {detail.strip()[-2000:]}") from exc
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                           capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def _create_database(dsn: str, dbname: str) -> None:
    import psycopg2

    for attempt in range(50):
        try:
            con = psycopg2.connect(dsn)
            break
        except psycopg2.OperationalError:
            if attempt == 49:
                raise
            time.sleep(0.1)
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{dbname}"')
    con.close()
