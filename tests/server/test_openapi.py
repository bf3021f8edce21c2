"""The OpenAPI document describes every answer, not only requests: each route's success
answer has a schema from queue_core.contract, and every schema it names is defined."""

from __future__ import annotations

import json
from typing import Any

from testkit.servers import TestServer


def refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        here = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return here.union(*(refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(refs(v) for v in node))
    return set()


def test_every_route_documents_its_answer(server: TestServer) -> None:
    doc = server.get("/openapi.json").json()
    routes = [(m, p, op) for p, ops in doc["paths"].items() for m, op in ops.items()]
    assert len(routes) >= 21
    for method, path, op in routes:
        success = {code: r for code, r in op["responses"].items() if code.startswith("2")}
        assert success, (method, path)
        for code, answer in success.items():
            if code == "204":
                continue
            content = answer.get("content") or {}
            schemas = [c.get("schema") for c in content.values()]
            html = (content.get("text/html") or {}).get("schema") or {}
            assert html.get("contentMediaType") == "text/html" or any(
                s and (s.get("$ref") or s.get("items") or s.get("format") == "binary")
                for s in schemas
            ), (method, path)
    defined = {f"#/components/schemas/{name}" for name in doc["components"]["schemas"]}
    assert refs(doc) <= defined, refs(doc) - defined
    for name in ("TicketView", "Snapshot", "RatingView", "PublicTicketView", "StreamedEvent"):
        assert name in doc["components"]["schemas"], name
    # Errors are documented too, in the shape every 4xx has.
    issue = doc["paths"]["/api/v1/tickets"]["post"]["responses"]
    assert "ErrorView" in json.dumps(issue["409"]) and "ErrorView" in json.dumps(issue["422"])
