"""Money columns stay exact on SQLite (integer cents) and PostgreSQL (NUMERIC)."""

from decimal import Decimal

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, func, select

from servicekit.db.types import Money


def _roundtrip(url):
    md = MetaData()
    t = Table("m", md, Column("id", Integer, primary_key=True), Column("amount", Money()))
    engine = create_engine(url)
    md.create_all(engine)
    with engine.begin() as conn:
        conn.execute(t.insert(), [{"amount": Decimal("0.10")}, {"amount": "0.20"}, {"amount": Decimal("1234567.89")}])
        total = conn.execute(select(func.coalesce(func.sum(t.c.amount), 0))).scalar()
        values = conn.execute(select(t.c.amount).order_by(t.c.id)).scalars().all()
        empty = conn.execute(select(func.coalesce(func.sum(t.c.amount), 0)).where(t.c.id < 0)).scalar()
        over = conn.execute(select(func.count()).where(t.c.amount > Decimal("0.15"))).scalar()
    engine.dispose()
    return total, values, empty, over


def test_sqlite_keeps_cents_exact():
    total, values, empty, over = _roundtrip("sqlite://")
    assert total == Decimal("1234568.19") and isinstance(total, Decimal)
    assert values == [Decimal("0.10"), Decimal("0.20"), Decimal("1234567.89")]
    assert empty == Decimal("0.00") and over == 2


@pytest.mark.postgres
def test_postgres_keeps_cents_exact(postgres_url):
    total, values, empty, over = _roundtrip(postgres_url.replace("postgresql://", "postgresql+psycopg://"))
    assert total == Decimal("1234568.19")
    assert values == [Decimal("0.10"), Decimal("0.20"), Decimal("1234567.89")]
    assert over == 2


def test_a_float_is_refused():
    md = MetaData()
    t = Table("m", md, Column("id", Integer, primary_key=True), Column("amount", Money()))
    engine = create_engine("sqlite://")
    md.create_all(engine)
    with pytest.raises(Exception, match="float"), engine.begin() as conn:
        conn.execute(t.insert(), [{"amount": 0.1}])


def test_search_treats_like_wildcards_literally():
    from sqlalchemy import String

    from servicekit.db.search import matches

    md = MetaData()
    t = Table("s", md, Column("id", Integer, primary_key=True), Column("title", String(50)))
    engine = create_engine("sqlite://")
    md.create_all(engine)
    with engine.begin() as conn:
        conn.execute(t.insert(), [{"title": "100 % Engagement"}, {"title": "Jugend_Treff"}, {"title": "Senioren"}])

        def found(q):
            return conn.execute(select(t.c.title).where(matches(q, t.c.title)).order_by(t.c.id)).scalars().all()

        assert found("%") == ["100 % Engagement"]
        assert found("_") == ["Jugend_Treff"]
        assert found("SENIOR") == ["Senioren"]
        assert found("") == ["100 % Engagement", "Jugend_Treff", "Senioren"]


def test_schema_drift_reports_a_missing_table_and_nothing_when_in_step():
    from servicekit.db.migrations import schema_drift

    md = MetaData()
    Table("kept", md, Column("id", Integer, primary_key=True))
    engine = create_engine("sqlite://")
    md.create_all(engine)
    assert schema_drift(engine, md) == []
    Table("added_later", md, Column("id", Integer, primary_key=True))
    drift = schema_drift(engine, md)
    assert [d[0] for d in drift] == ["add_table"] and drift[0][1].name == "added_later"


def test_api_decimals_never_pass_through_a_binary_float():
    from marshmallow import Schema, ValidationError

    from servicekit.web.fields import ExactDecimal

    class Payment(Schema):
        amount = ExactDecimal(as_string=True, places=2)
        rate = ExactDecimal(as_string=True)

    loaded = Payment().load({"amount": 12.5, "rate": 1.005})
    assert loaded == {"amount": Decimal("12.50"), "rate": Decimal("1.005")}  # not 1.00499999…
    with pytest.raises(ValidationError) as refused:
        Payment().load({"amount": "1.005"})
    assert refused.value.messages == {"amount": ['Höchstens zwei Nachkommastellen (Cent), z. B. "1234.50".']}
    with pytest.raises(ValidationError):
        Payment().load({"amount": True})
