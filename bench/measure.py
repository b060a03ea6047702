"""Run a command several times; report the median wall time and the peak memory of its whole
process tree (the main process plus every worker, sampled from /proc every 20 ms).

    python bench/measure.py --runs 5 -- corpus-qa check seeds/
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import threading
import time
from pathlib import Path


def _tree_rss_kib(root: int) -> int:
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{pid}/task").iterdir():
                stack.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def measure(command: list[str], cwd: str | None = None) -> tuple[float, int, int]:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kib(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    done.set()
    sampler.join()
    return time.perf_counter() - started, peak, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    results = [measure(command) for _ in range(args.runs)]
    walls = [wall for wall, _, _ in results]
    peaks = [peak for _, peak, _ in results]
    print(f"command: {' '.join(command)}")
    print(f"exit codes: {sorted({code for _, _, code in results})}")
    print(f"wall seconds: median {statistics.median(walls):.2f} (min {min(walls):.2f}, max {max(walls):.2f}, {len(walls)} runs)")
    print(f"peak RSS of the process tree: median {statistics.median(peaks) / 1024:.0f} MiB (max {max(peaks) / 1024:.0f} MiB)")
    print(f"cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
