"""Static analysis as tests: bandit finds no high-severity issue in the product code, ruff is clean."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bandit_reports_no_high_severity_finding():
    targets = ["lib", "gateway/src", *sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("services/*/src"))]
    done = subprocess.run([sys.executable, "-m", "bandit", "-q", "-r", *targets, "-lll", "-f", "json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=280)
    report = json.loads(done.stdout or "{}")
    assert "results" in report, f"bandit did not run: {done.stderr[-1000:]}"
    high = [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}" for r in report["results"]
            if r["issue_severity"] == "HIGH"]
    assert not high, "bandit HIGH findings:\n" + "\n".join(high)
    assert not report.get("errors"), f"bandit could not scan: {report['errors']}"


def test_ruff_is_clean_on_the_whole_repository():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-1000:]
