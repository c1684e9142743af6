"""``python -m servicekit.cli <service> migrate|seed|worker|keys`` for any service package.

The service package exposes ``<service>.bootstrap.SPEC`` (a ServiceSpec)."""

from __future__ import annotations

import argparse
import importlib
import sys

from servicekit.config import Settings
from servicekit.logging import configure_logging


def load_spec(service: str):
    return importlib.import_module(f"{service}.bootstrap").SPEC


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="servicekit", description="Kaufbeuren aktiv service commands")
    parser.add_argument("service", help="service name, or several separated by commas (migrate/seed/setup)")
    parser.add_argument("command", choices=["migrate", "seed", "setup", "worker", "keys"],
                        help="setup = migrate + seed")
    args = parser.parse_args(argv)
    if "," in args.service:
        if args.command not in ("migrate", "seed", "setup"):
            parser.error("several services only with migrate, seed or setup")
        for name in args.service.split(","):
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

    runtime = Runtime(spec)
    configure_logging(spec.name, runtime.settings.log_level, json_output=False)
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
