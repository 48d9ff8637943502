#!/usr/bin/env python3
"""Process start to login window: starts the real `gatehouse` binary repeatedly and prints how long it took,
measured from just before the process is created, until its first painted frame and until the login form is
usable (the start page's database is open). Figures only; never passes or fails on time.

usage: startup_bench.py PATH/TO/gatehouse [runs]
Runs under QT_QPA_PLATFORM=offscreen unless DISPLAY is set, each run in a private HOME/XDG tree: the first run
creates the database (first-run admin form), later runs open it (the everyday start)."""
import os
import statistics
import subprocess
import sys
import tempfile
import time


def one_run(binary, env):
    start = time.perf_counter()
    proc = subprocess.Popen([binary], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    marks = {}
    try:
        for raw in proc.stdout:
            marks[raw.decode().strip()] = (time.perf_counter() - start) * 1000.0
            if "painted" in marks and "ready" in marks:
                break
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if "painted" not in marks or "ready" not in marks:
        raise SystemExit(f"gatehouse exited ({proc.returncode}) before reporting its window: {marks}")
    return marks["painted"], marks["ready"]


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binary = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    with tempfile.TemporaryDirectory(prefix="gh-startup-") as home:
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=f"{home}/config", XDG_DATA_HOME=f"{home}/data",
                   XDG_CACHE_HOME=f"{home}/cache", GATEHOUSE_STARTUP_PROBE="1",
                   DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent")  # never the person's keychain
        if not env.get("DISPLAY"):
            env["QT_QPA_PLATFORM"] = "offscreen"
        first = one_run(binary, env)
        later = [one_run(binary, env) for _ in range(runs)]
    painted = [p for p, _ in later]
    ready = [r for _, r in later]
    print(f"platform: {env.get('QT_QPA_PLATFORM', 'display ' + env.get('DISPLAY', ''))}, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"first run (creates the database): painted {first[0]:.0f} ms, login form ready {first[1]:.0f} ms")
    print(f"{runs} later runs: painted median {statistics.median(painted):.0f} ms (min {min(painted):.0f}), "
          f"login form ready median {statistics.median(ready):.0f} ms (min {min(ready):.0f}, "
          f"max {max(ready):.0f}); target < 300 ms")


if __name__ == "__main__":
    main()
