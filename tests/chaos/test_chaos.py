"""Chaos runs on real RabbitMQ and PostgreSQL: nothing lost, nothing applied twice, poison parked.

The main run is the decision flow: ``participation.decision.made.v1`` events (valid per contract, written into
the outbox of a producer service ``chaosfeed`` whose relay runs as its own process) reach the real workers of
programmes (decision read model), finance (books each decision against an action fund and publishes
``finance.action_fund.decision_booked.v1`` through its own outbox), newsletter (a draft per approved
decision) and participation (consumes finance's booking events), plus a witness consumer (``chaossink``)
whose effect table has no unique key. Meanwhile the broker connection is cut twice (once as a 3-second
outage), worker processes are SIGKILLed and restarted seven times, and every PostgreSQL connection of the run's
databases is terminated once. The CI variant pushes 2,000 decisions; ``AKTIV_CHAOS_FULL=1`` (``make chaos``)
pushes 10,000. Both runs stop by themselves and touch loopback only.
"""

from __future__ import annotations

import io
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))

from chaos_harness import (  # noqa: E402
    AMQP,
    Faults,
    Worker,
    full_run,
    private_vhost,
    queue_depth,
    report,
    require_servers,
    scalar,
    terminate_backends,
)

from servicekit.config import Settings  # noqa: E402
from servicekit.runtime import Runtime  # noqa: E402
from servicekit.testing import wait_until  # noqa: E402
from servicekit.testing.proxy import TcpProxy  # noqa: E402

pytestmark = [pytest.mark.postgres, pytest.mark.rabbitmq, pytest.mark.slow]

FULL = full_run()
EVENTS = 10_000 if FULL else 2_000
PRODUCE_SECONDS = 60.0 if FULL else 16.0
DRAIN_SECONDS = 600.0 if FULL else 300.0
BATCH = 50
PROBE = "system.probe.sent.v1"
DECISION = "participation.decision.made.v1"
BOOKED = "finance.action_fund.decision_booked.v1"
BODY, YEAR, AMOUNT = "chaos-quartiersrat", 2026, Decimal("10.00")
CONSUMERS = ("programmes", "finance", "newsletter", "participation", "chaossink")
# Counters read from each worker incarnation before it is killed and at the end: they show the faults forced
# redeliveries (duplicates the inbox suppressed) and republishing (relay killed between confirm and commit).
COUNTERS = (("aktiv_events_consumed_total", {"outcome": "duplicate"}),
            ("aktiv_events_consumed_total", {"outcome": "applied"}),
            ("aktiv_events_consumed_total", {"outcome": "failed"}),
            ("aktiv_events_published_total", {}))


def _spec(name: str):
    from servicekit.cli import load_spec

    return load_spec(name)


def _runtime(spec, database_url: str, broker_url: str, var_dir) -> Runtime:
    env = {"AKTIV_ENV": "test", "AKTIV_VAR_DIR": str(var_dir), "AKTIV_BROKER_URL": broker_url,
           f"AKTIV_{spec.name.upper()}_DATABASE_URL": database_url}
    runtime = Runtime(spec, Settings.from_env(spec.name, env))
    runtime.create_all()
    return runtime


def _publish_probes(feed: Runtime, run_id: str, numbers, poison: frozenset = frozenset()) -> None:
    with feed.uow() as uow:
        for n in numbers:
            uow.publish(PROBE, f"{run_id}-{n % 50}", {"probe_id": run_id, "n": n,
                                                      "note": "poison" if n in poison else ""})
        uow.commit()


def _publish_decisions(feed: Runtime, run_id: str, numbers) -> None:
    with feed.uow() as uow:
        for n in numbers:
            decision_id = f"{run_id}-{n}"
            uow.publish(DECISION, decision_id, {
                "decision_id": decision_id, "number": f"QR-{YEAR}-{n + 1:05d}", "body_id": BODY,
                "body_type": "quartiersrat", "project_id": None, "outcome": "approved", "amount": str(AMOUNT),
                "title": f"Mikroprojekt {n + 1} im Quartier", "year": YEAR, "votes_yes": 7, "votes_no": 1,
                "votes_abstain": 0})
        uow.commit()


def _wait_for_queues(vhost: str, *queues: str) -> None:
    wait_until(lambda: all(queue_depth(vhost, q) is not None for q in queues), timeout=90, interval=0.5,
               message=f"consumers declared {', '.join(queues)}")


def _ids(database_url: str, sql: str, *params) -> list[str]:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        return [row[0] for row in conn.execute(sql, params).fetchall()]


def _applied(dbs: dict, run_id: str) -> dict[str, int]:
    """Distinct effects per consumer, read from its own database."""
    like = run_id + "-%"
    return {
        "programmes": scalar(dbs["programmes"], "SELECT count(DISTINCT id) FROM decision WHERE id LIKE %s", like),
        "finance": scalar(dbs["finance"], "SELECT count(DISTINCT decision_id) FROM action_fund_booking "
                                          "WHERE decision_id LIKE %s", like),
        "newsletter": scalar(dbs["newsletter"], "SELECT count(DISTINCT source_id) FROM news_item "
                                                "WHERE source_type = 'participation.decision.made' AND source_id LIKE %s",
                             like),
        "participation": scalar(dbs["participation"], "SELECT count(DISTINCT event_id) FROM inbox WHERE type = %s",
                                BOOKED),
        "chaossink": scalar(dbs["chaossink"], "SELECT count(DISTINCT event_id) FROM effect WHERE run = %s", run_id),
    }


def _rows(dbs: dict, run_id: str) -> dict[str, int]:
    """All effect rows per consumer (equal to ``_applied`` unless something was applied twice)."""
    like = run_id + "-%"
    return {
        "programmes": scalar(dbs["programmes"], "SELECT count(*) FROM decision WHERE id LIKE %s", like),
        "finance": scalar(dbs["finance"], "SELECT count(*) FROM outbox WHERE type = %s", BOOKED),
        "newsletter": scalar(dbs["newsletter"], "SELECT count(*) FROM news_item "
                                                "WHERE source_type = 'participation.decision.made' AND source_id LIKE %s",
                             like),
        "participation": scalar(dbs["participation"], "SELECT count(*) FROM inbox WHERE type = %s", BOOKED),
        "chaossink": scalar(dbs["chaossink"], "SELECT count(*) FROM effect WHERE run = %s", run_id),
    }


def _check_topology(vhost: str) -> tuple[int, str]:
    """``aktiv-bus check-topology`` for the four services on the run's vhost, after all the faults."""
    from servicekit.messaging.cli import main as aktiv_bus

    out = io.StringIO()
    code = aktiv_bus(["--url", f"amqp://guest:guest@{AMQP[0]}:{AMQP[1]}/{vhost}", "check-topology"], out=out)
    return code, out.getvalue()


@pytest.mark.timeout(1800 if FULL else 600)
def test_main_run_under_faults_loses_nothing_and_applies_nothing_twice(postgres_db_factory, tmp_path):
    require_servers()
    run_id = "chaos" + uuid.uuid4().hex[:8]
    faults = Faults()
    lock = threading.Lock()
    finished_faults = threading.Event()
    with private_vhost() as vhost, TcpProxy(*AMQP) as proxy:
        broker = f"amqp://guest:guest@127.0.0.1:{proxy.port}/{vhost}"
        dbs = {name: postgres_db_factory() for name in ("chaosfeed", *CONSUMERS)}
        runtimes = {name: _runtime(_spec(name), url, broker, tmp_path) for name, url in dbs.items()}
        from finance.service_layer.action_funds import create_fund

        create_fund(runtimes["finance"].uow(), actor="chaos", body_id=BODY, year=YEAR,
                    budget=AMOUNT * EVENTS + Decimal("1000.00"), name="Aktionsfonds Chaos")
        for name in CONSUMERS:
            runtimes[name].engine.dispose()
        feed = runtimes["chaosfeed"]
        # Small relay batches for the producer, so its backlog after the outage takes several batches.
        workers = {name: Worker(name, url, broker, tmp_path, AKTIV_RELAY_BATCH_SIZE="50").start()
                   for name, url in dbs.items()}
        try:
            _wait_for_queues(vhost, *(f"{name}.inbox" for name in CONSUMERS))
            started = time.monotonic()

            def restart(name: str) -> None:
                with lock:
                    if finished_faults.is_set():
                        return
                    workers[name].kill(before=COUNTERS)
                    faults.kills[name] = faults.kills.get(name, 0) + 1
                    faults.note(started, f"SIGKILL {name} worker")
                    workers[name].start()

            def cut() -> None:
                proxy.cut()
                faults.broker_cuts += 1
                faults.note(started, "broker connections cut")

            def outage() -> None:
                proxy.refuse()
                faults.broker_cuts += 1
                faults.broker_outage_seconds += 3.0
                faults.note(started, "broker down for 3 s")
                threading.Timer(3.0, proxy.accept).start()
                # Kill finance's worker while it drains the backlog the outage left behind, and the chaosfeed
                # relay in the middle of relaying its backlog (between a confirmed batch and the next commit).
                threading.Timer(3.5, restart, args=("finance",)).start()
                threading.Thread(target=kill_relay_mid_backlog, daemon=True).start()

            def kill_relay_mid_backlog() -> None:
                def pending() -> int:
                    return scalar(dbs["chaosfeed"], "SELECT count(*) FROM outbox WHERE published_at IS NULL")

                time.sleep(3.0)
                peak, deadline = pending(), time.monotonic() + 30
                while time.monotonic() < deadline:
                    now = pending()
                    if 0 < now < peak:
                        break
                    peak = max(peak, now)
                    time.sleep(0.02)
                restart("chaosfeed")

            def pg() -> None:
                faults.pg_terminated = terminate_backends(list(dbs.values()))
                faults.note(started, f"pg_terminate_backend: {faults.pg_terminated} connections")

            schedule = [(0.10, cut), (0.20, lambda: restart("programmes")), (0.30, lambda: restart("chaosfeed")),
                        (0.40, pg), (0.50, outage), (0.68, lambda: restart("newsletter")),
                        (0.78, lambda: restart("chaossink")), (0.88, lambda: restart("participation"))]
            batches = EVENTS // BATCH
            for b in range(batches):
                _publish_decisions(feed, run_id, range(b * BATCH, (b + 1) * BATCH))
                progress = (b + 1) / batches
                while schedule and schedule[0][0] <= progress:
                    schedule.pop(0)[1]()
                time.sleep(max(0.0, started + PRODUCE_SECONDS * progress - time.monotonic()))
            produced = time.monotonic()
            expected = dict.fromkeys(CONSUMERS, EVENTS)

            def drained() -> bool:
                pending = (scalar(dbs["chaosfeed"], "SELECT count(*) FROM outbox WHERE published_at IS NULL")
                           + scalar(dbs["finance"], "SELECT count(*) FROM outbox WHERE published_at IS NULL"))
                return pending == 0 and _applied(dbs, run_id) == expected

            try:
                wait_until(drained, timeout=DRAIN_SECONDS, interval=1.0,
                           message="every decision published and applied by every consumer")
            except AssertionError:
                print(_applied(dbs, run_id))
                for worker in workers.values():
                    print(f"--- {worker.service} ---\n{worker.tail()}")
                raise
            finished = time.monotonic()
            with lock:
                finished_faults.set()
                crashed = [w.service for w in workers.values() if not w.alive()]
                for worker in workers.values():
                    worker.harvest(*COUNTERS)
        finally:
            with lock:
                finished_faults.set()
            for worker in workers.values():
                worker.stop()
        feed.engine.dispose()

        applied, rows = _applied(dbs, run_id), _rows(dbs, run_id)
        published_ids = set(_ids(dbs["chaosfeed"], "SELECT event_id FROM outbox"))
        witnessed = set(_ids(dbs["chaossink"], "SELECT event_id FROM effect"))
        result = {
            "events": EVENTS,
            "published": len(published_ids),
            "applied": applied,
            "duplicates_applied": {name: rows[name] - applied[name] for name in CONSUMERS},
            "lost": {name: EVENTS - applied[name] for name in CONSUMERS},
            "lost_by_event_id_chaossink": len(published_ids - witnessed),
            "dead_letters": {name: queue_depth(vhost, f"{name}.dead") for name in CONSUMERS},
            "worker_counters": {w.service: {k: v for k, v in w.harvested.items() if v} for w in workers.values()},
            "broker_cuts": faults.broker_cuts,
            "sigkills": faults.kills,
            "pg_terminated_connections": faults.pg_terminated,
            "produce_seconds": round(produced - started, 1),
            "drain_seconds": round(finished - produced, 1),
            "decisions_per_second": round(EVENTS / (finished - started), 1),
            "faults": faults.log,
            "crashed_on_their_own": crashed,
            "topology_check": _check_topology(vhost),
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    report("full" if FULL else "ci", result)
    assert result["published"] == EVENTS
    assert result["applied"] == expected
    assert result["duplicates_applied"] == dict.fromkeys(CONSUMERS, 0)
    assert result["lost"] == dict.fromkeys(CONSUMERS, 0) and result["lost_by_event_id_chaossink"] == 0
    assert result["dead_letters"] == dict.fromkeys(CONSUMERS, 0)
    assert faults.broker_cuts >= 2 and sum(faults.kills.values()) >= 3 and faults.pg_terminated >= 1
    assert crashed == []
    assert result["topology_check"][0] == 0, result["topology_check"][1]


POISON_LIMIT = 3


@pytest.mark.timeout(900 if FULL else 420)
def test_poison_messages_are_dead_lettered_within_the_delivery_limit_while_healthy_traffic_flows(
        postgres_db_factory, tmp_path):
    from servicekit.messaging.cli import main as aktiv_bus

    require_servers()
    feed_spec, sink_spec = _spec("chaosfeed"), _spec("chaossink")
    healthy, poison_count = (5_000, 50) if FULL else (1_000, 10)
    total = healthy + poison_count
    poison = frozenset(range(0, total, total // poison_count))
    run_id = "poison-" + uuid.uuid4().hex[:8]
    with private_vhost() as vhost:
        broker = f"amqp://guest:guest@127.0.0.1:{AMQP[1]}/{vhost}"
        dbs = {"chaosfeed": postgres_db_factory(), "chaossink": postgres_db_factory()}
        feed = _runtime(feed_spec, dbs["chaosfeed"], broker, tmp_path)
        _runtime(sink_spec, dbs["chaossink"], broker, tmp_path).engine.dispose()
        workers = {name: Worker(name, url, broker, tmp_path, AKTIV_DELIVERY_LIMIT=str(POISON_LIMIT)).start()
                   for name, url in dbs.items()}
        try:
            _wait_for_queues(vhost, "chaossink.inbox", "chaossink.dead")
            started = time.monotonic()
            for b in range(0, total, BATCH):
                _publish_probes(feed, run_id, range(b, min(b + BATCH, total)), poison)
            wait_until(lambda: scalar(dbs["chaossink"], "SELECT count(*) FROM effect WHERE run = %s",
                                      run_id) == healthy, timeout=300, interval=0.25, message="healthy applied")
            healthy_done = time.monotonic() - started
            wait_until(lambda: queue_depth(vhost, "chaossink.dead") == poison_count, timeout=120, interval=0.25,
                       message="poison dead-lettered")
            parked = time.monotonic() - started
            failed_attempts = workers["chaossink"].metric("aktiv_events_consumed_total", outcome="failed")
            assert all(w.alive() for w in workers.values())
        finally:
            for worker in workers.values():
                worker.stop()
        feed.engine.dispose()
        out = io.StringIO()
        code = aktiv_bus(["--url", f"amqp://guest:guest@127.0.0.1:{AMQP[1]}/{vhost}", "list",
                          "--service", "chaossink"], out=out)
        listed = [line.split() for line in out.getvalue().splitlines() if line.startswith("  ")]
        poison_ids = set(_ids(dbs["chaosfeed"], "SELECT event_id FROM outbox WHERE payload LIKE %s",
                              '%"note":"poison"%'))
        sink_rows = _ids(dbs["chaossink"], "SELECT event_id FROM effect")
        result = {"healthy": healthy, "poison": poison_count, "delivery_limit": POISON_LIMIT,
                  "applied_healthy": len(set(sink_rows)), "duplicates_applied": len(sink_rows) - len(set(sink_rows)),
                  "dead_lettered": len(listed), "failed_attempts": failed_attempts,
                  "healthy_applied_after_seconds": round(healthy_done, 1),
                  "poison_parked_after_seconds": round(parked, 1),
                  "at": datetime.now(UTC).isoformat(timespec="seconds")}
    report("poison-full" if FULL else "poison-ci", result)
    assert code == 1
    assert {row[0] for row in listed} == poison_ids
    assert all("Grund=delivery_limit" in row for row in listed)
    assert result["applied_healthy"] == healthy and result["duplicates_applied"] == 0
    assert poison_ids.isdisjoint(sink_rows)
    # Each poison message is tried at most delivery_limit + 1 times before the quorum queue parks it.
    assert poison_count * POISON_LIMIT <= failed_attempts <= poison_count * (POISON_LIMIT + 1)
