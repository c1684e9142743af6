"""The real worker process (`python -m newsletter.worker`) runs the sending engine next to its consumer."""

import os
import signal
import subprocess
import sys

from newsletter.bootstrap import SPEC
from newsletter.seed import seed
from servicekit.testing import wait_until

from ..conftest import free_port


def test_worker_sends_the_scheduled_demo_issue_and_exports_metrics(make_runtime, smtp_sink, tmp_path):
    rt = make_runtime(SPEC, smtp_port=smtp_sink.port, migrate=True)
    seed(rt)
    metrics_port = free_port()
    env = {**os.environ, "AKTIV_ENV": "test", "AKTIV_VAR_DIR": str(rt.settings.var_dir),
           "AKTIV_NEWSLETTER_DATABASE_URL": rt.settings.database_url, "AKTIV_SMTP_PORT": str(smtp_sink.port),
           "AKTIV_NEWSLETTER_METRICS_PORT": str(metrics_port), "AKTIV_NEWSLETTER_SEND_POLL_SECONDS": "0.2",
           "AKTIV_LOG_JSON": "false", "AKTIV_JWT_PUBLIC_KEY_FILE": str(rt.settings.jwt_public_key_file)}
    log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "newsletter.worker"], env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: len(smtp_sink.messages) >= 10, timeout=60, message="opt-in mails and demo issue sent")
        import requests

        def metrics():
            try:
                text = requests.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=2).text
            except requests.RequestException:
                return None
            return text if 'aktiv_newsletter_mails_total{kind="issue",outcome="sent"} 5.0' in text else None

        body = wait_until(metrics, timeout=30, message="metrics")
        assert "aktiv_newsletter_queue" in body
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()
    issue_mails = [m for m in smtp_sink.parsed() if m["Subject"] == "Kaufbeuren aktiv – Ausgabe Mai 2026"]
    assert len(issue_mails) == 5 and all(m["List-Unsubscribe-Post"] for m in issue_mails)
