"""The public site: German first (English switch), server-rendered, accessible, without JavaScript."""

from __future__ import annotations

import tomllib
from pathlib import Path

from flask import Flask

from gateway.public_site.charts import indicator_svg
from gateway.public_site.i18n import (
    datum,
    lang,
    month_name,
    remember_language,
    switch_next,
    translate,
    translate_message,
    zahl,
)
from gateway.public_site.labels import outcome_label, stage_label
from servicekit.web.ui import euro, prozent

LEGAL_DEFAULT = Path(__file__).resolve().parent / "legal.toml"


def load_legal(settings) -> dict:
    path = Path(settings.get("LEGAL_FILE") or LEGAL_DEFAULT)
    with path.open("rb") as fh:
        return tomllib.load(fh)


def install_public_site(app: Flask, settings) -> None:
    from gateway.extensions import csrf
    from gateway.public_site import events, newsletter, pages

    app.extensions["gateway_legal"] = load_legal(settings)
    app.jinja_env.filters.update(datum=datum, euro=euro, prozent=prozent, zahl=zahl, stufe=stage_label,
                                 entscheidung=outcome_label, monat=month_name)
    app.jinja_env.globals.update(_=translate, _m=translate_message, indicator_svg=indicator_svg,
                                 switch_next=switch_next)
    app.after_request(remember_language)

    @app.context_processor
    def _ctx():
        from flask import g

        return {"lang": lang(), "missing": g.get("missing", set())}

    app.register_blueprint(pages.bp)
    app.register_blueprint(events.bp)
    app.register_blueprint(newsletter.bp)
    csrf.exempt(newsletter.one_click_unsubscribe)
