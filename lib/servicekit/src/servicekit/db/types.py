"""Exact decimal columns: money is never a float, on either database.

PostgreSQL stores ``NUMERIC(precision, scale)``. SQLite has no decimal type (SQLAlchemy's Numeric there is a
REAL, i.e. a float), so the embedded mode stores integer minor units (cents) instead; SUM and comparisons stay
exact. Python always sees ``Decimal`` quantized to ``scale`` places.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import BigInteger, Numeric
from sqlalchemy.types import TypeDecorator


class ExactDecimal(TypeDecorator):
    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int = 14, scale: int = 2) -> None:
        super().__init__(precision=precision, scale=scale, asdecimal=True)
        self.precision = precision
        self.scale = scale
        self._quantum = Decimal(1).scaleb(-scale)

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(precision=self.precision, scale=self.scale, asdecimal=True))

    def _exact(self, value) -> Decimal:
        if isinstance(value, float):
            raise TypeError("refusing a float for an exact decimal column; use Decimal or str")
        return Decimal(str(value)).quantize(self._quantum, rounding=ROUND_HALF_UP)

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        exact = self._exact(value)
        if dialect.name == "sqlite":
            return int(exact.scaleb(self.scale))
        return exact

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "sqlite":
            if isinstance(value, float):  # legacy REAL rows or a SQL expression that left integers
                return Decimal(str(value)).quantize(self._quantum)
            return Decimal(int(value)).scaleb(-self.scale).quantize(self._quantum)
        return Decimal(value).quantize(self._quantum)

    @property
    def python_type(self):
        return Decimal


def Money() -> ExactDecimal:  # noqa: N802 - reads like a type in table definitions
    """Euro amounts: 12 digits before, 2 after the decimal point."""
    return ExactDecimal(14, 2)


def render_type(type_, autogen_context):
    """Alembic ``render_item`` hook: migrations carry the plain DDL type (no servicekit import)."""
    if isinstance(type_, ExactDecimal):
        return (f"sa.Numeric(precision={type_.precision}, scale={type_.scale})"
                ".with_variant(sa.BigInteger(), 'sqlite')")
    return False
