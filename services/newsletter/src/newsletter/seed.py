"""Demo data for ``make run`` (marked as demo data), through the service-layer handlers; idempotent.

The subscribers sign up themselves (as on the website: "öffentlich"); news and the issue are written and scheduled
by the demo's newsletter editor (``servicekit.demo.NEWSLETTER``), so they read "Nina Newsletter (Demo), …"."""

from sqlalchemy import select, update

from newsletter.adapters.orm import consent, issue, news_item, subscriber, topic
from newsletter.adapters.tokens import Tokens
from newsletter.service_layer import issues, news, subscriptions
from servicekit.db.engine import writing
from servicekit.demo import NEWSLETTER

TOPICS = [
    ("jugend", "Jugend", "field_of_action"), ("senioren", "Senioren", "field_of_action"),
    ("integration", "Integration", "field_of_action"), ("familie", "Familie", "field_of_action"),
    ("kultur", "Kultur", "field_of_action"), ("ehrenamt", "Ehrenamt", "field_of_action"),
    ("vereine", "Vereine", "field_of_action"), ("europa", "Europa", "field_of_action"),
    ("bildung", "Bildung", "field_of_action"),
    ("neugablonz", "Neugablonz", "district"), ("haken", "Haken", "district"), ("altstadt", "Altstadt", "district"),
    ("oberbeuren", "Oberbeuren", "district"), ("kaufbeuren-west", "Kaufbeuren-West", "district"),
]

SUBSCRIBERS = [
    ("anna.huber@example.org", "Anna Huber", ["jugend", "neugablonz"], "de"),
    ("mehmet.yilmaz@example.org", "Mehmet Yılmaz", ["integration"], "de"),
    ("erika.schmid@example.org", "Erika Schmid", ["senioren", "altstadt"], "de"),
    ("olena.kovalenko@example.org", "Olena Kovalenko", ["integration", "familie"], "en"),
    ("verein.tsv@example.org", "", [], "de"),
]

NEWS = [
    ("demo-news-juze-truck", "Der JUZE-Truck fährt wieder",
     "Der Jugendtreff auf Rädern ist ab Mai wieder in Neugablonz und Haken unterwegs. Jeden Mittwoch gibt es "
     "Spiele, Musik und Gespräche. Alle Jugendlichen sind willkommen.",
     "Gefördert im Programm Stärken vor Ort aus Mitteln des Europäischen Sozialfonds Plus (ESF Plus).",
     ["jugend", "neugablonz", "haken"]),
    ("demo-news-apfelkern", "Apfelkern sucht Lesepaten",
     "Im Familienstützpunkt Apfelkern lesen Ehrenamtliche Kindern vor. Wer eine Stunde pro Woche Zeit hat, "
     "meldet sich einfach bei uns.",
     "Gefördert vom Bayerischen Staatsministerium für Familie, Arbeit und Soziales.", ["familie", "ehrenamt"]),
]


def seed(runtime) -> None:
    with NEWSLETTER.acting():
        _seed(runtime)


def _seed(runtime) -> None:
    with runtime.uow() as uow:
        have = set(uow.session.execute(select(topic.c.code)).scalars())
        for code, name, kind in TOPICS:
            if code not in have:
                uow.session.execute(topic.insert().values(code=code, name=name, kind=kind))
        uow.commit()
    tokens = Tokens.from_settings(runtime.settings)
    for email, name, topics, lang in SUBSCRIBERS:
        with runtime.engine.connect() as conn:
            if conn.execute(select(subscriber.c.id).where(subscriber.c.email == email)).first():
                continue
        result = subscriptions.subscribe(runtime.uow(), runtime.settings, email=email, name=name, topics=topics,
                                         language=lang, consent_text_version="2026-01", form="website")
        sid = result["subscriber_id"]
        with writing(runtime.engine) as conn:
            cid = conn.execute(select(subscriber.c.consent_id).where(subscriber.c.id == sid)).scalar_one()
            conn.execute(update(subscriber).where(subscriber.c.id == sid).values(demo=True))
            conn.execute(update(consent).where(consent.c.id == cid).values(evidence="Demodaten"))
        subscriptions.confirm(runtime.uow(), runtime.settings, tokens.confirm_token(sid, cid))
    for nid, title, body, notice, topics in NEWS:
        with runtime.engine.connect() as conn:
            if conn.execute(select(news_item.c.id).where(news_item.c.id == nid)).first():
                continue
        news.create_news(runtime.uow(), title=title, summary=body, body=body, funder_notice=notice, topics=topics,
                         actor=NEWSLETTER.actor, news_id=nid, status="approved", demo=True)
    with runtime.engine.connect() as conn:
        exists = conn.execute(select(issue.c.id).where(issue.c.id == "demo-ausgabe-2026-05")).first()
    if not exists:
        issues.create_issue(runtime.uow(), title="Kaufbeuren aktiv – Ausgabe Mai 2026",
                            intro="Liebe Engagierte, hier sind die Neuigkeiten aus den Stadtteilen.",
                            news_ids=[n[0] for n in NEWS], actor=NEWSLETTER.actor, issue_id="demo-ausgabe-2026-05",
                            demo=True)
        issues.schedule(runtime.uow(), "demo-ausgabe-2026-05", at=None, actor=NEWSLETTER.actor)
