"""Per-row composition for the sending engine: issue mails from a cached per-issue template, transactional
mails from their own templates."""

from __future__ import annotations

import threading

from newsletter.adapters.tokens import Tokens
from newsletter.mail import IssueTemplate, assemble, render_transactional


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
        mail_from = self.settings.mail_from
        if row["issue_id"]:
            tpl = self._issue_template(row["issue_id"], row["sub_lang"] or "de")
            url = (f"{self.settings.public_url}/newsletter/abmelden?token="
                   f"{self.tokens.unsubscribe_token(row['subscriber_id'])}")
            mail = tpl.personalise(row["sub_name"] or "", url)
            name = row["sub_name"] or ""
            subject = tpl.encoded_subject
        elif row["template"] == "issue_test":
            tpl = self._issue_template(row["context"]["issue_id"], row["tx_lang"] or "de")
            mail = tpl.personalise(row["to_name"] or "", f"{self.settings.public_url}/newsletter/abmelden")
            mail.subject = "[Test] " + mail.subject
            name, subject = row["to_name"] or "", None
        else:
            mail = render_transactional(row["template"], row["tx_lang"] or "de", row["to_name"] or "",
                                        dict(row["context"] or {}))
            name, subject = row["to_name"] or "", None
        return assemble(mail, mail_from=mail_from, to_addr=row["to_addr"], to_name=name,
                        message_id=row["message_id"], encoded_subject=subject), ("issue" if row["issue_id"]
                                                                                 else "transactional")
