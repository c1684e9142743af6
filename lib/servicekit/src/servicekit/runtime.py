"""The service descriptor and its wiring (composition root). Nothing connects at import time."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy import MetaData

from servicekit.config import Settings
from servicekit.db.engine import make_engine, make_session_factory
from servicekit.db.tables import add_infrastructure_tables
from servicekit.db.uow import SqlUnitOfWork
from servicekit.messaging.bus import connect
from servicekit.messaging.outbox import Outbox
from servicekit.messaging.topology import Topology


def _lazy(target: str) -> Callable:
    """``"package.module:attr"`` → a callable that imports on first call (nothing is imported at spec time)."""
    module_name, _, attr = target.partition(":")

    def call(*args, **kwargs):
        return getattr(importlib.import_module(module_name), attr)(*args, **kwargs)

    call.__qualname__ = f"lazy({target})"
    return call


LAZY_FIELDS = ("api_blueprints", "ui_blueprint", "handlers", "seed", "background")


@dataclass
class ServiceSpec:
    """What a service is made of. Each service builds one in its ``bootstrap.py``.

    ``api_blueprints``, ``ui_blueprint``, ``handlers``, ``seed`` and ``background`` are callables or
    ``"module:function"`` strings resolved lazily, so building the spec imports neither views nor handlers."""

    name: str
    title: str
    root: Path
    metadata: MetaData
    api_blueprints: Callable[[], list] | str = list
    ui_blueprint: Callable[[], object] | str | None = None
    handlers: Callable[[], dict[str, Callable]] | str = dict
    error_map: dict[type[Exception], int] = field(default_factory=dict)
    seed: Callable[[Runtime], None] | str | None = None
    settings_class: type[Settings] = Settings
    template_folder: Path | None = None
    # Extra loops the worker runs in threads next to consumer and relay: (runtime, stop) -> [callables].
    background: Callable[[Runtime, object], list[Callable[[], None]]] | str | None = None

    def __post_init__(self) -> None:
        for name in LAZY_FIELDS:
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, _lazy(value))
        add_infrastructure_tables(self.metadata)

    def topology(self, settings: Settings) -> Topology:
        return Topology(self.name, tuple(sorted(self.handlers())), settings.delivery_limit)


class Runtime:
    """Settings, engine, sessions, outbox and broker connections of one service process."""

    def __init__(self, spec: ServiceSpec, settings: Settings | None = None) -> None:
        import contracts

        self.spec = spec
        self.settings = settings or spec.settings_class.from_env(spec.name)
        self.registry = contracts.REGISTRY
        self.metadata = spec.metadata
        self.engine = make_engine(self.settings.database_url)
        self.session_factory = make_session_factory(self.engine)
        self.outbox = Outbox(self.metadata, spec.name, self.registry)
        self.topology = spec.topology(self.settings)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory, self.metadata, self.outbox, self.settings.erasure_key)

    def connection(self):
        return connect(self.settings.broker_url, self.settings.bus_dir)

    @property
    def connection_factory(self):
        return partial(connect, self.settings.broker_url, self.settings.bus_dir)

    def migrate(self) -> None:
        from servicekit.db.migrations import upgrade

        upgrade(self.spec.root, self.settings.database_url)

    def create_all(self) -> None:
        """Tables straight from metadata (unit/API tests); production uses Alembic."""
        self.metadata.create_all(self.engine)
