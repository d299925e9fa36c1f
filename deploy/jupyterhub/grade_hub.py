#!/usr/bin/env python3
"""Collect and autograde the hub's submissions the safe way (run as root, with the hub's PST_*).

The formgrader's own Collect and Autograde buttons are switched off (formgrader_guard.py):
nbgrader's collect trusts the trainee name written in an inbound folder, and its autograde runs
each trainee's code as the grader account, which can read the gradebook, its database URL and
the grader's files. Instead:

1. **collect** runs ``python -m grading collect`` as the grader account (the grader reads the
   exchange; nothing of the trainees' runs);
2. **autograde** runs ``python -m grading autograde`` as root, which is what gives every
   submission's kernel the full sandbox (own unprivileged user id, no network, the course and
   homes hidden, memory/CPU/process limits; docs/security.md) — trainee code never runs as the
   grader and never sees the gradebook URL, tokens or the grader's home;
3. what root wrote in the course is given back to the grader (never through a link).

    sudo PST_HUB_USERS=hub-users.yaml deploy/jupyterhub/grade_hub.py [--module 01-...]

Trainers then grade by hand and release feedback in the formgrader as before.
"""

from __future__ import annotations

import argparse
import os
import pwd
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hub_settings import HubSettings


def give_back(folder: Path, account: pwd.struct_passwd) -> int:
    """Hand everything root owns under `folder` to `account`, never following a link."""
    changed = 0
    for top, folders, files in os.walk(folder):
        for name in [*folders, *files]:
            path = os.path.join(top, name)
            if os.lstat(path).st_uid == 0:
                os.lchown(path, account.pw_uid, account.pw_gid)
                changed += 1
    return changed


def _run(command: list[str], env: dict[str, str], cwd: Path) -> int:
    print("$", " ".join(command), flush=True)
    return subprocess.run(command, env=env, cwd=cwd, check=False).returncode


def grade(settings: HubSettings, modules: list[str]) -> int:
    """Collect (as the grader) and autograde (as root, sandboxed); 0 when both succeeded."""
    if os.geteuid() != 0:
        raise SystemExit("grade_hub.py: run as root (the grading sandbox needs it).")
    grader = pwd.getpwnam(settings.grader_user)
    python = str(settings.venv_bin / "python")
    selection = [arg for module in modules for arg in ("--module", module)]
    course = str(settings.course_dir)
    path = f"{settings.venv_bin}:/usr/local/bin:/usr/bin:/bin"
    base = {
        "PATH": f"{path}:/usr/local/sbin:/usr/sbin:/sbin",  # root's: runuser lives in sbin
        "LANG": "C.UTF-8",
        **({"GRADEBOOK_URL": settings.gradebook_url} if settings.gradebook_url else {}),
    }
    grader_env = base | {
        "PATH": path,
        "HOME": grader.pw_dir,
        "USER": grader.pw_name,
        "JUPYTER_CONFIG_PATH": str(settings.grader_config_dir),
    }
    as_grader = ["runuser", "-u", grader.pw_name, "--", "env", "-i"]
    as_grader += [f"{key}={value}" for key, value in grader_env.items()]
    collected = _run(
        [*as_grader, python, "-m", "grading", "collect", "--course", course, *selection],
        env=base,
        cwd=Path("/"),
    )
    graded = _run(
        [python, "-m", "grading", "autograde", "--course", course, *selection],
        env=base | {"HOME": "/root"},
        cwd=Path("/"),
    )
    give_back(settings.course_dir, grader)
    return collected or graded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--module", action="append", default=[], help="Only this module.")
    options = parser.parse_args(argv)
    return grade(HubSettings.from_env(), options.module)


if __name__ == "__main__":
    sys.exit(main())
