"""A private, throwaway PostgreSQL server for a trial gradebook (Debian's postgresql package).

The cluster lives in a folder of its own, listens on 127.0.0.1 at a free port, requires a
password, and is stopped and removed on exit. Production uses the organization's PostgreSQL
instead: set ``GRADEBOOK_URL=postgresql+psycopg://USER:PASSWORD@HOST/DB`` for the hub.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from trial_ports import free_port

PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"
DB_NAME = "gradebook"
DB_USER = "pst_grader"


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL server's bin/ folder, or None."""
    found = sorted(glob.glob(PG_BIN_GLOB), key=lambda p: int(Path(p).parent.name))
    return Path(found[-1]) if found and (Path(found[-1]) / "initdb").exists() else None


def _as_postgres(command: list[str], timeout: float = 60) -> None:
    result = subprocess.run(
        ["runuser", "-u", "postgres", "--", *command],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {result.stdout}{result.stderr}")


@contextmanager
def private_postgres(folder: Path) -> Iterator[str]:
    """Run a PostgreSQL cluster in `folder`; yield the gradebook's SQLAlchemy URL."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL server not installed (apt-get install -y postgresql).")
    account = pwd.getpwnam("postgres")
    folder.mkdir(parents=True)
    os.chown(folder, account.pw_uid, account.pw_gid)
    os.chmod(folder, 0o700)
    data, sockets, pwfile = folder / "data", folder / "sockets", folder / "superuser.pw"
    sockets.mkdir()
    os.chown(sockets, account.pw_uid, account.pw_gid)
    superuser_password, grader_password = secrets.token_hex(16), secrets.token_hex(16)
    pwfile.write_text(superuser_password + "\n", encoding="utf-8")
    os.chown(pwfile, account.pw_uid, account.pw_gid)
    os.chmod(pwfile, 0o600)
    port = free_port()
    _as_postgres(
        [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
         "--auth=scram-sha-256", f"--pwfile={pwfile}"],
        timeout=120,
    )  # fmt: skip
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets}"
    _as_postgres(
        [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
         "-o", options, "-w", "-t", "60", "start"],
        timeout=90,
    )  # fmt: skip
    try:
        env = {"PGPASSWORD": superuser_password}
        psql = [str(bin_dir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                "-v", "ON_ERROR_STOP=1", "-q"]  # fmt: skip
        for statement in (
            f"CREATE ROLE {DB_USER} LOGIN PASSWORD '{grader_password}'",
            f"CREATE DATABASE {DB_NAME} OWNER {DB_USER}",
        ):
            subprocess.run(
                [*psql, "-c", statement], env=os.environ | env, check=True, timeout=30,
                capture_output=True,
            )  # fmt: skip
        yield f"postgresql+psycopg://{DB_USER}:{grader_password}@127.0.0.1:{port}/{DB_NAME}"
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(bin_dir / "pg_ctl"), "-D", str(data),
             "-m", "fast", "-w", "-t", "30", "stop"],
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
