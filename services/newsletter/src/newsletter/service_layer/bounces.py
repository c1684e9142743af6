"""Bounces (RFC 3464 DSNs) from an endpoint or a mailbox directory; transactional mail requests."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select, update

from newsletter.adapters.orm import bounce, delivery, subscriber
from newsletter.domain.dsn import parse_dsn
from newsletter.domain.model import BOUNCED, CONFIRMED, PENDING, SOFT_BOUNCE_LIMIT, bounce_verdict, normalise_email
from newsletter.metrics import BOUNCES
from newsletter.service_layer.common import enqueue_mail, now
from newsletter.service_layer.subscriptions import mark_bounced

log = logging.getLogger(__name__)


def record_dsn(uow, raw: bytes, *, source: str, actor: str, soft_limit: int = SOFT_BOUNCE_LIMIT) -> list[dict]:
    """Record every failed/delayed recipient of one DSN; hard bounce or ``soft_limit`` soft ones → bounced."""
    results = []
    with uow:
        for b in parse_dsn(raw):
            email = normalise_email(b.recipient)
            sub = None
            if b.message_id:
                sid = uow.session.execute(select(delivery.c.subscriber_id).where(
                    delivery.c.message_id == b.message_id)).scalar()
                if sid:
                    sub = uow.session.execute(select(subscriber).where(subscriber.c.id == sid)).mappings().first()
            if sub is None:
                sub = uow.session.execute(select(subscriber).where(subscriber.c.email == email)).mappings().first()
            uow.session.execute(bounce.insert().values(
                subscriber_id=sub["id"] if sub else None, email=email, kind=b.kind, status=b.status,
                diagnostic=b.diagnostic[:1000], message_id=b.message_id, received_at=now(), source=source))
            BOUNCES.labels(b.kind).inc()
            outcome = {"email": email, "kind": b.kind, "status": b.status, "subscriber_id": sub["id"] if sub else None,
                       "subscriber_status": sub["status"] if sub else None}
            if sub is not None and sub["status"] in (CONFIRMED, PENDING):
                soft = sub["soft_bounces"] + (1 if b.kind == "soft" else 0)
                uow.session.execute(update(subscriber).where(subscriber.c.id == sub["id"]).values(soft_bounces=soft))
                if bounce_verdict(b.kind, soft, soft_limit):
                    mark_bounced(uow.session, sub["id"])
                    outcome["subscriber_status"] = BOUNCED
                    uow.publish("newsletter.subscriber.unsubscribed.v1", sub["id"], {"subscriber_id": sub["id"]})
                uow.audit(actor=actor, entity="subscriber", entity_id=sub["id"], action=f"bounce_{b.kind}",
                          changes={"status": b.status, "soft_bounces": soft, "source": source})
            results.append(outcome)
        uow.commit()
    return results


def scan_bounce_dir(runtime) -> int:
    """Process every mail file in ``AKTIV_NEWSLETTER_BOUNCE_DIR`` (default var/bounces, maildir new/ or flat);
    processed files move to ``done/``."""
    base = Path(runtime.settings.get("BOUNCE_DIR", "") or runtime.settings.var_dir / "bounces")
    if not base.exists():
        return 0
    limit = int(runtime.settings.get("SOFT_BOUNCE_LIMIT", str(SOFT_BOUNCE_LIMIT)) or SOFT_BOUNCE_LIMIT)
    done = base / "done"
    done.mkdir(exist_ok=True)
    handled = 0
    for folder in (base / "new", base / "cur", base):
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
            record_dsn(runtime.uow(), path.read_bytes(), source="mailbox", actor="bounce-postfach", soft_limit=limit)
            path.rename(done / path.name)
            handled += 1
    return handled


def on_mail_requested(settings):
    """participation.mail.requested → one transactional mail in the send log (idempotent on mail_id)."""

    def handler(uow, env) -> None:
        d = env.data
        enqueue_mail(uow.session, mail_id=d["mail_id"], template=d["template"], to=d["to"], name=d.get("name", ""),
                     language=d.get("language", "de"), context=d.get("context", {}), source=env.source,
                     mail_from=settings.mail_from)

    handler.__qualname__ = "on_mail_requested"
    return handler
