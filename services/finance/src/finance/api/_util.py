"""Small helpers shared by the API blueprints."""

from servicekit.auth import current_principal
from servicekit.web.app import runtime_of

READ_ROLES = ("finance.clerk", "finance.approver", "viewer")


def actor() -> str:
    return current_principal().user


def page(pagination_parameters, rows: list) -> list:
    pagination_parameters.item_count = len(rows)
    start = pagination_parameters.first_item
    return rows[start:start + pagination_parameters.page_size]


def sql_page(conn, pagination_parameters, stmt) -> list[dict]:
    """One page of ``stmt`` in SQL (a COUNT and a LIMIT/OFFSET), for ``@blp.paginate()``."""
    from servicekit.web.listing import api_page

    return api_page(conn, stmt, pagination_parameters)


def read(fn, *args, **kwargs):
    with runtime_of().engine.connect() as conn:
        return fn(conn, *args, **kwargs)


def uow():
    return runtime_of().uow()
