"""`make bench`: run every benchmark module side by side and write docs/benchmarks.md.

Each module in bench/ with a ``run(quick: bool) -> str`` returns a Markdown section. Set BENCH_QUICK=1 for a
short smoke run, BENCH_ONLY=events,finance to select modules."""

from __future__ import annotations

import importlib
import os
import platform
import subprocess
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ORDER = ["events", "finance", "newsletter", "gateway", "footprint"]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[-1]
        except Exception:  # noqa: BLE001
            return "n/a"
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, RabbitMQ {version(['rabbitmqctl', 'version'])}, "
            f"PostgreSQL {version(['psql', '-V'])}. Shared, noisy machine: compare ratios within one run.")


def main() -> int:
    quick = os.environ.get("BENCH_QUICK") == "1"
    only = [m for m in os.environ.get("BENCH_ONLY", "").split(",") if m]
    sys.path.insert(0, str(HERE))
    sections = []
    for name in ORDER:
        if only and name not in only:
            continue
        if not (HERE / f"{name}.py").exists():
            continue
        print(f"== bench {name} ==", flush=True)
        started = time.monotonic()
        try:
            section = importlib.import_module(name).run(quick=quick)
        except Exception:  # noqa: BLE001 - one failing benchmark must not hide the others
            section = f"## {name}\n\nThe benchmark failed:\n\n```\n{traceback.format_exc()}\n```\n"
        print(section, flush=True)
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        sections.append((name, f"<!-- bench:{name} -->\n" + section.rstrip()
                         + f"\n\n_Run time: {time.monotonic() - started:.0f} s ({stamp})._\n"))
    out = ROOT / "docs" / "benchmarks.md"
    when = f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}{' (quick run)' if quick else ''}"
    written = (f"Sections {', '.join(only)} re-run (`BENCH_ONLY`) on {when}; each section says when it ran."
               if only else f"Written by `make bench` (`bench/run.py`) on {when}.")
    header = f"# Benchmarks\n\n{written}\n\nMachine: {machine()}\n\n"
    by_name = {}
    if only and out.exists():
        # Keep the other sections of an earlier run, in their place (each says when it ran).
        for part in out.read_text().split("<!-- bench:")[1:]:
            by_name[part.split(" ", 1)[0]] = ("<!-- bench:" + part).rstrip() + "\n"
    by_name.update(dict(sections))
    ordered = [by_name[name] for name in ORDER if name in by_name]
    out.write_text(header + "\n".join(ordered))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
