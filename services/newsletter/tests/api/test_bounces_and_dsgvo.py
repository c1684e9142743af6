"""DSN bounces (real samples in tests/fixtures), CSV import/export, DSGVO export and erasure, roles."""

from pathlib import Path

from sqlalchemy import select

from newsletter.adapters.orm import bounce, delivery, subscriber
from newsletter.bootstrap import SPEC
from newsletter.domain.dsn import parse_dsn
from newsletter.service_layer.bounces import scan_bounce_dir

from ..helpers import add_topics, confirmed_subscriber, sink_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EDITOR = ("newsletter.editor",)


def _client(make_client, smtp_sink):
    client, rt = make_client(SPEC, **sink_settings(smtp_sink))
    add_topics(rt)
    return client, rt


def test_dsn_samples_are_parsed_into_hard_and_soft_bounces():
    hard = parse_dsn((FIXTURES / "postfix_hard_550.eml").read_bytes().replace(b"{MESSAGE_ID}", b"<m@x>"))
    assert [(b.recipient, b.kind, b.status, b.message_id) for b in hard] == \
        [("alt.nutzer@example.net", "hard", "5.1.1", "<m@x>")]
    assert "User unknown" in hard[0].diagnostic
    soft = parse_dsn((FIXTURES / "exim_soft_mailbox_full.eml").read_bytes())
    assert [(b.recipient, b.kind, b.status, b.action) for b in soft] == [("voll@example.com", "soft", "4.2.2",
                                                                          "delayed")]
    assert parse_dsn((FIXTURES / "out_of_office.eml").read_bytes()) == []


def test_hard_bounce_via_api_marks_the_subscriber_bounced(make_client, smtp_sink, auth_header):
    client, rt = _client(make_client, smtp_sink)
    sid = confirmed_subscriber(rt, "alt.nutzer@example.net", "Alt")
    raw = (FIXTURES / "postfix_hard_550.eml").read_bytes().replace(b"{MESSAGE_ID}", b"<issue.i.x@k>")
    resp = client.post("/api/newsletter/bounces", data=raw, content_type="message/rfc822",
                       headers=auth_header(*EDITOR))
    assert resp.status_code == 200, resp.json
    assert resp.json["bounces"][0]["subscriber_status"] == "bounced"
    with rt.engine.connect() as conn:
        assert conn.execute(select(subscriber.c.status).where(subscriber.c.id == sid)).scalar_one() == "bounced"
    not_dsn = client.post("/api/newsletter/bounces", data=(FIXTURES / "out_of_office.eml").read_bytes(),
                          content_type="message/rfc822", headers=auth_header(*EDITOR))
    assert not_dsn.status_code == 422 and "keine Zustellbenachrichtigung" in not_dsn.json["detail"]
    assert client.post("/api/newsletter/bounces", data=raw, content_type="message/rfc822",
                       headers=auth_header("viewer")).status_code == 403


def test_three_soft_bounces_from_the_mailbox_directory_mark_bounced(make_client, smtp_sink):
    _, rt = _client(make_client, smtp_sink)
    sid = confirmed_subscriber(rt, "voll@example.com", "Voll")
    box = rt.settings.var_dir / "bounces" / "new"
    box.mkdir(parents=True)
    sample = (FIXTURES / "exim_soft_mailbox_full.eml").read_bytes()
    for n in range(2):
        (box / f"{n}.eml").write_bytes(sample)
    assert scan_bounce_dir(rt) == 2
    with rt.engine.connect() as conn:
        assert conn.execute(select(subscriber.c.status, subscriber.c.soft_bounces)
                            .where(subscriber.c.id == sid)).one() == ("confirmed", 2)
    (box / "3.eml").write_bytes(sample)
    assert scan_bounce_dir(rt) == 1 and scan_bounce_dir(rt) == 0  # processed files move to done/
    with rt.engine.connect() as conn:
        assert conn.execute(select(subscriber.c.status).where(subscriber.c.id == sid)).scalar_one() == "bounced"
        assert len(conn.execute(select(bounce)).all()) == 3


def test_csv_import_needs_documented_consent_and_still_sends_the_opt_in(make_client, smtp_sink, auth_header):
    client, rt = _client(make_client, smtp_sink)
    csv = ("email;name;language;topics;consent_at;consent_form;consent_text_version;consent_evidence\n"
           "papier@example.org;Paul Papier;de;jugend senioren;2026-03-01;Papierformular Stadtteilfest;2026-01;"
           "Ordner ÖA-2026, Blatt 14\n"
           "ohne@example.org;Ohne Nachweis;de;;;;;\n")
    resp = client.post("/api/newsletter/subscribers/import", data=csv.encode(), content_type="text/csv",
                       headers=auth_header(*EDITOR))
    assert resp.status_code == 200
    assert resp.json["imported"] == 1 and resp.json["refused"] == 1
    assert resp.json["errors"][0]["line"] == 3
    assert any("„Einwilligung am“ fehlt" in e for e in resp.json["errors"][0]["errors"])
    with rt.engine.connect() as conn:
        row = conn.execute(select(subscriber.c.status, subscriber.c.topics)).one()
        optins = conn.execute(select(delivery.c.to_addr).where(delivery.c.mail_id.like("optin-%"))).scalars().all()
    assert row.status == "pending" and sorted(row.topics) == ["jugend", "senioren"]
    assert optins == ["papier@example.org"]
    export = client.get("/api/newsletter/subscribers/export.csv", headers=auth_header(*EDITOR))
    assert export.status_code == 200 and export.mimetype == "text/csv"
    lines = export.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("email;name;language;topics;status;consent_requested_at;consent_form")
    # the day typed in Kaufbeuren reads back the same, with its offset
    assert "papier@example.org;Paul Papier;de;jugend senioren;pending;2026-03-01T00:00:00+01:00" in lines[1]
    assert "Papierformular Stadtteilfest" in lines[1]
    bad = client.post("/api/newsletter/subscribers/import", data=b"name\nx\n", content_type="text/csv",
                      headers=auth_header(*EDITOR))
    assert bad.status_code == 409 and "Spalten" in bad.json["detail"]


def test_dsgvo_export_and_erase(make_client, smtp_sink, auth_header):
    client, rt = _client(make_client, smtp_sink)
    sid = confirmed_subscriber(rt, "loeschen@example.org", "Lisa Lösch", ["kultur"])
    h = auth_header(*EDITOR, user="oea")
    data = client.get(f"/api/newsletter/subscribers/{sid}", headers=h).json
    assert data["subscriber"]["email"] == "loeschen@example.org"
    assert data["consents"][0]["form"] == "website" and data["consents"][0]["confirmed_at"]
    assert client.delete(f"/api/newsletter/subscribers/{sid}", headers=h).json == {"status": "erased"}
    after = client.get(f"/api/newsletter/subscribers/{sid}", headers=h).json
    assert after["subscriber"]["status"] == "erased" and after["subscriber"]["name"] == ""
    assert "loeschen" not in str(after).replace(f"geloescht-{sid}", "") and after["consents"] == []
    assert client.get("/api/newsletter/subscribers/unbekannt", headers=h).status_code == 404
    with rt.engine.connect() as conn:
        audit = conn.execute(select(rt.metadata.tables["audit_log"]).where(
            rt.metadata.tables["audit_log"].c.action == "erased")).mappings().one()
    assert audit["actor"] == "oea"
    assert client.get(f"/api/newsletter/subscribers/{sid}").status_code == 401
