"""``python -m servicekit.cli <service> migrate|seed|worker|keys|wait`` for any service package.

The service package exposes ``<service>.bootstrap.SPEC`` (a ServiceSpec)."""

from __future__ import annotations

import argparse
import importlib
import sys

from servicekit.config import SERVICES, Settings
from servicekit.logging import configure_logging


def load_spec(service: str):
    return importlib.import_module(f"{service}.bootstrap").SPEC


_DECLARED: set[str] = set()


def _declared(name: str) -> bool:
    return name in _DECLARED


def _declare_every_inbox(names) -> int:
    """Every inbox must exist before any seed publishes: the file bus (and a topic exchange on RabbitMQ) drops an
    event routed to a queue nobody has declared yet, and the departments' demo would disagree (a worker that
    declares its inbox only when it starts may come too late for the first events of another service's seed).
    Services not installed here (a single-service image) are left to their own setup."""
    for name in names:
        if name in _DECLARED:
            continue
        try:
            load_spec(name)
        except ModuleNotFoundError:
            continue
        code = main([name, "declare"])
        if code:
            return code
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="servicekit", description="Kaufbeuren aktiv service commands")
    parser.add_argument("service", help="service name, or several separated by commas (migrate/seed/setup)")
    parser.add_argument("command", choices=["migrate", "seed", "setup", "declare", "worker", "keys", "wait"],
                        help="setup = declare + migrate + seed; declare = the service's inbox and bindings on the bus; "
                             "wait = until database and broker answer (servicekit.waitdeps)")
    parser.add_argument("--timeout", type=float, default=600, help="wait: give up after this many seconds")
    args = parser.parse_args(argv)
    if args.command == "wait":
        from servicekit.waitdeps import wait_for_dependencies

        settings = Settings.from_env(args.service)
        ok = wait_for_dependencies(settings, broker=args.service in SERVICES, timeout=args.timeout,
                                   say=lambda line: print(line, flush=True))
        return 0 if ok else 1
    if "," in args.service:
        if args.command not in ("migrate", "seed", "setup", "declare"):
            parser.error("several services only with migrate, seed, setup or declare")
        names = args.service.split(",")
        if args.command in ("setup", "seed"):
            code = _declare_every_inbox([*names, *(s for s in SERVICES if s not in names)])
            if code:
                return code
        for name in names:
            code = main([name, args.command])
            if code:
                return code
        return 0
    if args.command == "keys":
        from pathlib import Path

        from servicekit.auth.tokens import generate_keypair

        settings = Settings.from_env(args.service)
        generate_keypair(Path(settings.jwt_private_key_file), Path(settings.jwt_public_key_file))
        print(f"Signaturschlüssel: {settings.jwt_public_key_file}")
        return 0
    spec = load_spec(args.service)
    if args.command == "worker":
        from servicekit.worker import run_worker

        run_worker(spec)
        return 0
    from servicekit.runtime import Runtime

    if args.command in ("seed", "setup"):
        code = _declare_every_inbox(SERVICES)
        if code:
            return code
    runtime = Runtime(spec)
    configure_logging(spec.name, runtime.settings.log_level, json_output=False)
    if args.command == "declare" or (args.command == "setup" and not _declared(spec.name)):
        with runtime.connection() as conn:
            runtime.topology.declare(conn)
        _DECLARED.add(spec.name)
        if args.command == "declare":
            print(f"{spec.name}: Eingang und Bindungen auf dem Bus angelegt")
            return 0
    if args.command in ("migrate", "setup"):
        runtime.migrate()
        print(f"{spec.name}: Datenbank auf dem neuesten Stand ({runtime.settings.database_url.split('@')[-1]})")
    if args.command in ("seed", "setup"):
        if spec.seed is None:
            print(f"{spec.name}: keine Demodaten")
        else:
            spec.seed(runtime)
            print(f"{spec.name}: Demodaten geladen")
    return 0


if __name__ == "__main__":
    sys.exit(main())
