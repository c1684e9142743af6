"""``aktiv-bus``: dead letters and topology of the RabbitMQ bus, for operations (pika, blocking).

    aktiv-bus list [--service S ...] [--format text|prometheus]
    aktiv-bus show <service> <message-id>
    aktiv-bus replay <service> (<message-id> | --all)
    aktiv-bus purge <service> [--yes]
    aktiv-bus check-topology [--service S ...]

Dead letters are read without losing or reordering them: they are consumed without ack and the channel is
closed, so the broker returns every unacked message to its place. Replay republishes the unchanged envelope to
``aktiv.events`` with its original routing key under publisher confirms, and only then acks the dead letter;
the consumers' inbox makes a replay of an already applied event harmless.
Exit codes: 0 everything fine, 1 problems found (dead letters, mismatches, unknown message, broker trouble),
2 usage error.
"""

from __future__ import annotations

import argparse
import base64
import json
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime

import pika
from pika.exceptions import AMQPError, ChannelClosedByBroker

from servicekit.config import SERVICES, Settings
from servicekit.messaging.topology import DEAD_EXCHANGE, EVENTS_EXCHANGE

OK, PROBLEMS, USAGE = 0, 1, 2
_DEATH_HEADERS = ("x-death", "x-delivery-count", "x-first-death-reason", "x-first-death-queue",
                  "x-first-death-exchange", "x-last-death-reason", "x-last-death-queue", "x-last-death-exchange")

TEXT = {
    "de": {
        "no_url": "Kein Broker angegeben: AKTIV_BROKER_URL setzen oder --url amqp://… übergeben.",
        "unreachable": "Broker nicht erreichbar ({error}).",
        "no_queue": "{service}: Warteschlange {queue} gibt es nicht.",
        "none": "{service}: keine toten Nachrichten.",
        "count": "{service}: {n} tote Nachricht(en) in {queue}",
        "row": "  {id}  {key}  Grund={reason}  Anzahl={count}  zuerst={first}",
        "not_found": "{service}: Nachricht {id} nicht in {queue} gefunden.",
        "replayed": "{service}: {n} Nachricht(en) erneut an {exchange} veröffentlicht und aus {queue} entfernt.",
        "unroutable": "{service}: {id} ({key}) ist nicht zustellbar (keine Bindung); bleibt in {queue}.",
        "nacked": "{service}: Broker hat {id} nicht bestätigt; bleibt in {queue}.",
        "need_id": "Nachrichten-ID oder --all angeben.",
        "confirm": "{n} Nachricht(en) in {queue} endgültig löschen? [ja/nein] ",
        "refuse_tty": "Ohne Terminal wird nur mit --yes gelöscht.",
        "aborted": "Abgebrochen, nichts gelöscht.",
        "purged": "{service}: {n} Nachricht(en) aus {queue} gelöscht.",
        "topo_ok": "{service}: Topologie stimmt mit der Deklaration überein.",
        "topo_bad": "{service}: {n} Abweichung(en)",
        "missing_exchange": "Exchange {name} fehlt",
        "bad_exchange": "Exchange {name} weicht ab: {error}",
        "missing_queue": "Warteschlange {name} fehlt",
        "bad_args": "Warteschlange {name}: Argumente weichen ab: {error}",
        "missing_binding": "Bindung {source} → {queue} mit Schlüssel {key} fehlt",
        "extra_binding": "Bindung {source} → {queue} mit Schlüssel {key} ist nicht deklariert",
        "bindings_via": "  Bindungen geprüft über {how}.",
        "bindings_skipped": "  Bindungen NICHT geprüft: Management-API nicht erreichbar und rabbitmqctl nicht lokal "
                            "verfügbar (Broker {host}). Geprüft wurden nur Exchanges und Queue-Argumente.",
        "no_spec": "{service}: keine Service-Beschreibung ladbar ({error}).",
    },
    "en": {
        "no_url": "No broker given: set AKTIV_BROKER_URL or pass --url amqp://….",
        "unreachable": "Broker unreachable ({error}).",
        "no_queue": "{service}: queue {queue} does not exist.",
        "none": "{service}: no dead letters.",
        "count": "{service}: {n} dead letter(s) in {queue}",
        "row": "  {id}  {key}  reason={reason}  count={count}  first={first}",
        "not_found": "{service}: message {id} not found in {queue}.",
        "replayed": "{service}: {n} message(s) republished to {exchange} and removed from {queue}.",
        "unroutable": "{service}: {id} ({key}) is unroutable (no binding); stays in {queue}.",
        "nacked": "{service}: broker did not confirm {id}; stays in {queue}.",
        "need_id": "Give a message id or --all.",
        "confirm": "Delete {n} message(s) in {queue} for good? [yes/no] ",
        "refuse_tty": "Without a terminal, purge only runs with --yes.",
        "aborted": "Aborted, nothing deleted.",
        "purged": "{service}: {n} message(s) deleted from {queue}.",
        "topo_ok": "{service}: topology matches the declaration.",
        "topo_bad": "{service}: {n} difference(s)",
        "missing_exchange": "exchange {name} is missing",
        "bad_exchange": "exchange {name} differs: {error}",
        "missing_queue": "queue {name} is missing",
        "bad_args": "queue {name}: arguments differ: {error}",
        "missing_binding": "binding {source} → {queue} with key {key} is missing",
        "extra_binding": "binding {source} → {queue} with key {key} is not declared",
        "bindings_via": "  Bindings checked via {how}.",
        "bindings_skipped": "  Bindings NOT checked: management API unreachable and rabbitmqctl not available "
                            "locally (broker {host}). Only exchanges and queue arguments were checked.",
        "no_spec": "{service}: cannot load the service description ({error}).",
    },
}


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


@dataclass
class DeadLetter:
    delivery_tag: int
    message_id: str
    routing_key: str
    reason: str
    count: int
    first_death: datetime | None
    body: bytes
    properties: pika.BasicProperties
    headers: dict = field(default_factory=dict)

    @classmethod
    def from_delivery(cls, method, properties, body: bytes) -> DeadLetter:
        headers = dict(properties.headers or {})
        deaths = headers.get("x-death") or []
        first = deaths[-1] if deaths else {}
        try:
            envelope = json.loads(body)
        except ValueError:
            envelope = {}
        envelope = envelope if isinstance(envelope, dict) else {}
        keys = first.get("routing-keys") or []
        routing_key = _text(keys[0]) if keys else str(envelope.get("type", method.routing_key))
        reason = _text(headers.get("x-first-death-reason") or first.get("reason") or "?")
        return cls(method.delivery_tag, _text(properties.message_id or envelope.get("id", "?")), routing_key,
                   reason, sum(int(d.get("count", 1)) for d in deaths) or 1, first.get("time"), body,
                   properties, headers)

    def as_dict(self) -> dict:
        return {"message_id": self.message_id, "routing_key": self.routing_key, "reason": self.reason,
                "count": self.count, "first_death": self.first_death.isoformat() if self.first_death else None,
                "headers": {k: _text(v) for k, v in self.headers.items() if k != "x-death"},
                "x_death": [{k: _text(v) for k, v in d.items()} for d in self.headers.get("x-death") or []],
                "body": _text(self.body)}

    def replay_properties(self) -> pika.BasicProperties:
        p = self.properties
        headers = {k: v for k, v in self.headers.items() if k not in _DEATH_HEADERS}
        return pika.BasicProperties(content_type=p.content_type, content_encoding=p.content_encoding,
                                    delivery_mode=2, message_id=p.message_id, headers=headers or None)


class Bus:
    """One blocking pika connection to the broker."""

    def __init__(self, url: str) -> None:
        self.params = pika.URLParameters(url)
        self.params.connection_attempts = 1
        self.params.socket_timeout = 5
        self.connection = pika.BlockingConnection(self.params)

    def close(self) -> None:
        if self.connection.is_open:
            self.connection.close()

    def depth(self, queue: str) -> int | None:
        channel = self.connection.channel()
        try:
            return channel.queue_declare(queue, passive=True).method.message_count
        except ChannelClosedByBroker:
            return None
        finally:
            if channel.is_open:
                channel.close()

    def walk(self, queue: str, visit, expected: int = 0, limit: int = 100_000, idle: float = 0.5,
             patience: float = 5.0) -> int:
        """Hand every message of ``queue`` to ``visit(channel, dead_letter)``; what ``visit`` does not ack goes
        back in its original order when the channel closes (no nack, no requeue to the tail). Stops after
        ``idle`` seconds without a delivery once ``expected`` messages came, else after ``patience``."""
        channel = self.connection.channel()
        seen, quiet_since = 0, time.monotonic()
        try:
            channel.basic_qos(prefetch_count=0)
            for method, properties, body in channel.consume(queue, auto_ack=False, inactivity_timeout=idle):
                if method is None:
                    if seen >= expected or time.monotonic() - quiet_since > patience:
                        break
                    continue
                seen, quiet_since = seen + 1, time.monotonic()
                if visit(channel, DeadLetter.from_delivery(method, properties, body)) is False or seen >= limit:
                    break
        finally:
            if channel.is_open:
                channel.close()
        return seen

    def peek(self, queue: str, expected: int = 0) -> list[DeadLetter]:
        found: list[DeadLetter] = []
        self.walk(queue, lambda _ch, letter: found.append(letter), expected)
        return found


class Cli:
    def __init__(self, args, out=sys.stdout) -> None:
        self.args = args
        self.t = TEXT[args.lang]
        self.out = out

    def say(self, text_id: str, /, **values) -> None:
        print(self.t[text_id].format(**values), file=self.out)

    # -- list / show -----------------------------------------------------------------------------------
    def list(self, bus: Bus) -> int:
        services = self.args.service or list(SERVICES)
        total = 0
        for service in services:
            queue = f"{service}.dead"
            depth = bus.depth(queue)
            if self.args.format == "prometheus":
                if depth is not None:
                    print(f'aktiv_dead_letter_queue_depth{{service="{service}"}} {depth}', file=self.out)
                    total += depth
                continue
            if depth is None:
                self.say("no_queue", service=service, queue=queue)
                continue
            letters = bus.peek(queue, depth)
            total += len(letters)
            if not letters:
                self.say("none", service=service)
                continue
            self.say("count", service=service, n=len(letters), queue=queue)
            for letter in letters:
                first = letter.first_death.strftime("%Y-%m-%d %H:%M:%S UTC") if letter.first_death else "?"
                self.say("row", id=letter.message_id, key=letter.routing_key, reason=letter.reason,
                         count=letter.count, first=first)
        return PROBLEMS if total else OK

    def show(self, bus: Bus) -> int:
        queue = f"{self.args.service_name}.dead"
        depth = bus.depth(queue)
        if depth is None:
            self.say("no_queue", service=self.args.service_name, queue=queue)
            return PROBLEMS
        match = [m for m in bus.peek(queue, depth) if m.message_id == self.args.message_id]
        if not match:
            self.say("not_found", service=self.args.service_name, id=self.args.message_id, queue=queue)
            return PROBLEMS
        print(json.dumps(match[0].as_dict(), indent=2, ensure_ascii=False, default=str), file=self.out)
        return OK

    # -- replay / purge --------------------------------------------------------------------------------
    def replay(self, bus: Bus) -> int:
        service, wanted = self.args.service_name, self.args.message_id
        if not wanted and not self.args.all:
            self.say("need_id")
            return USAGE
        queue = f"{service}.dead"
        depth = bus.depth(queue)
        if depth is None:
            self.say("no_queue", service=service, queue=queue)
            return PROBLEMS
        publisher = bus.connection.channel()
        publisher.confirm_delivery()
        done, failed = [], []

        def visit(channel, letter: DeadLetter):
            if wanted and letter.message_id != wanted:
                return None
            try:
                publisher.basic_publish(EVENTS_EXCHANGE, letter.routing_key, letter.body,
                                        letter.replay_properties(), mandatory=True)
            except pika.exceptions.UnroutableError:
                failed.append(("unroutable", letter))
            except pika.exceptions.NackError:
                failed.append(("nacked", letter))
            else:
                channel.basic_ack(letter.delivery_tag)
                done.append(letter)
            return False if wanted else None

        if depth:
            # --all takes only what was there at the start, so a message that dies again is not looped.
            bus.walk(queue, visit, expected=depth, limit=depth if self.args.all else 100_000)
        publisher.close()
        for kind, letter in failed:
            self.say(kind, service=service, id=letter.message_id, key=letter.routing_key, queue=queue)
        if wanted and not done and not failed:
            self.say("not_found", service=service, id=wanted, queue=queue)
            return PROBLEMS
        self.say("replayed", service=service, n=len(done), exchange=EVENTS_EXCHANGE, queue=queue)
        return PROBLEMS if failed else OK

    def purge(self, bus: Bus) -> int:
        service = self.args.service_name
        queue = f"{service}.dead"
        depth = bus.depth(queue)
        if depth is None:
            self.say("no_queue", service=service, queue=queue)
            return PROBLEMS
        if not self.args.yes:
            if not sys.stdin.isatty():
                self.say("refuse_tty")
                return USAGE
            answer = input(self.t["confirm"].format(n=depth, queue=queue)).strip().lower()
            if answer not in {"ja", "j", "yes", "y"}:
                self.say("aborted")
                return OK
        channel = bus.connection.channel()
        purged = channel.queue_purge(queue).method.message_count
        channel.close()
        self.say("purged", service=service, n=purged, queue=queue)
        return OK

    # -- check-topology --------------------------------------------------------------------------------
    def check_topology(self, bus: Bus) -> int:
        from servicekit.cli import load_spec

        bindings, how = live_bindings(bus.params, self.args.management_url)
        problems_total = 0
        for service in self.args.service or list(SERVICES):
            try:
                spec = load_spec(service)
                topology = spec.topology(Settings.from_env(service, env="development"))
            except Exception as exc:  # noqa: BLE001 - report and go on with the other services
                self.say("no_spec", service=service, error=exc)
                problems_total += 1
                continue
            problems = self._compare(bus, topology, bindings)
            problems_total += len(problems)
            if problems:
                self.say("topo_bad", service=service, n=len(problems))
                for problem in problems:
                    print(f"  - {problem}", file=self.out)
            else:
                self.say("topo_ok", service=service)
        if how:
            self.say("bindings_via", how=how)
        else:
            self.say("bindings_skipped", host=bus.params.host)
        return PROBLEMS if problems_total else OK

    def _compare(self, bus: Bus, topology, bindings: list[tuple[str, str, str]] | None) -> list[str]:
        t, problems = self.t, []
        for name, kind in ((EVENTS_EXCHANGE, "topic"), (DEAD_EXCHANGE, "direct")):
            error = _declare(bus, lambda ch, n=name, k=kind: ch.exchange_declare(n, k, passive=True))
            if error:
                problems.append(t["missing_exchange"].format(name=name))
                continue
            error = _declare(bus, lambda ch, n=name, k=kind: ch.exchange_declare(n, k, durable=True))
            if error:
                problems.append(t["bad_exchange"].format(name=name, error=error))
        queues = [(topology.dead_name, topology.dead_arguments())]
        if topology.bindings:
            queues.insert(0, (topology.inbox_name, topology.queue_arguments()))
        for name, arguments in queues:
            if _declare(bus, lambda ch, n=name: ch.queue_declare(n, passive=True)):
                problems.append(t["missing_queue"].format(name=name))
                continue
            error = _declare(bus, lambda ch, n=name, a=arguments: ch.queue_declare(n, durable=True, arguments=a))
            if error:
                problems.append(t["bad_args"].format(name=name, error=error))
        if bindings is not None:
            expected = {(EVENTS_EXCHANGE, topology.inbox_name, key) for key in topology.bindings}
            expected.add((DEAD_EXCHANGE, topology.dead_name, topology.service))
            queues_of_service = {topology.inbox_name, topology.dead_name}
            live = {b for b in bindings if b[1] in queues_of_service and b[0]}
            for source, queue, key in sorted(expected - live):
                problems.append(t["missing_binding"].format(source=source, queue=queue, key=key))
            for source, queue, key in sorted(live - expected):
                problems.append(t["extra_binding"].format(source=source, queue=queue, key=key))
        return problems


def _declare(bus: Bus, action) -> str | None:
    """Run a declare on a throwaway channel; the broker's refusal (404, 406) comes back as text."""
    channel = bus.connection.channel()
    try:
        action(channel)
    except ChannelClosedByBroker as exc:
        return f"{exc.reply_code} {exc.reply_text}"
    if channel.is_open:
        channel.close()
    return None


def live_bindings(params, management_url: str | None) -> tuple[list[tuple[str, str, str]] | None, str]:
    """(source, queue, routing key) of every queue binding in the vhost, from the management API when it
    answers, else from a local ``rabbitmqctl``; (None, "") when neither is available."""
    vhost = params.virtual_host
    rows = _management_bindings(management_url or f"http://{params.host}:15672", vhost, params.credentials)
    if rows is not None:
        return rows, "Management-API " + (management_url or f"http://{params.host}:15672")
    if params.host in {"127.0.0.1", "localhost", "::1"} and shutil.which("rabbitmqctl"):
        try:
            done = subprocess.run(["rabbitmqctl", "-q", "list_bindings", "-p", vhost, "--formatter", "json"],
                                  capture_output=True, text=True, timeout=60, check=True)
            rows = json.loads(done.stdout or "[]")
        except (OSError, subprocess.SubprocessError, ValueError):
            return None, ""
        return [(r["source_name"], r["destination_name"], r["routing_key"]) for r in rows
                if r.get("destination_kind") == "queue"], "rabbitmqctl list_bindings -p " + vhost
    return None, ""


def _management_bindings(base: str, vhost: str, credentials) -> list[tuple[str, str, str]] | None:
    base = base.rstrip("/")
    if not base.startswith(("http://", "https://")):
        return None
    request = urllib.request.Request(f"{base}/api/bindings/{urllib.parse.quote(vhost, safe='')}")  # noqa: S310
    token = base64.b64encode(f"{credentials.username}:{credentials.password}".encode()).decode()
    request.add_header("Authorization", "Basic " + token)
    try:
        with urllib.request.urlopen(request, timeout=3) as response:  # noqa: S310 - http(s) checked above
            rows = json.load(response)
        return [(r["source"], r["destination"], r["routing_key"]) for r in rows
                if r.get("destination_type") == "queue"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="aktiv-bus", description="Tote Nachrichten und Topologie des Event-Busses")
    p.add_argument("--url", help="amqp://… (Standard: AKTIV_BROKER_URL)")
    p.add_argument("--lang", choices=["de", "en"], default="de")
    sub = p.add_subparsers(dest="command", required=True)
    ls = sub.add_parser("list", help="tote Nachrichten je Service auflisten")
    ls.add_argument("--service", action="append")
    ls.add_argument("--format", choices=["text", "prometheus"], default="text")
    show = sub.add_parser("show", help="eine tote Nachricht vollständig zeigen")
    show.add_argument("service_name", metavar="service")
    show.add_argument("message_id")
    replay = sub.add_parser("replay", help="an den ursprünglichen Routing-Key erneut veröffentlichen")
    replay.add_argument("service_name", metavar="service")
    replay.add_argument("message_id", nargs="?")
    replay.add_argument("--all", action="store_true")
    purge = sub.add_parser("purge", help="alle toten Nachrichten eines Service löschen")
    purge.add_argument("service_name", metavar="service")
    purge.add_argument("--yes", action="store_true")
    check = sub.add_parser("check-topology", help="laufenden Broker mit der Deklaration vergleichen")
    check.add_argument("--service", action="append")
    check.add_argument("--management-url", help="http://host:15672 (Standard: Broker-Host, Port 15672)")
    return p


def main(argv: list[str] | None = None, out=None) -> int:
    out = out or sys.stdout
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return USAGE if exc.code else OK
    cli = Cli(args, out)
    if args.command == "replay" and args.message_id and args.all:
        print(cli.t["need_id"], file=out)
        return USAGE
    # Only the broker URL is needed here, so production's checks for web secrets do not apply.
    url = args.url or Settings.from_env("bus", env="development").broker_url
    if not url.startswith("amqp"):
        cli.say("no_url")
        return USAGE
    try:
        bus = Bus(url)
    except AMQPError as exc:
        cli.say("unreachable", error=exc.__class__.__name__)
        return PROBLEMS
    try:
        return getattr(cli, args.command.replace("-", "_"))(bus)
    except AMQPError as exc:
        cli.say("unreachable", error=f"{exc.__class__.__name__}: {exc}")
        return PROBLEMS
    finally:
        bus.close()


if __name__ == "__main__":
    sys.exit(main())
