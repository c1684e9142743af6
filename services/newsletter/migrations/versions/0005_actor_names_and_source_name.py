"""Actors by name, and what a drafted news item is about by name

- ``news_item``: ``created_by`` and ``created_by_name``, ``approved_by_name`` (beside ``approved_by``);
- ``issue``: ``created_by``/``created_by_name``, ``scheduled_by``/``scheduled_by_name``;
- ``news_item.source_name``: the name of the project, event, programme or decision a draft is about, so a screen
  shows "Engagementtag Kaufbeuren" and never the record's id.

The names come from the signed identity at write time (no service asks another who someone was). Existing rows
get them from the audit log where it has them (its ``actor_name`` arrived with 0004), the source names from the
read models (projects, programmes) or from the draft's own title ("Veranstaltung: …").

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: the prefixes the drafts' titles carry (service_layer/news.py), longest first
TITLE_PREFIXES = {
    "programmes.project.published": "Neues Projekt: ",
    "programmes.programme.started": "Neues Förderprogramm gestartet: ",
    "participation.event.published": "Veranstaltung: ",
    "participation.decision.made": "Beschluss ",
}


def _name_column(name: str) -> sa.Column:
    return sa.Column(name, sa.String(length=200), nullable=False, server_default="")


def upgrade() -> None:
    with op.batch_alter_table("news_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_by", sa.String(length=200), nullable=True))
        batch_op.add_column(_name_column("created_by_name"))
        batch_op.add_column(_name_column("approved_by_name"))
        batch_op.add_column(sa.Column("source_name", sa.String(length=300), nullable=False, server_default=""))
    with op.batch_alter_table("issue", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_by", sa.String(length=200), nullable=True))
        batch_op.add_column(_name_column("created_by_name"))
        batch_op.add_column(sa.Column("scheduled_by", sa.String(length=200), nullable=True))
        batch_op.add_column(_name_column("scheduled_by_name"))
    _backfill()


def _backfill() -> None:
    conn = op.get_bind()
    meta = sa.MetaData()
    news = sa.Table("news_item", meta, autoload_with=conn)
    issue = sa.Table("issue", meta, autoload_with=conn)
    audit = sa.Table("audit_log", meta, autoload_with=conn)
    projects = sa.Table("project_ref", meta, autoload_with=conn)
    programmes = sa.Table("programme_ref", meta, autoload_with=conn)
    # Who created, approved, scheduled: the latest audit entry of that kind (ids in order of writing).
    for table, entity, action, column in [(news, "news_item", "created", "created_by"),
                                          (news, "news_item", "approved", "approved_by"),
                                          (issue, "issue", "created", "created_by"),
                                          (issue, "issue", "scheduled", "scheduled_by")]:
        latest = {}
        for entity_id, actor, name in conn.execute(
                sa.select(audit.c.entity_id, audit.c.actor, audit.c.actor_name)
                .where(audit.c.entity == entity, audit.c.action == action).order_by(audit.c.id)):
            latest[entity_id] = (actor, name or "")
        for entity_id, (actor, name) in latest.items():
            values = {f"{column}_name": name[:200]}
            if column != "approved_by":  # approved_by was stored before, the audit agrees with it
                values[column] = actor[:200]
            conn.execute(sa.update(table).where(table.c.id == entity_id).values(**values))
    names = {("programmes.project.published", pid): title
             for pid, title in conn.execute(sa.select(projects.c.project_id, projects.c.title))}
    names.update({("programmes.programme.started", pid): name
                  for pid, name in conn.execute(sa.select(programmes.c.programme_id, programmes.c.name))})
    for nid, source_type, source_id, title in conn.execute(
            sa.select(news.c.id, news.c.source_type, news.c.source_id, news.c.title)
            .where(news.c.source_type != "manual")).all():
        name = names.get((source_type, source_id))
        if name is None:
            prefix = TITLE_PREFIXES.get(source_type, "")
            name = title[len(prefix):] if prefix and title.startswith(prefix) else title
        conn.execute(sa.update(news).where(news.c.id == nid).values(source_name=name[:300]))
        # a draft was written by the event's consumer: its actor is the event (as in the audit log)
        conn.execute(sa.update(news).where(news.c.id == nid, news.c.created_by.is_(None))
                     .values(created_by=f"ereignis:{source_type}"[:200]))


def downgrade() -> None:
    with op.batch_alter_table("issue", schema=None) as batch_op:
        for column in ("scheduled_by_name", "scheduled_by", "created_by_name", "created_by"):
            batch_op.drop_column(column)
    with op.batch_alter_table("news_item", schema=None) as batch_op:
        for column in ("source_name", "approved_by_name", "created_by_name", "created_by"):
            batch_op.drop_column(column)
