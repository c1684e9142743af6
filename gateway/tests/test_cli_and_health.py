"""CLI bootstrap (first admin), health, readiness, metrics, aggregated OpenAPI, migrations."""

import pytest

from gateway.adapters.accounts import Accounts
from gateway.bootstrap import SPEC
from gateway.cli import DEMO_ADMIN, bootstrap, create_admin
from servicekit.config import Settings
from servicekit.runtime import Runtime

from .support import free_port, login


def _runtime(tmp_path, **env):
    environ = {"AKTIV_VAR_DIR": str(tmp_path / "var"), "AKTIV_ENV": "development", **env}
    return Runtime(SPEC, Settings.from_env("gateway", environ))


def test_bootstrap_in_development_creates_demo_admin_with_a_printed_random_password(tmp_path):
    runtime = _runtime(tmp_path)
    out = bootstrap(runtime)
    password = (tmp_path / "var" / "admin-password.txt").read_text().strip()
    assert password in out and len(password) >= 12
    accounts = Accounts(runtime.engine)
    user, _ = accounts.authenticate(DEMO_ADMIN, password)
    assert user is not None and "admin" in user.roles and user.demo
    assert {r for u in accounts.list() for r in u.roles} >= {"programmes.editor", "finance.clerk", "viewer"}
    assert "vorhanden" in bootstrap(runtime)  # idempotent, password unchanged
    assert accounts.authenticate(DEMO_ADMIN, password)[0] is not None


def test_bootstrap_in_production_never_creates_a_default_admin(tmp_path):
    runtime = Runtime(SPEC, Settings(service="gateway", env="test", var_dir=tmp_path / "var",
                                     database_url=f"sqlite:///{tmp_path}/gw.db"))
    object.__setattr__(runtime.settings, "env", "production")
    out = bootstrap(runtime)
    assert "create-admin" in out and Accounts(runtime.engine).count() == 0
    assert not (tmp_path / "var" / "admin-password.txt").exists()


def test_bootstrap_takes_the_first_admin_from_the_environment(tmp_path):
    runtime = _runtime(tmp_path, AKTIV_ADMIN_EMAIL="chefin@example.org", AKTIV_ADMIN_PASSWORD="geheim-und-lang-genug")
    bootstrap(runtime)
    accounts = Accounts(runtime.engine)
    assert accounts.authenticate("chefin@example.org", "geheim-und-lang-genug")[0].roles == ("admin",)
    assert accounts.by_email(DEMO_ADMIN) is None


def test_create_admin_refuses_a_short_password(tmp_path):
    from gateway.adapters.accounts import AccountError

    with pytest.raises(AccountError, match="mindestens 12 Zeichen"):
        create_admin(_runtime(tmp_path), "x@example.org", "kurz")


def test_readyz_aggregates_services_and_reports_degradation(fake, make_gateway):
    from servicekit.config import SERVICES

    dead = f"http://127.0.0.1:{free_port()}"
    app = make_gateway({s: (dead if s == "finance" else fake.url) for s in SERVICES})
    client = app.test_client()
    body = client.get("/readyz").get_json()
    assert body["status"] == "degraded" and body["checks"]["service:finance"] == "nicht erreichbar"
    assert body["checks"]["service:programmes"] == "ok" and body["checks"]["database"] == "ok"
    strict = client.get("/readyz?strict=1")
    assert strict.status_code == 503 and strict.mimetype == "application/problem+json"
    assert client.get("/healthz").get_json()["status"] == "ok"


def test_metrics_have_route_templates_and_upstream_latency(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    client.get("/api/programmes/echo")
    text = client.get("/metrics").get_data(as_text=True)
    assert 'route="/api/<service>/<path:rest>"' in text
    assert "aktiv_upstream_request_duration_seconds_bucket" in text and 'upstream="programmes"' in text


def test_aggregated_openapi_merges_every_service_without_schema_collisions(fake, make_gateway):
    from servicekit.config import SERVICES

    dead = f"http://127.0.0.1:{free_port()}"
    app = make_gateway({s: (dead if s == "newsletter" else fake.url) for s in SERVICES})
    client = app.test_client()
    spec = client.get("/api/openapi.json").get_json()
    assert {"ProgrammesItem", "FinanceItem", "ParticipationItem"} <= set(spec["components"]["schemas"])
    ref = spec["paths"]["/api/x/items"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.startswith("#/components/schemas/") and ref.endswith("Item")
    html = client.get("/api/docs").get_data(as_text=True)
    assert "/api/x/items" in html and "„newsletter“ ist gerade nicht verfügbar" in html


def test_admin_pages_are_reachable_from_the_landing_page(fake, make_gateway):
    from .support import add_user

    app = make_gateway(fake.url)
    add_user(app, "admin@example.org", ["admin"])
    client = app.test_client()
    login(client, "admin@example.org")
    html = client.get("/intern/").get_data(as_text=True)
    assert "/verwaltung/konten/" in html and all(f"/intern/{s}/" in html for s in
                                                  ("programmes", "finance", "participation", "newsletter"))


@pytest.mark.postgres
def test_alembic_upgrade_on_postgres_matches_the_metadata(postgres_url):
    from gateway.adapters.orm import metadata
    from servicekit.db.engine import make_engine
    from servicekit.db.migrations import schema_drift, upgrade

    upgrade(SPEC.root, postgres_url)
    engine = make_engine(postgres_url)
    try:
        assert schema_drift(engine, metadata) == []
    finally:
        engine.dispose()
