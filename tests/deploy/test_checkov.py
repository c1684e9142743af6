"""checkov finds nothing on the rendered overlays, apart from the skips written down with their reasons."""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml
from k8s_docs import K8S, OVERLAYS

SKIPS = yaml.safe_load((K8S / "checkov-skips.yaml").read_text())
PINNED = (K8S.parent / "tools-requirements.txt").read_text()


def test_every_skip_has_a_reason():
    assert SKIPS, "no skips: drop the file instead"
    for check, reason in SKIPS.items():
        assert check.startswith(("CKV_K8S_", "CKV2_K8S_")), check
        assert len(reason.split()) >= 20, f"{check}: the reason is too thin"


def test_the_checkov_used_is_the_pinned_one(checkov):
    version = subprocess.run([checkov, "--version"], capture_output=True, text=True, timeout=120).stdout.strip()
    assert f"checkov=={version}" in PINNED, f"checkov {version} is not the version pinned in tools-requirements.txt"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_checkov_reports_no_failed_check(checkov, rendered_text, overlay, tmp_path):
    manifest = tmp_path / f"{overlay}.yaml"
    manifest.write_text(rendered_text[overlay])
    result = subprocess.run(
        [checkov, "--file", str(manifest), "--framework", "kubernetes", "--output", "json", "--quiet",
         "--skip-download", "--skip-check", ",".join(SKIPS)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.stdout.strip(), f"checkov printed nothing:\n{result.stderr[-2000:]}"
    report = json.loads(result.stdout)
    reports = report if isinstance(report, list) else [report]
    failed = [f"{c['check_id']} {c['resource']}" for r in reports for c in r["results"]["failed_checks"]]
    passed = sum(r["summary"]["passed"] for r in reports)
    assert not failed, "checkov findings:\n" + "\n".join(failed)
    assert passed > 500, f"checkov checked suspiciously little ({passed} passed checks)"
    assert result.returncode == 0, result.stderr[-2000:]
