"""OpenAPI links (create → read → update), so a client and the fuzz suite's stateful phase know that the ``id`` a
``POST`` answers is the path parameter of the item's ``GET``, ``PATCH`` and sub-resources.

    @blp.doc(**links(201, read=link("/api/newsletter/news/{news_id}", news_id=BODY_ID),
                     update=link("/api/newsletter/news/{news_id}", "patch", news_id=BODY_ID)))

A link names its target by ``operationRef`` (the services' operations have no ``operationId``). Keyword
arguments are the target's path parameters, ``headers`` its header parameters (``{"If-Match": ETAG}``), ``body``
a request body whose values may be runtime expressions (``{"body_id": BODY_ID}``)."""

from __future__ import annotations

#: the ``id`` of the answer's JSON body
BODY_ID = "$response.body#/id"
#: the answer's ETag, for a following ``If-Match``
ETAG = "$response.header.ETag"


def request_path(name: str) -> str:
    """The path parameter ``name`` of the request that got the answer (``GET /x/{id}`` → ``PATCH /x/{id}``)."""
    return f"$request.path.{name}"


def operation_ref(path: str, method: str = "get") -> str:
    """``#/paths/~1api~1x~1{id}/get`` (JSON pointer: ``~`` → ``~0``, ``/`` → ``~1``)."""
    return "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method.lower()


def link(path: str, method: str = "get", *, headers: dict | None = None, body: dict | None = None,
         description: str = "", **path_parameters: str) -> dict:
    out: dict = {"operationRef": operation_ref(path, method)}
    parameters = {**{f"path.{k}": v for k, v in path_parameters.items()},
                  **{f"header.{k}": v for k, v in (headers or {}).items()}}
    if parameters:
        out["parameters"] = parameters
    if body is not None:
        out["requestBody"] = body
    if description:
        out["description"] = description
    return out


def links(status: int, **named: dict) -> dict:
    """Keyword arguments for ``@blp.doc``: the links of one documented response."""
    return {"responses": {status: {"links": named}}}
