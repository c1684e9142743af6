"""Subscribers: double opt-in with consent proof, confirmation, unsubscribe, DSGVO export and erasure."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update

from newsletter.adapters.orm import bounce, consent, delivery, subscriber, topic, transactional_mail
from newsletter.adapters.tokens import Tokens
from newsletter.domain.model import (
    BOUNCED,
    CONFIRMED,
    D_PENDING,
    D_SKIPPED,
    ERASED,
    PENDING,
    UNSUBSCRIBED,
    InvalidToken,
    NewsletterError,
    normalise_email,
    valid_email,
)
from newsletter.service_layer.common import aware, enqueue_mail, fetch, new_id, now
from servicekit.web.i18n import Msg

OPTIN_THROTTLE = timedelta(minutes=10)

# The wording the citizen ticked, per version (2026-01 = the gateway's public form).
CONSENT_TEXTS = {
    "2026-01": "Ich möchte den Newsletter erhalten und habe die Datenschutzhinweise gelesen. "
               "Ich kann mich jederzeit mit einem Klick abmelden.",
}


def consent_text(version: str) -> str:
    return CONSENT_TEXTS.get(version, f"Einwilligungstext Version {version} (Wortlaut im Formular)")


def known_topics(session, codes: list[str]) -> list[str]:
    if not codes:
        return []
    found = set(session.execute(select(topic.c.code).where(topic.c.code.in_(codes))).scalars())
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise NewsletterError(Msg("Unbekannte Themen: %(codes)s", codes=", ".join(unknown)))
    return sorted(set(codes))


def subscribe(uow, settings, *, email: str, name: str = "", topics: list[str] | None = None, language: str = "de",
              consent_text_version: str, form: str, source: str = "website", evidence: str = "",
              requested_at: datetime | None = None, actor: str = "öffentlich") -> dict:
    """Record an opt-in request and queue the confirmation mail. The answer never tells whether the address
    was known. A confirmed address stays confirmed; nothing is sent to it here."""
    email = normalise_email(email)
    if not valid_email(email):
        raise NewsletterError(Msg("Die E-Mail-Adresse ist ungültig."))
    with uow:
        codes = known_topics(uow.session, topics or [])
        row = uow.session.execute(select(subscriber).where(subscriber.c.email == email)
                                  .with_for_update()).mappings().first()
        at = now()
        if row is not None and row["status"] in (CONFIRMED, ERASED):
            uow.commit()
            return {"status": "pending"}
        if row is not None and row["status"] == PENDING and row["last_optin_mail_at"] and \
                at - aware(row["last_optin_mail_at"]) < OPTIN_THROTTLE:
            uow.commit()  # against mail bombing: one opt-in mail per address every ten minutes
            return {"status": "pending"}
        consent_id = new_id()
        if row is None:
            sid = new_id()
            uow.session.execute(subscriber.insert().values(
                id=sid, email=email, name=name or "", language=language, topics=codes, status=PENDING,
                created_at=at, soft_bounces=0, consent_id=consent_id, last_optin_mail_at=at, demo=False))
            action = "subscribe_requested"
        else:
            sid = row["id"]
            uow.session.execute(update(subscriber).where(subscriber.c.id == sid).values(
                name=name or row["name"], language=language, topics=codes, status=PENDING, consent_id=consent_id,
                last_optin_mail_at=at, unsubscribed_at=None, bounced_at=None, soft_bounces=0))
            action = "resubscribe_requested"
        uow.session.execute(consent.insert().values(
            id=consent_id, subscriber_id=sid, requested_at=requested_at or at, form=form,
            text_version=consent_text_version, text=consent_text(consent_text_version), topics=codes,
            source=source, evidence=evidence))
        _queue_optin(uow.session, settings, sid, consent_id, email, name, language)
        uow.audit(actor=actor, entity="subscriber", entity_id=sid, action=action,
                  changes={"form": form, "consent_text_version": consent_text_version, "source": source,
                           "topics": codes})
        uow.commit()
    return {"status": "pending", "subscriber_id": sid}


def _queue_optin(session, settings, sid, consent_id, email, name, language) -> None:
    tokens = Tokens.from_settings(settings)
    link = f"{settings.public_url}/newsletter/bestaetigen?token={tokens.confirm_token(sid, consent_id)}"
    enqueue_mail(session, mail_id=f"optin-{consent_id}", template="optin", to=email, name=name,
                 language=language, context={"confirm_link": link, "ttl_hours": tokens.confirm_ttl // 3600},
                 source="newsletter", mail_from=settings.mail_from)


def confirm(uow, settings, token: str) -> dict:
    sid, consent_id = Tokens.from_settings(settings).read_confirm(token)
    with uow:
        row = uow.session.execute(select(subscriber).where(subscriber.c.id == sid).with_for_update()
                                  ).mappings().first()
        if row is None or row["status"] == ERASED:
            raise InvalidToken(Msg("Zu diesem Link gibt es keine Anmeldung (mehr)."))
        if row["status"] == CONFIRMED and row["consent_id"] == consent_id:
            uow.commit()
            return {"status": "confirmed"}
        if row["consent_id"] != consent_id or row["status"] != PENDING:
            raise InvalidToken(Msg("Dieser Bestätigungslink gilt nicht mehr. Bitte nutzen Sie den Link aus der "
                                   "neuesten E-Mail oder melden Sie sich erneut an."))
        at = now()
        uow.session.execute(update(subscriber).where(subscriber.c.id == sid).values(status=CONFIRMED,
                                                                                    confirmed_at=at))
        uow.session.execute(update(consent).where(consent.c.id == consent_id).values(confirmed_at=at))
        uow.audit(actor="öffentlich", entity="subscriber", entity_id=sid, action="confirmed",
                  changes={"consent_id": consent_id})
        uow.publish("newsletter.subscriber.confirmed.v1", sid,
                    {"subscriber_id": sid, "topics": list(row["topics"] or []), "language": row["language"]})
        uow.commit()
    return {"status": "confirmed"}


def unsubscribe_by_token(uow, settings, token: str) -> dict:
    sid = Tokens.from_settings(settings).read_unsubscribe(token)
    return unsubscribe(uow, sid, actor="öffentlich", via="link")


def unsubscribe(uow, sid: str, *, actor: str, via: str) -> dict:
    with uow:
        row = uow.session.execute(select(subscriber).where(subscriber.c.id == sid).with_for_update()
                                  ).mappings().first()
        if row is None or row["status"] == ERASED:
            raise InvalidToken(Msg("Zu diesem Link gibt es keine Anmeldung (mehr)."))
        if row["status"] in (PENDING, CONFIRMED):
            at = now()
            uow.session.execute(update(subscriber).where(subscriber.c.id == sid).values(status=UNSUBSCRIBED,
                                                                                        unsubscribed_at=at))
            uow.session.execute(update(consent).where(consent.c.subscriber_id == sid,
                                                      consent.c.withdrawn_at.is_(None)).values(withdrawn_at=at))
            _skip_pending(uow.session, sid)
            uow.audit(actor=actor, entity="subscriber", entity_id=sid, action="unsubscribed", changes={"via": via})
            uow.publish("newsletter.subscriber.unsubscribed.v1", sid, {"subscriber_id": sid})
        uow.commit()
    return {"status": "unsubscribed"}


def _skip_pending(session, sid: str) -> None:
    session.execute(update(delivery).where(delivery.c.subscriber_id == sid, delivery.c.status == D_PENDING)
                    .values(status=D_SKIPPED, last_error="Empfänger nicht mehr angemeldet"))


def mark_bounced(session, sid: str) -> None:
    session.execute(update(subscriber).where(subscriber.c.id == sid).values(status=BOUNCED, bounced_at=now()))
    _skip_pending(session, sid)


def export_subscriber(session, sid: str) -> dict:
    """DSGVO Art. 15: everything stored about one subscriber."""
    row = fetch(session, subscriber, sid, "Der Abonnent")
    consents = session.execute(select(consent).where(consent.c.subscriber_id == sid)
                               .order_by(consent.c.requested_at)).mappings().all()
    deliveries = session.execute(select(delivery.c.issue_id, delivery.c.status, delivery.c.sent_at,
                                        delivery.c.to_addr).where(delivery.c.subscriber_id == sid)).mappings().all()
    bounces = session.execute(select(bounce).where(bounce.c.subscriber_id == sid)).mappings().all()
    return {"subscriber": _plain(row), "consents": [_plain(c) for c in consents],
            "deliveries": [_plain(d) for d in deliveries], "bounces": [_plain(b) for b in bounces]}


def erase(uow, sid: str, *, actor: str) -> dict:
    """DSGVO Art. 17: personal data goes; counts in the send log stay (without the address)."""
    with uow:
        erase_in(uow, sid, actor=actor)
        uow.commit()
    return {"status": "erased"}


def erase_in(uow, sid: str, *, actor: str) -> None:
    """The erasure inside an open unit of work (the API and the person-erased consumer share it)."""
    row = fetch(uow.session, subscriber, sid, "Der Abonnent", lock=True)
    was_receiving = row["status"] in (PENDING, CONFIRMED)
    _skip_pending(uow.session, sid)
    uow.session.execute(update(delivery).where(delivery.c.subscriber_id == sid).values(to_addr="gelöscht"))
    scrub_address(uow.session, row["email"])
    optins = select(consent.c.id).where(consent.c.subscriber_id == sid)
    optin_mails = [f"optin-{c}" for c in uow.session.execute(optins).scalars()]
    if optin_mails:
        uow.session.execute(delete(delivery).where(delivery.c.mail_id.in_(optin_mails)))
        uow.session.execute(delete(transactional_mail).where(transactional_mail.c.id.in_(optin_mails)))
    uow.session.execute(delete(consent).where(consent.c.subscriber_id == sid))
    uow.session.execute(delete(bounce).where(bounce.c.subscriber_id == sid))
    uow.session.execute(update(subscriber).where(subscriber.c.id == sid).values(
        email=f"geloescht-{sid}@invalid", name="", topics=[], status=ERASED, consent_id=None))
    uow.audit(actor=actor, entity="subscriber", entity_id=sid, action="erased", changes={})
    if was_receiving:
        uow.publish("newsletter.subscriber.unsubscribed.v1", sid, {"subscriber_id": sid})


def scrub_address(session, email: str) -> None:
    """Transactional mails and send-log rows addressed to ``email`` lose the address and their context."""
    other_mails = select(delivery.c.mail_id).where(delivery.c.to_addr == email, delivery.c.mail_id.is_not(None))
    session.execute(update(transactional_mail).where(transactional_mail.c.id.in_(other_mails))
                    .values(to_name="", context={}))
    session.execute(update(delivery).where(delivery.c.to_addr == email, delivery.c.status == D_PENDING)
                    .values(status=D_SKIPPED, last_error="Daten gelöscht (Art. 17 DSGVO)"))
    session.execute(update(delivery).where(delivery.c.to_addr == email).values(to_addr="gelöscht"))


def _plain(row) -> dict:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in dict(row).items()}


def on_person_erased(uow, event) -> None:
    """participation.person.erased.v1: the person was anonymised there; erase the subscription and every mail
    to that address here too (DSGVO Art. 17 across services). The event names the person by the keyed lookup
    key of their address (servicekit.erasure), so the addresses held here are keyed the same way and compared;
    an event from before that change may still carry the address. Idempotent through the inbox; a second
    erasure of an already erased address finds nothing."""
    key = event.data.get("email_key")
    legacy = (event.data.get("email") or "").strip()
    if key:
        held = select(subscriber.c.email).where(subscriber.c.status != ERASED).union(
            select(delivery.c.to_addr).where(delivery.c.to_addr != "gelöscht"))
        stored = uow.session.execute(held).scalars()
        addresses = uow.erasure_matches(key, stored)
    elif legacy:
        addresses = {legacy, legacy.lower()}
    else:
        return
    lowered = {a.lower() for a in addresses}
    sid = uow.session.execute(select(subscriber.c.id).where(
        func.lower(subscriber.c.email).in_(lowered), subscriber.c.status != ERASED)).scalar() if lowered else None
    if sid:
        erase_in(uow, sid, actor="dsgvo:participation")
    for address in addresses:
        scrub_address(uow.session, address)
    uow.audit(actor="dsgvo:participation", entity="erasure", entity_id=event.data["person_id"],
              action="person_erased", changes={"subscription_erased": bool(sid)})
