"""API Gateway's own answers, locally: a path no route matches gets the gateway response the
deployment configures (infra/resources.json, RestAPI's x-amazon-apigateway-gateway-responses,
MISSING_AUTHENTICATION_TOKEN: 404 in the one error shape) instead of `chalice local`'s
403 {"message": "Missing Authentication Token"}.

Applied by the local stack, the live API of the contract tests and the integration tests'
`chalice.test.Client` (which shares `chalice local`'s gateway); AWS is unaffected.

    python -m devstack.gateway local --port 8000      # `chalice local ...`, with the above
"""

from __future__ import annotations

import json
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

INFRA = Path(__file__).resolve().parents[1] / "infra" / "resources.json"
UNMATCHED = "MISSING_AUTHENTICATION_TOKEN"
_HEADER = re.compile(r"^gatewayresponse\.header\.(.+)$")


@cache
def gateway_responses() -> dict[str, dict[str, Any]]:
    template = json.loads(INFRA.read_text())
    body = template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    responses: dict[str, dict[str, Any]] = body["x-amazon-apigateway-gateway-responses"]
    return responses


def gateway_response(kind: str, message: str) -> dict[str, Any]:
    """The configured gateway response `kind` as a Lambda-proxy-shaped answer (what
    LocalGateway.handle_request returns), `$context.error.messageString` filled in."""
    spec = gateway_responses()[kind]
    headers = {"Content-Type": "application/json"}
    for name, value in spec.get("responseParameters", {}).items():
        match = _HEADER.match(name)
        if match and value.startswith("'") and value.endswith("'"):
            headers[match.group(1)] = value[1:-1]
    template = spec.get("responseTemplates", {}).get("application/json", "")
    body = template.replace("$context.error.messageString", json.dumps(message))
    status = int(spec.get("statusCode", "403" if kind == UNMATCHED else "400"))
    return {"statusCode": status, "headers": headers, "multiValueHeaders": {}, "body": body}


def apply() -> None:
    """Answer unmatched paths with the configured gateway response (idempotent)."""
    from chalice import local

    gateway: Any = local.LocalGateway
    if getattr(gateway, "_project_gateway_responses", False):
        return
    original = gateway.handle_request

    def handle_request(self: Any, method: str, path: str, headers: Any, body: bytes | None) -> Any:
        try:
            self.event_converter.create_lambda_event(method=method, path=path, headers=headers, body=body)
        except ValueError:  # what LocalGateway raises its 403 for: no route matches the path
            return gateway_response(UNMATCHED, "Missing Authentication Token")
        return original(self, method, path, headers, body)

    gateway.handle_request = handle_request
    gateway._project_gateway_responses = True


def main() -> None:
    from chalice.cli import main as chalice_main

    apply()
    sys.argv = ["chalice", *sys.argv[1:]]
    chalice_main()


if __name__ == "__main__":
    main()
