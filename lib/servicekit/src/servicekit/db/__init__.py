from servicekit.db.engine import make_engine, make_session_factory, naming_metadata
from servicekit.db.uow import SqlUnitOfWork

__all__ = ["make_engine", "make_session_factory", "naming_metadata", "SqlUnitOfWork"]
