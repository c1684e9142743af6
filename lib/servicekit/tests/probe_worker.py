"""Run the ``beta`` probe consumer as its own process: ``python probe_worker.py <prefix>``."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from probe_spec import make_specs  # noqa: E402

from servicekit.worker import run_worker  # noqa: E402

if __name__ == "__main__":
    _, beta = make_specs(sys.argv[1])
    run_worker(beta)
