"""A database constraint a service did not check first answers 409 problem+json, German or English, and the
transaction writes nothing – never a 500."""

import sqlalchemy as sa
from flask import Flask

from servicekit.web.problems import register_problem_handlers


def make_app():
    engine = sa.create_engine("sqlite://")
    meta = sa.MetaData()
    thing = sa.Table("thing", meta, sa.Column("id", sa.String, primary_key=True), sa.Column("name", sa.String))
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(thing.insert().values(id="0", name="vorhanden"))
    app = Flask(__name__)
    register_problem_handlers(app)

    @app.post("/things/<id_>")
    def create(id_):
        with engine.begin() as conn:  # rolls back when the insert fails
            conn.execute(thing.insert().values(id=id_ + "-log", name="Protokoll"))
            conn.execute(thing.insert().values(id=id_, name="neu"))
        return {"id": id_}, 201

    return app, engine, thing


def test_a_taken_key_is_a_409_in_the_readers_language_and_nothing_is_written():
    app, engine, thing = make_app()
    client = app.test_client()
    german = client.post("/things/0", headers={"Accept-Language": "de"})
    assert german.status_code == 409 and german.mimetype == "application/problem+json"
    assert german.json["title"] == "Konflikt" and "Es wurde nichts gespeichert" in german.json["detail"]
    assert "UNIQUE" not in german.get_data(as_text=True)  # the database's own words stay in the log
    english = client.post("/things/0", headers={"Accept-Language": "en"})
    assert english.status_code == 409 and english.json["detail"].endswith("Nothing was saved.")
    with engine.connect() as conn:
        assert conn.execute(sa.select(thing.c.id).order_by(thing.c.id)).scalars().all() == ["0"]
    assert client.post("/things/1").status_code == 201
