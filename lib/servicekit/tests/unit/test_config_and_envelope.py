import pytest

from contracts import REGISTRY, ContractViolation, UnknownEventType
from servicekit.config import ConfigError, Settings
from servicekit.messaging.envelope import Envelope, MalformedEnvelope


def test_defaults_give_the_embedded_mode():
    s = Settings.from_env("finance", {})
    assert s.database_url.startswith("sqlite:///") and s.database_url.endswith("var/data/finance.db")
    assert s.broker_url == "filesystem://"
    assert s.port == 8102


def test_production_fails_fast_without_secrets():
    with pytest.raises(ConfigError) as err:
        Settings.from_env("finance", {"AKTIV_ENV": "production"})
    message = str(err.value)
    for name in ("AKTIV_SECRET_KEY", "AKTIV_FINANCE_DATABASE_URL", "AKTIV_BROKER_URL", "AKTIV_JWT_PUBLIC_KEY_FILE",
                 "AKTIV_ERASURE_KEY"):
        assert name in message


def test_production_starts_with_everything_set():
    s = Settings.from_env("finance", {
        "AKTIV_ENV": "production", "AKTIV_SECRET_KEY": "x" * 40, "AKTIV_BROKER_URL": "amqp://rmq/",
        "AKTIV_ERASURE_KEY": "e" * 40, "AKTIV_FINANCE_DATABASE_URL": "postgresql://db/finance", "AKTIV_JWKS_URL": "http://gw/.well-known/jwks.json"})
    assert s.production and s.database_url == "postgresql://db/finance"


def test_malformed_integer_setting_is_named():
    with pytest.raises(ConfigError, match="AKTIV_DELIVERY_LIMIT"):
        Settings.from_env("finance", {"AKTIV_DELIVERY_LIMIT": "viele"})


def test_envelope_roundtrip_and_validation():
    env = Envelope(type="system.probe.sent.v1", source="/services/x", subject="s", data={"probe_id": "p", "n": 1})
    back = Envelope.from_json(env.to_json())
    assert back == env
    for bad in ("not json", "[]", '{"specversion": "1.0"}', '{"specversion":"0.3","id":"1","source":"s","type":"t","data":{}}'):
        with pytest.raises(MalformedEnvelope):
            Envelope.from_json(bad)


def test_contract_registry_validates_strictly_on_publish_and_tolerantly_on_consume():
    data = {"probe_id": "p", "n": 1, "added_later": True}
    with pytest.raises(ContractViolation):
        REGISTRY.validate("system.probe.sent.v1", data, strict=True)
    assert REGISTRY.validate("system.probe.sent.v1", data, strict=False)["n"] == 1
    with pytest.raises(ContractViolation):
        REGISTRY.validate("system.probe.sent.v1", {"probe_id": "p"})
    with pytest.raises(UnknownEventType):
        REGISTRY.get("system.probe.sent.v2")
    with pytest.raises(UnknownEventType):
        REGISTRY.get("no-version")


def test_gunicorn_config_loads_in_production_without_service_secrets(monkeypatch):
    import importlib

    monkeypatch.setenv("AKTIV_ENV", "production")
    monkeypatch.setenv("AKTIV_WEB_WORKERS", "3")
    import servicekit.gunicorn_conf as conf

    conf = importlib.reload(conf)
    assert conf.workers == 3 and conf.worker_class == "servicekit.gunicorn_worker.ProblemJsonThreadWorker"
    from gunicorn.workers.gthread import ThreadWorker

    from servicekit.gunicorn_worker import ProblemJsonThreadWorker

    assert issubclass(ProblemJsonThreadWorker, ThreadWorker)  # gthread's threads, our error answers
