"""Every department UI form refuses a missing or a wrong CSRF token, and changes nothing when it does.
Forms are discovered by crawling each service's UI (with its demo data, as an admin), not listed by hand."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from servicekit.cli import load_spec
from servicekit.config import SERVICES

from .crawl import crawl


def _row_counts(runtime) -> dict[str, int]:
    with runtime.engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in runtime.spec.metadata.sorted_tables}


@pytest.fixture
def seeded(make_client):
    def make(service: str):
        spec = load_spec(service)
        client, runtime = make_client(spec, csrf=True)
        if spec.seed is not None:
            spec.seed(runtime)
        return client, runtime

    return make


@pytest.mark.parametrize("service", SERVICES)
def test_every_department_form_refuses_missing_and_wrong_csrf_tokens(seeded, auth_header, service):
    client, runtime = seeded(service)
    headers = {**auth_header("admin", user="csrf-tester"), "Accept": "text/html"}
    pages, forms = crawl(client, service, headers)
    assert len(pages) >= 5, f"{service}: crawl found only {list(pages)}"
    assert forms, f"{service}: no POST form found on {len(pages)} pages"
    accepted, wrong = [], []
    for form in forms:
        names = [k for k in form.fields if k == "csrf_token" or k.endswith("-csrf_token")]
        assert names, f"{service}: form {form.action} on {form.page} has no CSRF token"
        data = {k: v for k, v in form.fields.items() if k not in names}
        before = _row_counts(runtime)
        for label, token in (("missing", None), ("wrong", "IjRmZmE4ZGIx.ZxYz.gefaelscht"), ("empty", "")):
            body = dict(data) if token is None else {**data, **dict.fromkeys(names, token)}
            response = client.post(form.action, data=body, headers=headers)
            if response.status_code != 400:
                accepted.append(f"{form.action} (form on {form.page}) with {label} token → {response.status_code}")
        if _row_counts(runtime) != before:
            wrong.append(f"{form.action}: data changed although the CSRF token was refused")
        # the same form with its own token is not refused for CSRF: proves the token is what decides
        valid = client.post(form.action, data=form.fields, headers=headers)
        if valid.status_code >= 500:
            wrong.append(f"{form.action} (form on {form.page}) with its own defaults → {valid.status_code}")
    assert not accepted, f"{service}: forms accepted without a valid CSRF token:\n" + "\n".join(accepted)
    assert not wrong, f"{service}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("service", SERVICES)
def test_department_forms_are_reached_by_the_crawl(seeded, auth_header, service):
    """A guard for the test above: the crawl must see the service's forms, not just a start page."""
    client, _ = seeded(service)
    headers = {**auth_header("admin", user="csrf-tester"), "Accept": "text/html"}
    _, forms = crawl(client, service, headers)
    assert len(forms) >= 3, f"{service}: only {[f.action for f in forms]}"
