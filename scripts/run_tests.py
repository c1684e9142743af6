"""`make test`: one pytest process per component, so every component's `tests` package keeps its own module
namespace, then one closing line for the whole suite: ``N passed, N failed, N skipped``.

Extra pytest arguments: ``PYTEST_ARGS="-k quorum" make test``. Select components: ``TEST_GROUPS=gateway,lib``.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GROUPS = ["lib", "services/programmes", "services/finance", "services/participation", "services/newsletter",
          "gateway", "tests"]
COUNT = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed)")


def main() -> int:
    extra = shlex.split(os.environ.get("PYTEST_ARGS", ""))
    selected = [g for g in os.environ.get("TEST_GROUPS", "").split(",") if g] or GROUPS
    totals = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
    failed_groups = []
    started = time.monotonic()
    for group in selected:
        if not (ROOT / group).exists():
            continue
        print(f"\n===== {group} =====", flush=True)
        t0 = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "pytest", group, "-q", *extra], cwd=ROOT, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        sys.stdout.write(proc.stdout)
        summary = [line for line in proc.stdout.splitlines() if COUNT.search(line)]
        if summary:
            for n, kind in COUNT.findall(summary[-1]):
                key = "error" if kind.startswith("error") else ("passed" if kind == "xpassed" else kind)
                if key in totals:
                    totals[key] += int(n)
        if proc.returncode not in (0, 5):
            failed_groups.append(group)
            if not summary:
                totals["error"] += 1
        print(f"----- {group}: exit {proc.returncode} in {time.monotonic() - t0:.0f} s", flush=True)
    failing = ", ".join(failed_groups) or "none"
    print(f"\nwhole suite in {time.monotonic() - started:.0f} s; failing components: {failing}")
    failed = totals["failed"] + totals["error"]
    print(f"{totals['passed']} passed, {failed} failed, {totals['skipped']} skipped")
    return 1 if failed_groups else 0


if __name__ == "__main__":
    sys.exit(main())
