"""Per-row composition for the sending engine: issue mails from a cached per-issue template, transactional
mails from their own templates."""

from __future__ import annotations

import threading

from newsletter.adapters.tokens import Tokens
from newsletter.mail import IssueTemplate, assemble, render_transactional
from newsletter.mail.message import one_line


class Composer:
    def __init__(self, settings, engine) -> None:
        self.settings, self.engine = settings, engine
        self.tokens = Tokens.from_settings(settings)
        self.templates: dict[tuple[str, str], IssueTemplate] = {}
        self.tpl_lock = threading.Lock()

    def forget(self, issue_id: str) -> None:
        with self.tpl_lock:
            for key in [k for k in self.templates if k[0] == issue_id]:
                self.templates.pop(key)

    def _issue_template(self, issue_id: str, lang: str) -> IssueTemplate:
        key = (issue_id, lang)
        with self.tpl_lock:
            if key not in self.templates:
                from newsletter.service_layer.issues import load_issue

                with self.engine.connect() as conn:
                    data, items = load_issue(conn, issue_id)
                self.templates[key] = IssueTemplate(data, items, self.settings.public_url, lang)
            return self.templates[key]

    def compose(self, row: dict) -> tuple[bytes, str]:
        """The mail of one send-log row as bytes (an EmailMessage, see :mod:`newsletter.mail.message`) and its
        kind for the metrics. The name is one line here already, so greeting and To header show the same."""
        if row["issue_id"]:
            tpl = self._issue_template(row["issue_id"], row["sub_lang"] or "de")
            url = (f"{self.settings.public_url}/newsletter/abmelden?token="
                   f"{self.tokens.unsubscribe_token(row['subscriber_id'])}")
            name = one_line(row["sub_name"])
            mail = tpl.personalise(name, url)
        elif row["template"] == "issue_test":
            tpl = self._issue_template(row["context"]["issue_id"], row["tx_lang"] or "de")
            name = one_line(row["to_name"])
            mail = tpl.personalise(name, f"{self.settings.public_url}/newsletter/abmelden")
            mail.subject = "[Test] " + mail.subject
        else:
            name = one_line(row["to_name"])
            mail = render_transactional(row["template"], row["tx_lang"] or "de", name, dict(row["context"] or {}),
                                        self.settings.public_url)
        raw = assemble(mail, mail_from=self.settings.mail_from, to_addr=row["to_addr"], to_name=name,
                       message_id=row["message_id"])
        return raw, ("issue" if row["issue_id"] else "transactional")
