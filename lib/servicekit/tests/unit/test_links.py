"""servicekit.web.links: the OpenAPI links a create answer documents, in the shape schemathesis and clients read."""

from servicekit.web.links import BODY_ID, ETAG, link, links, request_path


def test_a_link_names_its_target_by_json_pointer_and_qualifies_its_parameters():
    assert link("/api/x/items/{item_id}", "patch", item_id=request_path("item_id"), headers={"If-Match": ETAG}) == {
        "operationRef": "#/paths/~1api~1x~1items~1{item_id}/patch",
        "parameters": {"path.item_id": "$request.path.item_id", "header.If-Match": "$response.header.ETag"}}
    assert link("/api/x/a~b")["operationRef"] == "#/paths/~1api~1x~1a~0b/get"


def test_links_are_keyword_arguments_for_blp_doc_on_one_status():
    made = links(201, meeting=link("/api/x/meetings", "post", body={"body_id": BODY_ID}))
    assert made == {"responses": {201: {"links": {"meeting": {
        "operationRef": "#/paths/~1api~1x~1meetings/post", "requestBody": {"body_id": "$response.body#/id"}}}}}}
