"""A command acting on a person's behalf (the demo seed) stores that person's name, like a UI request would."""

from sqlalchemy import MetaData, create_engine, select
from sqlalchemy.orm import Session

from servicekit.auth import acting_as, actor_name
from servicekit.db.audit import record_audit
from servicekit.db.tables import add_infrastructure_tables
from servicekit.demo import FINANCE_CLERK, STAFF


def test_the_name_is_the_acting_persons_only_for_their_own_actor_id():
    assert actor_name("demo-fritz-finanzen") == ""  # outside a request: nobody's name
    with FINANCE_CLERK.acting():
        assert actor_name("demo-fritz-finanzen") == "Fritz Finanzen (Demo)"
        assert actor_name("system") == ""  # an automatic step stays automatic
        with acting_as("demo-frieda-freigabe", "Frieda Freigabe (Demo)"):
            assert actor_name("demo-frieda-freigabe") == "Frieda Freigabe (Demo)"
        assert actor_name("demo-fritz-finanzen") == "Fritz Finanzen (Demo)"
    assert actor_name("demo-fritz-finanzen") == ""


def test_an_audit_entry_written_meanwhile_carries_the_name():
    metadata = MetaData()
    add_infrastructure_tables(metadata)
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with Session(engine) as session, FINANCE_CLERK.acting():
        record_audit(session, metadata, actor=FINANCE_CLERK.actor, entity="expense", entity_id="x", action="booked")
        row = session.execute(select(metadata.tables["audit_log"])).mappings().one()
    assert (row["actor"], row["actor_name"]) == ("demo-fritz-finanzen", "Fritz Finanzen (Demo)")


def test_every_demo_person_has_a_name_a_role_and_a_distinct_actor():
    assert len({p.actor for p in STAFF}) == len({p.email for p in STAFF}) == len(STAFF)
    assert all(p.name.endswith("(Demo)") and p.roles for p in STAFF)
