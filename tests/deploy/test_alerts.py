"""The alert rules are valid for Prometheus and every alert is proven by a promtool unit test."""

from __future__ import annotations

import shutil
import subprocess

import yaml
from k8s_docs import K8S, named

MONITORING = K8S / "components" / "monitoring"


def rules_dir(prod, tmp_path):
    """The PrometheusRule's groups as a plain rule file, with the unit tests beside it."""
    rule = named(prod, "PrometheusRule", "aktiv-alerts")
    (tmp_path / "rules.yaml").write_text(yaml.safe_dump({"groups": rule["spec"]["groups"]}, allow_unicode=True))
    shutil.copy(MONITORING / "rules.test.yaml", tmp_path / "rules.test.yaml")
    return tmp_path


def test_promtool_accepts_the_rules(prod, promtool, tmp_path):
    directory = rules_dir(prod, tmp_path)
    result = subprocess.run([promtool, "check", "rules", "rules.yaml"], cwd=directory, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_promtool_unit_tests_pass(prod, promtool, tmp_path):
    directory = rules_dir(prod, tmp_path)
    result = subprocess.run([promtool, "test", "rules", "rules.test.yaml"], cwd=directory, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_has_a_firing_and_a_quiet_unit_test(prod):
    rule = named(prod, "PrometheusRule", "aktiv-alerts")
    alerts = {r["alert"] for g in rule["spec"]["groups"] for r in g["rules"]}
    tests = yaml.safe_load((MONITORING / "rules.test.yaml").read_text())["tests"]
    fires, quiet = set(), set()
    for test in tests:
        for case in test.get("alert_rule_test", []):
            (fires if case.get("exp_alerts") else quiet).add(case["alertname"])
    assert alerts == fires, f"alerts without a firing test: {alerts - fires}"
    assert alerts == quiet, f"alerts without a test that they stay quiet: {alerts - quiet}"


def test_the_issue_asks_for_these_alerts(prod):
    rule = named(prod, "PrometheusRule", "aktiv-alerts")
    alerts = {r["alert"]: r for g in rule["spec"]["groups"] for r in g["rules"]}
    assert {"AktivServiceDown", "AktivHigh5xxRatio", "AktivHighLatencyP99", "AktivOutboxStuck", "AktivDeadLetters",
            "AktivConsumerQueueGrowing", "AktivSmtpFailures", "AktivFundingDeadlinesMissed"} <= set(alerts)
    for alert in alerts.values():
        assert alert["labels"]["severity"] in {"critical", "warning", "info"}
        assert {"summary", "description", "runbook_url"} <= set(alert["annotations"])
