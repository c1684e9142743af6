"""The sending engine: claims rows of the send log, talks SMTP, records every outcome.

Crash safety (SIGKILL at any instant):
- A row is set to ``sending`` (with ``claimed_by`` = host:pid) in its own commit *before* its SMTP transaction;
  after the server's 250 it is set to ``sent`` in its own commit, so a killed sender loses nothing.
- On start, rows claimed by a dead process on this host (or whose lease expired) go back to ``pending``.
- The one window SMTP itself cannot close: the server accepted the message (250) but the process died before
  the ``sent`` commit. Every mail has a Message-ID that is stable per (issue, subscriber), and on restart the
  interrupted rows are checked against the mail server's log (``SEND_RECONCILE=log:/var/log/mail.log``, Postfix
  logs ``message-id=<…>`` when it queues a message) or the local sink's maildir (default outside production:
  ``maildir:var/mail``): found → ``sent``, not found → sent again. Without such a source the repeat is at most
  one mail per connection per crash, with the same Message-ID so receiving systems can recognise it.

``python -m newsletter.sender [--until-idle]`` runs it alone; the worker runs it as a background thread.
"""

from __future__ import annotations

import argparse
import logging
import smtplib
import threading
import time
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from newsletter.adapters.orm import delivery, issue
from newsletter.adapters.send_log import SendLog
from newsletter.adapters.sending import TokenBucket, addr_only
from newsletter.domain.model import (
    D_FAILED,
    D_PENDING,
    D_SENDING,
    D_SENT,
    classify_smtp,
    retry_delay,
)
from newsletter.mail.composer import Composer
from newsletter.metrics import MAILS, QUEUE, RATE
from newsletter.service_layer import issues as issue_handlers
from newsletter.service_layer.common import now
from servicekit.messaging.outage import Outage

log = logging.getLogger(__name__)
OUTAGE_PAUSE = 2.0


class ServerDown(Exception):
    """No SMTP connection could be opened."""


class Sender:
    def __init__(self, runtime, stop: threading.Event | None = None) -> None:
        s = runtime.settings
        self.runtime, self.settings, self.engine = runtime, s, runtime.engine
        self.stop = stop or threading.Event()
        self.connections = max(1, int(s.get("SEND_CONNECTIONS", "2") or 2))
        self.bucket = TokenBucket(float(s.get("SEND_RATE", "0") or 0))
        self.batch = max(1, int(s.get("SEND_BATCH", "20") or 20))
        self.retry_base = float(s.get("SEND_RETRY_BASE", "30") or 30)
        self.max_attempts = int(s.get("SEND_MAX_ATTEMPTS", "5") or 5)
        self.lease = float(s.get("SEND_LEASE_SECONDS", "300") or 300)
        self.poll = float(s.get("SEND_POLL_SECONDS", "1") or 1)
        default_reconcile = "" if s.production else f"maildir:{s.var_dir / 'mail'}"
        self.sendlog = SendLog(self.engine, batch=self.batch, lease=self.lease,
                           reconcile=s.get("SEND_RECONCILE", default_reconcile))
        self.composer = Composer(s, self.engine)
        self._last_metrics = 0.0
        self.outage_pause = OUTAGE_PAUSE
        self.envelope_from = addr_only(s.mail_from)
        self.sent_count = 0
        self.count_lock = threading.Lock()
        self.outage = Outage("newsletter sender", log, stop=self.stop)  # database outages: one line each way

    # -- bookkeeping -------------------------------------------------------------------------------------
    def recover(self) -> int:
        return self.sendlog.recover()

    def claim(self) -> list[dict]:
        return self.sendlog.claim()

    def compose(self, row: dict) -> tuple[bytes, str]:
        return self.composer.compose(row)

    # -- SMTP --------------------------------------------------------------------------------------------
    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=30)
        if s.smtp_starttls:
            smtp.starttls()
        if s.smtp_user:
            smtp.login(s.smtp_user, s.smtp_password)
        return smtp

    def send_one(self, smtp: smtplib.SMTP | None, row: dict) -> smtplib.SMTP | None:
        try:
            raw, kind = self.compose(row)
        except Exception as exc:  # noqa: BLE001 - a broken template must not stop the queue
            log.exception("sender: cannot compose delivery %s", row["id"])
            self.sendlog.record(row, D_FAILED, f"Mail konnte nicht erstellt werden: {exc}")
            MAILS.labels("unknown", "failed").inc()
            return smtp
        if smtp is None:
            try:
                smtp = self._connect()
            except (smtplib.SMTPException, OSError) as exc:
                raise ServerDown(str(exc)) from exc
        self.bucket.take()
        try:
            smtp.sendmail(self.envelope_from, [row["to_addr"]], raw)
        except smtplib.SMTPRecipientsRefused as exc:
            code, msg = next(iter(exc.recipients.values()))
            return self._failed(smtp, row, kind, code, msg)
        except smtplib.SMTPResponseException as exc:
            return self._failed(smtp, row, kind, exc.smtp_code, exc.smtp_error)
        except (smtplib.SMTPException, OSError) as exc:
            self._close(smtp)
            self._failed(None, row, kind, 0, str(exc))
            return None
        self.sendlog.record(row, D_SENT)
        MAILS.labels(kind, "sent").inc()
        with self.count_lock:
            self.sent_count += 1
        return smtp

    def _failed(self, smtp, row, kind, code, msg):
        text = msg.decode("utf-8", "replace") if isinstance(msg, bytes) else str(msg)
        outcome = classify_smtp(code, text)
        error = f"{code} {text}".strip()
        if outcome.kind == "temporary" and row["attempts"] + 1 < self.max_attempts:
            delay = retry_delay(row["attempts"] + 1, self.retry_base)
            self.sendlog.record(row, D_PENDING, error, retry_at=now() + timedelta(seconds=delay))
            MAILS.labels(kind, "retry").inc()
        else:
            self.sendlog.record(row, D_FAILED, error)
            MAILS.labels(kind, "failed").inc()
        if smtp is not None:
            try:
                smtp.rset()
            except (smtplib.SMTPException, OSError):
                self._close(smtp)
                return None
        return smtp

    @staticmethod
    def _close(smtp) -> None:
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()

    def _send_rows(self, smtp, rows: list[dict]):
        for i, row in enumerate(rows):
            try:
                smtp = self.send_one(smtp, row)
            except ServerDown as exc:
                log.warning("sender: mail server unreachable (%s), pausing", exc)
                self.sendlog.release(rows[i:], f"Mailserver nicht erreichbar: {exc}")
                MAILS.labels("any", "server_down").inc()
                self.stop.wait(self.outage_pause)
                self.outage_pause = min(60.0, self.outage_pause * 2)
                return None
        self.outage_pause = OUTAGE_PAUSE
        return smtp

    def claim_and_send_once(self) -> int:
        """One batch on one connection (for tests and tools); returns the number of rows handled."""
        rows = self.claim()
        self._close(self._send_rows(None, rows))
        self.sendlog.drop_db()
        return len(rows)

    def connection_loop(self, idle: threading.Event | None = None) -> None:
        smtp = None
        try:
            while not self.stop.is_set():
                try:
                    rows = self.claim()
                except SQLAlchemyError as exc:  # the database is briefly unavailable: the queue waits, the thread lives
                    self.sendlog.drop_db()
                    if not self.outage.absorb(exc):
                        log.warning("sender: cannot claim deliveries, retrying", exc_info=True)
                        self.stop.wait(self.poll)
                    continue
                self.outage.end()
                if not rows:
                    self._close(smtp)
                    smtp = None
                    if idle is not None and idle.is_set():
                        return
                    self.stop.wait(self.poll / 4)
                    continue
                try:
                    smtp = self._send_rows(smtp, rows)
                except SQLAlchemyError as exc:  # outcome not recorded: the rows stay claimed until recover() sees them
                    self._close(smtp)
                    smtp = None
                    self.sendlog.drop_db()
                    if not self.outage.absorb(exc):
                        log.warning("sender: cannot record a delivery, reconnecting", exc_info=True)
                        self.stop.wait(self.poll)
        finally:
            self._close(smtp)
            self.sendlog.drop_db()

    # -- the control loop --------------------------------------------------------------------------------
    def housekeeping(self) -> None:
        issue_handlers.start_due_issues(self.runtime)
        finished = issue_handlers.finish_issues(self.runtime)
        for issue_id in finished:
            self.composer.forget(issue_id)
        self.recover_expired()
        if time.monotonic() - self._last_metrics > 5:  # a full count, so not on every poll
            self._last_metrics = time.monotonic()
            with self.engine.connect() as conn:
                for status, n in conn.execute(select(delivery.c.status, func.count()).group_by(delivery.c.status)):
                    QUEUE.labels(status).set(n)
            issue_handlers.issue_gauges(self.runtime)

    def recover_expired(self) -> None:
        if time.monotonic() - getattr(self, "_last_recover", 0) > max(5.0, self.lease / 10):
            self._last_recover = time.monotonic()
            self.recover()

    def run(self, until_idle: bool = False) -> None:
        self.recover()
        self._last_recover = time.monotonic()
        idle = threading.Event()
        threads = [threading.Thread(target=self.connection_loop, args=(idle if until_idle else None,),
                                    name=f"newsletter-smtp-{i}", daemon=True) for i in range(self.connections)]
        for t in threads:
            t.start()
        last_count, last_t = 0, time.monotonic()
        while not self.stop.is_set():
            try:
                self.housekeeping()
                self.outage.end()
            except Exception as exc:  # noqa: BLE001 - keep the loop alive; the database may be restarting
                if not self.outage.absorb(exc):
                    log.exception("sender housekeeping failed")
            t = time.monotonic()
            RATE.set((self.sent_count - last_count) / max(t - last_t, 1e-6))
            last_count, last_t = self.sent_count, t
            if until_idle and not self._has_due_work():
                idle.set()
                break
            self.stop.wait(self.poll)
        for t in threads:
            t.join(timeout=60)
        if until_idle:
            self.housekeeping()

    def _has_due_work(self) -> bool:
        with self.engine.connect() as conn:
            busy = conn.execute(select(delivery.c.id).where(delivery.c.status.in_((D_PENDING, D_SENDING)))
                                .limit(1)).first()
            due = conn.execute(select(issue.c.id).where(
                issue.c.status.in_(("sending",)) | ((issue.c.status == "scheduled") &
                                                    (issue.c.scheduled_at <= now()))).limit(1)).first()
        return bool(busy or due)


def background(runtime, stop) -> list:
    """ServiceSpec.background: the worker runs the sender (and the bounce mailbox scan) next to its consumer."""
    from newsletter.service_layer.bounces import scan_bounce_dir

    sender = Sender(runtime, stop)
    outage = Outage("bounce scan", log, stop=stop)

    def newsletter_sender():
        sender.run()

    def bounce_scanner():
        while not stop.wait(float(runtime.settings.get("BOUNCE_POLL_SECONDS", "30") or 30)):
            try:
                scan_bounce_dir(runtime)
                outage.end()
            except Exception as exc:  # noqa: BLE001
                if not outage.absorb(exc):
                    log.exception("bounce scan failed")

    return [newsletter_sender, bounce_scanner]


def main(argv=None) -> int:
    from newsletter.bootstrap import SPEC
    from servicekit.logging import configure_logging
    from servicekit.runtime import Runtime

    parser = argparse.ArgumentParser(prog="newsletter.sender", description="Versand-Engine des Newsletters")
    parser.add_argument("--until-idle", action="store_true", help="beenden, wenn nichts mehr zu senden ist")
    args = parser.parse_args(argv)
    runtime = Runtime(SPEC)
    configure_logging("newsletter-sender", runtime.settings.log_level, runtime.settings.log_json)
    stop = threading.Event()
    import signal

    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    Sender(runtime, stop).run(until_idle=args.until_idle)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
