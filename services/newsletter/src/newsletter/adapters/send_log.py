"""The send log as the sending engine uses it: claim, mark, release, and reconcile after a crash."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
from datetime import timedelta

from sqlalchemy import select, update

from newsletter.adapters.orm import delivery, subscriber, transactional_mail
from newsletter.adapters.sending import accepted_message_ids, alive
from newsletter.domain.model import D_FAILED, D_PENDING, D_SENDING, D_SENT, D_SKIPPED, can_receive
from newsletter.service_layer.common import aware, now
from servicekit.db.engine import is_postgres, writing

log = logging.getLogger(__name__)
MARK_SENT_SQLITE = "UPDATE delivery SET status = 'sent', sent_at = ?, claimed_by = NULL, last_error = '' WHERE id = ?"
MARK_SENT_PG = "UPDATE delivery SET status = 'sent', sent_at = %s, claimed_by = NULL, last_error = '' WHERE id = %s"




class SendLog:
    def __init__(self, engine, *, batch: int, lease: float, reconcile: str) -> None:
        self.engine, self.batch, self.lease, self.reconcile = engine, batch, lease, reconcile
        self.me = f"{socket.gethostname()}:{os.getpid()}"
        self.sqlite = not is_postgres(engine)
        # SQLite has one writer: waiting on a Python lock wakes at once, SQLite's busy handler sleeps in steps.
        self._write_lock = threading.Lock() if self.sqlite else contextlib.nullcontext()
        self._local = threading.local()

    def recover(self) -> int:
        """Rows left ``sending`` by a dead process (same host, pid gone) or with an expired lease: those the mail
        server's log (or the sink's maildir) shows as accepted become ``sent``, the rest go back to ``pending``."""
        host = socket.gethostname()
        with writing(self.engine) as conn:
            rows = conn.execute(select(delivery.c.id, delivery.c.claimed_by, delivery.c.claimed_at,
                                       delivery.c.message_id).where(delivery.c.status == D_SENDING)).all()
            stale = {}
            for rid, claimed_by, claimed_at, mid in rows:
                h, _, pid = (claimed_by or "").rpartition(":")
                dead_here = h == host and pid.isdigit() and int(pid) != os.getpid() and not alive(int(pid))
                expired = claimed_at is None or aware(claimed_at) < now() - timedelta(seconds=self.lease)
                if dead_here or expired:
                    stale[rid] = mid
            accepted = accepted_message_ids(self.reconcile, set(stale.values())) if stale else set()
            done = [rid for rid, mid in stale.items() if mid in accepted]
            back = [rid for rid, mid in stale.items() if mid not in accepted]
            for ids, values in ((done, {"status": D_SENT, "sent_at": now(), "claimed_by": None,
                                        "last_error": "nach Abbruch im Protokoll des Mailservers gefunden"}),
                                (back, {"status": D_PENDING, "claimed_by": None})):
                for i in range(0, len(ids), 500):
                    conn.execute(update(delivery).where(delivery.c.id.in_(ids[i:i + 500]),
                                                        delivery.c.status == D_SENDING).values(**values))
        if stale:
            log.warning("sender: %d interrupted deliveries: %d already accepted by the mail server, %d requeued",
                        len(stale), len(done), len(back))
        return len(stale)

    def claim(self) -> list[dict]:
        cols = [delivery.c.id, delivery.c.issue_id, delivery.c.subscriber_id, delivery.c.mail_id,
                delivery.c.to_addr, delivery.c.attempts, delivery.c.message_id]
        with self._write_lock, writing(self.engine) as conn:
            ids_q = (select(delivery.c.id).where(delivery.c.status == D_PENDING, delivery.c.next_attempt_at <= now())
                     .order_by(delivery.c.priority, delivery.c.id).limit(self.batch))
            if is_postgres(self.engine):
                ids_q = ids_q.with_for_update(skip_locked=True)
            ids = list(conn.execute(ids_q).scalars())
            if not ids:
                return []
            conn.execute(update(delivery).where(delivery.c.id.in_(ids)).values(
                status=D_SENDING, claimed_by=self.me, claimed_at=now()))
            rows = conn.execute(
                select(*cols, subscriber.c.status.label("sub_status"), subscriber.c.name.label("sub_name"),
                       subscriber.c.language.label("sub_lang"), transactional_mail.c.template,
                       transactional_mail.c.language.label("tx_lang"), transactional_mail.c.to_name,
                       transactional_mail.c.context)
                .select_from(delivery.outerjoin(subscriber, subscriber.c.id == delivery.c.subscriber_id)
                             .outerjoin(transactional_mail, transactional_mail.c.id == delivery.c.mail_id))
                .where(delivery.c.id.in_(ids)).order_by(delivery.c.priority, delivery.c.id)).mappings().all()
            out, skipped = [], []
            for r in rows:
                if r["issue_id"] and not can_receive(r["sub_status"] or ""):
                    skipped.append(r["id"])  # unsubscribed/bounced meanwhile: never sent
                else:
                    out.append(dict(r))
            if skipped:
                conn.execute(update(delivery).where(delivery.c.id.in_(skipped)).values(
                    status=D_SKIPPED, last_error="Empfänger nicht mehr angemeldet", claimed_by=None))
        return out

    def release(self, rows: list[dict], error: str) -> None:
        """The mail server is unreachable: not the recipients' fault, so no attempt is counted."""
        with self._write_lock, writing(self.engine) as conn:
            conn.execute(update(delivery).where(delivery.c.id.in_([r["id"] for r in rows]),
                                                delivery.c.status == D_SENDING)
                         .values(status=D_PENDING, claimed_by=None, last_error=error[:500]))

    def record(self, row: dict, status: str, error: str = "", retry_at=None) -> None:
        if status == D_SENT and not error:
            self.mark_sent(row["id"])
            return
        values = {"status": status, "last_error": error[:500], "claimed_by": None}
        if status in (D_PENDING, D_FAILED):
            values["attempts"] = row["attempts"] + 1
        if retry_at is not None:
            values["next_attempt_at"] = retry_at
        with writing(self.engine) as conn:
            conn.execute(update(delivery).where(delivery.c.id == row["id"]).values(**values))

    def mark_sent(self, rid: int) -> None:
        """The hot path: one single-statement transaction per mail on the connection's own DBAPI connection
        (no ORM, no statement compilation: this runs once per mail)."""
        raw = getattr(self._local, "conn", None)
        if raw is None:
            raw = self._local.conn = self.engine.raw_connection()
        at = now()
        try:
            with self._write_lock:
                cur = raw.cursor()
                if self.sqlite:  # autocommit mode (see servicekit.db.engine): the statement is its transaction
                    cur.execute(MARK_SENT_SQLITE, (at.strftime("%Y-%m-%d %H:%M:%S.%f"), rid))
                else:
                    cur.execute(MARK_SENT_PG, (at, rid))
                    raw.commit()
                cur.close()
        except Exception:
            self.drop_db()
            raise

    def drop_db(self) -> None:
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - already broken
                log.debug("closing a broken database connection failed", exc_info=True)
