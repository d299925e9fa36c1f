"""How many trainees does one hub machine carry? Fetch/submit latency and memory per server.

Starts a throwaway course hub on 127.0.0.1 (deploy/jupyterhub/trial_hub.py), logs in N simulated
trainees, starts their servers together, then has them fetch and submit the welcome module at the
same time (a class doing it together). Measures per step: p50/p95/max latency through the hub;
memory per single-user server (idle, after fetch/submit) and per kernel; hub + proxy memory.
The plain alternative in the same run: the same fetch and submit with the nbgrader command line
as that trainee, without a hub (what a single-user install does).

Run as root (creates throwaway unix accounts): python benchmarks/hub_load.py [--trainees 10]
Bounded: at most 40 trainees, and the run stops after --budget seconds (default 600).
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import signal
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rich.console import Console
from rich.table import Table

DEPLOY = Path(__file__).resolve().parents[1] / "deploy" / "jupyterhub"
sys.path.insert(0, str(DEPLOY))

from hub_client import HubPerson  # noqa: E402
from hub_settings import HubSettings  # noqa: E402
from trial_hub import TrialHub, throwaway_hub  # noqa: E402

MAX_TRAINEES = 40
MODULE = "00-welcome"
RESULTS = Path(__file__).resolve().parent / "results" / "hub_load.json"
console = Console()


def percentiles(values: list[float]) -> tuple[float, float, float]:
    """p50, p95 and max of `values`."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def memory_mb(uid: int) -> tuple[float, float]:
    """RSS and PSS (MB) summed over all processes of one unix account."""
    rss = pss = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid != uid:
                continue
            for line in (entry / "smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return rss / 1024, pss / 1024


def process_memory_mb(pid_file: Path) -> float:
    """RSS (MB) of the process whose pid is in `pid_file` (hub, proxy)."""
    try:
        pid = int(pid_file.read_text().strip())
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return float("nan")


def _out_of_time(signum, frame) -> None:
    raise TimeoutError("hub_load: time budget used up; the hub is being stopped")


ROLEPLAY_PROBE = """
import ipykernel.kernelapp, ipywidgets
from simulator import Session, load_scenario
from simulator.faces.widgets import RolePlay
session = Session(load_scenario("alcohol-ambivalence"), seed=0)
session.respond("It sounds like part of you wants a change, and part of you is not sure.")
rss = [line for line in open("/proc/self/status") if line.startswith("VmRSS:")][0]
print(int(rss.split()[1]) / 1024)
"""


def roleplay_kernel_mb(venv_bin: Path) -> float:
    """RSS (MB) of a Python process with what a role-play kernel loads (ipykernel, simulator)."""
    result = subprocess.run([str(venv_bin / "python"), "-c", ROLEPLAY_PROBE], check=True,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    return float(result.stdout.strip())


def timed(step) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def plain_cli_seconds(hub: TrialHub, user: str) -> tuple[float, float]:
    """Fetch and submit with the nbgrader command line as `user`, no hub (the plain way)."""
    settings = hub.settings
    home = settings.home_root / user
    work = home / "cli"
    env = [
        f"HOME={home}",
        f"USER={user}",
        f"PATH={settings.venv_bin}:/usr/bin:/bin",
        f"JUPYTER_CONFIG_PATH={settings.trainee_config_dir}",
        f"PYTHONPATH={settings.trainee_config_dir}",
    ]
    base = ["runuser", "-u", user, "--", "env", "-i", *env]
    subprocess.run([*base, "mkdir", "-p", str(work)], check=True)
    nbgrader = str(settings.venv_bin / "nbgrader")
    # JupyterHubAuthPlugin needs a hub token; outside the hub the default plugin is what runs.
    common = [
        "--course",
        settings.course_id,
        "--Authenticator.plugin_class=nbgrader.auth.NoAuthPlugin",
    ]
    fetch = timed(lambda: subprocess.run(
        [*base, nbgrader, "fetch_assignment", MODULE, *common], cwd=work, check=True,
        capture_output=True, timeout=120))  # fmt: skip
    submit = timed(lambda: subprocess.run(
        [*base, nbgrader, "submit", MODULE, *common], cwd=work, check=True,
        capture_output=True, timeout=120))  # fmt: skip
    return fetch, submit


def run(trainees: int, budget: float) -> dict:
    """The whole measurement; returns the numbers printed and saved."""
    results: dict = {"trainees": trainees}
    with throwaway_hub(trainees=trainees, trainers=1) as hub:
        settings = hub.settings
        signal.signal(signal.SIGALRM, _out_of_time)
        signal.alarm(int(budget))
        try:
            grader_name = hub.users.trainers[0]
            trainer = HubPerson.login(hub.base_url, grader_name, hub.passwords[grader_name])
            trainer.formgrader(settings.service_name, f"assignment/{MODULE}/release")
            people, logins = [], []
            for name in hub.users.trainees:
                start = time.perf_counter()
                people.append(HubPerson.login(hub.base_url, name, hub.passwords[name]))
                logins.append(time.perf_counter() - start)
            with ThreadPoolExecutor(max_workers=min(trainees, 16)) as pool:
                spawn = list(pool.map(lambda p: p.start_server(timeout=180), people))
                fetch = list(pool.map(lambda p: timed(
                    lambda: p.fetch(settings.course_id, MODULE)), people))  # fmt: skip
                submit = list(pool.map(lambda p: timed(
                    lambda: p.submit(settings.course_id, MODULE)), people))  # fmt: skip
            servers = [memory_mb(pwd.getpwnam(p.name).pw_uid) for p in people]
            kernel_person = people[0]
            kernel_person.http.post(f"{kernel_person.server_url}/api/kernels", json={},
                                    timeout=60).raise_for_status()  # fmt: skip
            time.sleep(4)
            with_kernel = memory_mb(pwd.getpwnam(kernel_person.name).pw_uid)
            cli_fetch, cli_submit = plain_cli_seconds(hub, hub.users.trainees[-1])
            results |= {
                "login_s": percentiles(logins),
                "server_start_s": percentiles(spawn),
                "fetch_s": percentiles(fetch),
                "submit_s": percentiles(submit),
                "server_rss_mb": statistics.median(r for r, _ in servers),
                "server_pss_mb": statistics.median(p for _, p in servers),
                "server_with_kernel_rss_mb": with_kernel[0],
                "server_with_kernel_pss_mb": with_kernel[1],
                "hub_rss_mb": process_memory_mb(settings.hub_state / "jupyterhub.pid"),
                "proxy_rss_mb": process_memory_mb(settings.hub_state / "proxy.pid"),
                "roleplay_kernel_rss_mb": roleplay_kernel_mb(settings.venv_bin),
                "cli_fetch_s": cli_fetch,
                "cli_submit_s": cli_submit,
                "cpus": os.cpu_count(),
            }
        finally:
            signal.alarm(0)
    return results


def show(results: dict) -> None:
    n = results["trainees"]
    table = Table(
        title=f"Hub under load: {n} trainees at once on 127.0.0.1 ({results['cpus']} CPUs)"
    )
    table.add_column("step")
    table.add_column("p50 s", justify="right")
    table.add_column("p95 s", justify="right")
    table.add_column("max s", justify="right")
    table.add_column("plain nbgrader CLI, no hub (s)", justify="right")
    for label, key, plain in (
        ("log in (form + token)", "login_s", ""),
        ("start single-user server", "server_start_s", ""),
        ("fetch module", "fetch_s", f"{results['cli_fetch_s']:.2f}"),
        ("submit module", "submit_s", f"{results['cli_submit_s']:.2f}"),
    ):
        p50, p95, worst = results[key]
        table.add_row(label, f"{p50:.2f}", f"{p95:.2f}", f"{worst:.2f}", plain)
    console.print(table)
    memory = Table(title="Memory (MB)")
    memory.add_column("what")
    memory.add_column("RSS", justify="right")
    memory.add_column("PSS (shared pages split)", justify="right")
    memory.add_row("single-user server, idle (median)", f"{results['server_rss_mb']:.0f}",
                   f"{results['server_pss_mb']:.0f}")  # fmt: skip
    memory.add_row("same server + one idle kernel", f"{results['server_with_kernel_rss_mb']:.0f}",
                   f"{results['server_with_kernel_pss_mb']:.0f}")  # fmt: skip
    memory.add_row("a role-play kernel (ipykernel + simulator, one turn)",
                   f"{results['roleplay_kernel_rss_mb']:.0f}", "")  # fmt: skip
    memory.add_row("JupyterHub", f"{results['hub_rss_mb']:.0f}", "")
    memory.add_row("configurable-http-proxy", f"{results['proxy_rss_mb']:.0f}", "")
    console.print(memory)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=10)
    parser.add_argument("--budget", type=float, default=600, help="seconds before giving up")
    args = parser.parse_args()
    if os.geteuid() != 0:
        console.print("hub_load: skipped — run as root (it creates throwaway unix accounts).")
        return 0
    if not (HubSettings().venv_bin / "jupyterhub").exists():
        console.print(
            "hub_load: skipped — build the hub venv first: deploy/jupyterhub/make-venv.sh"
        )
        return 0
    trainees = max(1, min(args.trainees, MAX_TRAINEES))
    results = run(trainees, args.budget)
    show(results)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
