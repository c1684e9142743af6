"""``python -m finance.radar [--today YYYY-MM-DD]``: run the runtime radar once (cron or the worker loop)."""

from __future__ import annotations

import argparse
import sys
from datetime import date


def main(argv: list[str] | None = None) -> int:
    from finance.bootstrap import SPEC
    from finance.service_layer.radar import configured_thresholds, run_radar
    from servicekit.runtime import Runtime

    parser = argparse.ArgumentParser(prog="finance.radar", description="Laufzeit-Radar der Förderungen")
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    runtime = Runtime(SPEC)
    emitted = run_radar(runtime.uow(), args.today, configured_thresholds(runtime.settings))
    for e in emitted:
        print(f"Förderung {e['grant_id']} endet am {e['period_end']:%d.%m.%Y} "
              f"(Schwelle {e['threshold_months']} Monate)")
    print(f"Radar: {len(emitted)} Hinweis(e) ausgegeben")
    return 0


if __name__ == "__main__":
    sys.exit(main())
