"""The packaged template (build/sam.json): valid, wired to its own queues, least-privilege."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.support.sigv4 import presigned_signature_holds

from .conftest import ROOT, Package

# AWS managed CloudFront policies (fixed ids).
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5ccc6d8a88"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
# Services whose resources must be named, never "*".
SCOPED_SERVICES = ("dynamodb", "sqs", "secretsmanager")
LAMBDA_DEFAULT_TIMEOUT = 3
SQS_DEFAULT_VISIBILITY_TIMEOUT = 30


def referenced(value: Any) -> str | None:
    """The logical id an ARN/Ref expression names: Fn::GetAtt [X, Arn], Ref X, or Fn::Sub "${X.Arn}..."."""
    if isinstance(value, dict):
        if "Fn::GetAtt" in value and len(value) == 1:
            target = value["Fn::GetAtt"]
            return target[0] if isinstance(target, list) else target.split(".")[0]
        if "Ref" in value and len(value) == 1:
            return value["Ref"]
        if "Fn::Sub" in value and len(value) == 1 and isinstance(value["Fn::Sub"], str):
            names = [
                n.split(".")[0] for n in re.findall(r"\$\{([^}!]+)\}", value["Fn::Sub"]) if not n.startswith("AWS::")
            ]
            return names[0] if len(names) == 1 else None
    return None


def sqs_event_sources(package: Package) -> list[tuple[str, dict[str, Any], Any]]:
    """(function, event source properties, queue expression) for every SQS trigger."""
    found = []
    for name, spec in package.of_type("AWS::Serverless::Function").items():
        for event in (spec["Properties"].get("Events") or {}).values():
            if event.get("Type") == "SQS":
                found.append((name, event["Properties"], event["Properties"].get("Queue")))
    for spec in package.of_type("AWS::Lambda::EventSourceMapping").values():
        source = spec["Properties"].get("EventSourceArn")
        if referenced(source) in package.of_type("AWS::SQS::Queue") or ":sqs:" in json.dumps(source):
            found.append((referenced(spec["Properties"]["FunctionName"]) or "?", spec["Properties"], source))
    return found


def function_timeout(package: Package, function: str) -> int:
    spec = package.resources[function]["Properties"]
    return int(
        spec.get("Timeout")
        or package.template.get("Globals", {}).get("Function", {}).get("Timeout")
        or LAMBDA_DEFAULT_TIMEOUT
    )


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_cfn_lint_finds_no_errors(package: Package) -> None:
    from cfnlint.api import ManualArgs, lint_file

    # São Paulo too: the firms are in Brazil, and not every resource type exists in every region.
    matches = lint_file(package.directory / "sam.json", ManualArgs(regions=["us-east-1", "sa-east-1"]))
    errors = [m for m in matches if m.rule.id.startswith("E")]
    warnings = [m for m in matches if m.rule.id.startswith("W")]
    for warning in warnings:
        print(f"cfn-lint warning {warning.rule.id} line {warning.linenumber}: {warning.message}")
    assert not errors, "cfn-lint errors in the packaged template:\n" + "\n".join(
        f"{m.rule.id} line {m.linenumber}: {m.message}" for m in errors
    )


def test_every_sqs_event_source_reports_partial_failures_and_reads_a_template_queue_with_a_dead_letter_queue(
    package: Package,
) -> None:
    queues = package.of_type("AWS::SQS::Queue")
    sources = sqs_event_sources(package)
    assert sources, "no SQS event source in the packaged template: the workers would never run"
    for function, properties, queue_expression in sources:
        assert "ReportBatchItemFailures" in properties.get("FunctionResponseTypes", []), (
            f"{function}: the event source lacks FunctionResponseTypes [ReportBatchItemFailures]; "
            "Lambda would retry whole batches (override it in infra/resources.json)"
        )
        queue = referenced(queue_expression)
        assert queue in queues, (
            f"{function}: the event source reads {queue_expression!r}, not a queue this template creates "
            "(point it at Fn::Sub ${<Queue>.Arn} in infra/resources.json)"
        )
        redrive = queues[queue]["Properties"].get("RedrivePolicy") or {}
        dead_letter = referenced(redrive.get("deadLetterTargetArn"))
        assert dead_letter in queues and dead_letter != queue, f"{queue} has no dead-letter queue in the template"
        assert int(redrive.get("maxReceiveCount", 0)) >= 1, f"{queue}: maxReceiveCount must be set"


def test_queue_visibility_timeout_is_at_least_six_times_the_consumer_timeout(package: Package) -> None:
    queues = package.of_type("AWS::SQS::Queue")
    for function, _, queue_expression in sqs_event_sources(package):
        queue = referenced(queue_expression)
        visibility = int(queues[queue]["Properties"].get("VisibilityTimeout", SQS_DEFAULT_VISIBILITY_TIMEOUT))
        timeout = function_timeout(package, function)
        assert visibility >= 6 * timeout, (
            f"{queue}: visibility timeout {visibility} s < 6 x {function}'s timeout {timeout} s"
        )


def role_statements(package: Package, role: str) -> list[dict[str, Any]]:
    statements = []
    for policy in package.resources[role]["Properties"].get("Policies", []):
        statements.extend(as_list(policy["PolicyDocument"]["Statement"]))
    for spec in list(package.of_type("AWS::IAM::Policy").values()) + list(
        package.of_type("AWS::IAM::ManagedPolicy").values()
    ):
        if role in [referenced(r) for r in spec["Properties"].get("Roles", [])]:
            statements.extend(as_list(spec["Properties"]["PolicyDocument"]["Statement"]))
    return statements


def function_roles(package: Package) -> set[str]:
    roles = package.of_type("AWS::IAM::Role")
    found = set()
    for name, spec in package.of_type("AWS::Serverless::Function").items():
        role = spec["Properties"].get("Role")
        assert isinstance(role, dict) and referenced(role) in roles, (
            f"{name}'s Role is {role!r}, not a role of this template: give it Role: Fn::GetAtt [LambdaRole, Arn] in "
            "infra/resources.json"
        )
        found.add(referenced(role))
    return found


def test_every_function_runs_with_a_role_defined_in_the_template(package: Package) -> None:
    assert function_roles(package)


def test_no_policy_grants_data_actions_on_every_resource(package: Package) -> None:
    documents = []
    for spec in package.of_type("AWS::IAM::Role").values():
        documents += [p["PolicyDocument"] for p in spec["Properties"].get("Policies", [])]
        assert not [m for m in spec["Properties"].get("ManagedPolicyArns", []) if "FullAccess" in json.dumps(m)], (
            "no *FullAccess managed policies"
        )
    for kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        documents += [spec["Properties"]["PolicyDocument"] for spec in package.of_type(kind).values()]
    assert documents
    for document in documents:
        for statement in as_list(document["Statement"]):
            if statement.get("Effect") != "Allow":
                continue
            actions = [a.lower() for a in as_list(statement.get("Action", []))]
            assert "*" not in actions, f"a statement allows every action: {statement}"
            scoped = [a for a in actions if a.split(":")[0] in SCOPED_SERVICES]
            if not scoped:
                continue
            assert not [a for a in scoped if a.endswith("*")], f"wildcard actions {scoped}"
            assert "dynamodb:scan" not in scoped, "request paths never Scan"
            for resource in as_list(statement.get("Resource", [])):
                assert resource != "*", f"{scoped} granted on every resource"
                if isinstance(resource, str):
                    assert "*" not in resource, f"{scoped} granted on the wildcard {resource!r}"
                else:
                    assert referenced(resource) in package.resources, (
                        f"{scoped} granted on {resource!r}, not a resource of this template"
                    )


def grants(statements: list[dict[str, Any]], action: str, resource: str) -> bool:
    for statement in statements:
        if statement.get("Effect") == "Allow" and action.lower() in [
            a.lower() for a in as_list(statement.get("Action", []))
        ]:
            if resource in [referenced(r) for r in as_list(statement.get("Resource", []))]:
                return True
    return False


WRITERS = ({"Service": "s3.amazonaws.com"}, {"Service": "sns.amazonaws.com"})


def written_by_aws(package: Package) -> set[str]:
    """Queues that only S3 (the documents bucket's events) or SNS (SES's e-mail events) write to."""
    found = set()
    for spec in package.of_type("AWS::SQS::QueuePolicy").values():
        statements = as_list(spec["Properties"]["PolicyDocument"]["Statement"])
        if any(s.get("Principal") in WRITERS for s in statements):
            found |= {referenced(q) for q in spec["Properties"]["Queues"]} - {None}
    return found


def test_the_role_allows_what_the_code_does_on_every_resource_the_functions_are_given(package: Package) -> None:
    variables = package.template["Globals"]["Function"]["Environment"]["Variables"]
    given = {referenced(v) for v in variables.values() if isinstance(v, dict)} - {None}
    tables = set(package.of_type("AWS::DynamoDB::Table")) & given
    queues = set(package.of_type("AWS::SQS::Queue")) & given
    secrets = set(package.of_type("AWS::SecretsManager::Secret")) & given
    assert tables and queues and secrets
    consumed = {referenced(q) for _, _, q in sqs_event_sources(package)}
    for role in function_roles(package):
        statements = role_statements(package, role)
        missing = [
            f"{action} on {name}"
            for name in sorted(tables)
            for action in (
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:DeleteItem",
                "dynamodb:Query",
                "dynamodb:ConditionCheckItem",
                "dynamodb:BatchGetItem",
            )
            if not grants(statements, action, name)
        ]
        # A queue only S3 or SNS writes to (its policy lets the service send) is consumed, never sent to.
        missing += [
            f"sqs:SendMessage on {q}"
            for q in sorted(queues - written_by_aws(package))
            if not grants(statements, "sqs:SendMessage", q)
        ]
        missing += [
            f"{action} on {q}"
            for q in sorted(consumed)
            for action in ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes")
            if not grants(statements, action, q)
        ]
        missing += [
            f"secretsmanager:GetSecretValue on {s}"
            for s in sorted(secrets)
            if not grants(statements, "secretsmanager:GetSecretValue", s)
        ]
        assert not missing, f"{role} (LambdaRole in infra/resources.json) lacks: " + "; ".join(missing)


def test_api_gateway_answers_its_own_errors_in_the_api_error_shape(package: Package) -> None:
    api = package.of_type("AWS::Serverless::Api")["RestAPI"]["Properties"]
    assert api["StageName"] == "api", "CloudFront's /api/* behaviour relies on the stage being named api"
    responses = api["DefinitionBody"]["x-amazon-apigateway-gateway-responses"]
    assert {"DEFAULT_4XX", "DEFAULT_5XX"} <= set(responses)
    for kind, response in responses.items():
        body = response["responseTemplates"]["application/json"].replace(
            "$context.error.messageString", json.dumps("a message")
        )
        document = json.loads(body)
        assert set(document) == {"error"}, f"{kind}: {body}"
        error = document["error"]
        assert set(error) == {"code", "message", "details"} and error["details"] == [], f"{kind}: {body}"
        assert re.fullmatch(r"[a-z_]+", error["code"]) and error["message"], kind


def test_tables_are_on_demand_encrypted_and_protected_in_prod(package: Package) -> None:
    tables = package.of_type("AWS::DynamoDB::Table")
    assert tables
    for name, spec in tables.items():
        properties = spec["Properties"]
        assert properties["BillingMode"] == "PAY_PER_REQUEST", name
        assert properties["SSESpecification"]["SSEEnabled"] is True, name
        assert properties["DeletionProtectionEnabled"] == {"Fn::If": ["IsProd", True, False]}, name
        assert spec.get("DeletionPolicy") == "Retain", name
        # Point-in-time recovery for durable data; tables of expiring items (sessions, rate
        # limits, idempotency records: TTL) may do without.
        if not properties.get("TimeToLiveSpecification", {}).get("Enabled"):
            assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True, name


def test_buckets_are_private_and_encrypted(package: Package) -> None:
    buckets = package.of_type("AWS::S3::Bucket")
    assert {"DocumentsBucket", "WebBucket"} <= set(buckets)
    for name, spec in buckets.items():
        properties = spec["Properties"]
        assert (
            all(properties["PublicAccessBlockConfiguration"].values())
            and len(properties["PublicAccessBlockConfiguration"]) == 4
        ), name
        assert properties["BucketEncryption"]["ServerSideEncryptionConfiguration"], name
        assert properties["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}], name
    cors = buckets["DocumentsBucket"]["Properties"]["CorsConfiguration"]["CorsRules"]
    assert [rule["AllowedOrigins"] for rule in cors] == [[{"Ref": "PortalOrigin"}]]


def test_cloudfront_serves_the_private_web_bucket_and_forwards_api_paths_uncached(package: Package) -> None:
    distribution = package.of_type("AWS::CloudFront::Distribution")["WebDistribution"]["Properties"][
        "DistributionConfig"
    ]
    origins = {o["Id"]: o for o in distribution["Origins"]}
    web = origins[distribution["DefaultCacheBehavior"]["TargetOriginId"]]
    assert web["DomainName"] == {"Fn::GetAtt": ["WebBucket", "RegionalDomainName"]}
    assert referenced(web["OriginAccessControlId"]) in package.of_type("AWS::CloudFront::OriginAccessControl")
    behaviours = {b["PathPattern"]: b for b in distribution["CacheBehaviors"]}
    assert {"/api/*", "/admin/api/*", "/p/*/api/*"} <= set(behaviours)
    for pattern in ("/api/*", "/admin/api/*", "/p/*/api/*"):
        behaviour = behaviours[pattern]
        api = origins[behaviour["TargetOriginId"]]
        assert "${RestAPI}.execute-api." in api["DomainName"]["Fn::Sub"], pattern
        assert not api.get("OriginPath"), "/api/clients must reach stage api, resource /clients"
        assert behaviour["CachePolicyId"] == CACHING_DISABLED, pattern
        assert behaviour["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST, pattern
        assert set(behaviour["AllowedMethods"]) == {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}, pattern
    # The only reader of the web bucket is this distribution.
    policy = next(
        p
        for p in package.of_type("AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": "WebBucket"}
    )
    for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
        if statement["Effect"] == "Allow":
            assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
            assert "${WebDistribution}" in statement["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Sub"]
    # The wildcard alias is optional, so the template deploys without a certificate.
    assert package.template["Parameters"]["PortalDomain"]["Default"] == ""
    assert distribution["Aliases"]["Fn::If"][0] == "HasPortalDomain"
    assert {"WebBucketName", "WebDistributionId"} <= set(package.template["Outputs"])


# The documents bucket's regional endpoint, as the template names it: the only S3 origin the
# pages may connect to (uploads by presigned POST; chalicelib/adapters/aws.py presigns for it).
DOCUMENTS_ORIGIN = "https://${DocumentsBucket}.s3.${AWS::Region}.amazonaws.com"
LOCAL_S3 = "http://127.0.0.1:* http://localhost:*"  # the portal page's <meta>: moto, locally


def test_cloudfront_sends_the_same_security_headers_as_the_local_web_server(package: Package) -> None:
    from devstack import web

    policy = package.of_type("AWS::CloudFront::ResponseHeadersPolicy")["WebResponseHeadersPolicy"]["Properties"][
        "ResponseHeadersPolicyConfig"
    ]
    headers = policy["SecurityHeadersConfig"]
    # The same policy, naming the stack's own documents bucket where the local server names moto.
    assert headers["ContentSecurityPolicy"]["ContentSecurityPolicy"] == {
        "Fn::Sub": web.content_security_policy(DOCUMENTS_ORIGIN)
    }
    assert "*" not in web.content_security_policy(DOCUMENTS_ORIGIN).split("connect-src", 1)[1].split(";")[0]
    assert package.template["Outputs"]["DocumentsBucketOrigin"]["Value"] == {"Fn::Sub": DOCUMENTS_ORIGIN}
    assert headers["FrameOptions"]["FrameOption"] == web.SECURITY_HEADERS["X-Frame-Options"]
    assert headers["ReferrerPolicy"]["ReferrerPolicy"] == web.SECURITY_HEADERS["Referrer-Policy"]
    assert web.SECURITY_HEADERS["X-Content-Type-Options"] == "nosniff" and headers["ContentTypeOptions"]["Override"]


def test_downloads_pass_through_cloudfront_to_the_bucket_as_signed_and_come_back_with_nosniff(
    package: Package,
) -> None:
    """/firms/* (the documents' keys, firms/<firm>/documents/<id>) goes to the documents bucket's
    regional endpoint, the host the S3 adapter presigns for, with nothing of CloudFront's own:
    no origin access control (the presigned query is the request's credentials), no cache, the
    query string as it came and no viewer header, so Host is the bucket's and the signature
    holds; the answer gets nosniff, which S3 cannot send, and the pages' other headers but their
    policy. The local web server does the same (devstack/web.py)."""
    from devstack import web

    distribution = package.resources["WebDistribution"]["Properties"]["DistributionConfig"]
    (behaviour,) = [b for b in distribution["CacheBehaviors"] if b["PathPattern"] == "/firms/*"]
    origin = next(o for o in distribution["Origins"] if o["Id"] == behaviour["TargetOriginId"])
    assert origin["DomainName"] == {"Fn::Sub": DOCUMENTS_ORIGIN.removeprefix("https://")}
    assert "OriginAccessControlId" not in origin and "S3OriginConfig" not in origin
    assert origin["CustomOriginConfig"] == {
        "OriginProtocolPolicy": "https-only",
        "HTTPSPort": 443,
        "OriginSSLProtocols": ["TLSv1.2"],
    }
    assert behaviour["ViewerProtocolPolicy"] == "https-only"
    assert set(behaviour["AllowedMethods"]) == set(behaviour["CachedMethods"]) == {"GET", "HEAD"}
    assert behaviour["CachePolicyId"] == CACHING_DISABLED
    assert not behaviour.get("FunctionAssociations"), "the path must reach S3 as it was signed"
    request_policy = package.resources[referenced(behaviour["OriginRequestPolicyId"]) or ""]
    assert request_policy["Type"] == "AWS::CloudFront::OriginRequestPolicy"
    forwarded = request_policy["Properties"]["OriginRequestPolicyConfig"]
    assert forwarded["QueryStringsConfig"] == {"QueryStringBehavior": "all"}
    assert forwarded["HeadersConfig"] == {"HeaderBehavior": "none"}
    assert forwarded["CookiesConfig"] == {"CookieBehavior": "none"}

    answer = package.resources[referenced(behaviour["ResponseHeadersPolicyId"]) or ""]
    assert answer["Type"] == "AWS::CloudFront::ResponseHeadersPolicy"
    headers = answer["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    pages = package.resources["WebResponseHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]
    assert "ContentSecurityPolicy" not in headers and "CustomHeadersConfig" not in answer["Properties"]
    assert headers["ContentTypeOptions"] == {"Override": True}
    assert headers["FrameOptions"] == {"FrameOption": web.DOWNLOAD_HEADERS["X-Frame-Options"], "Override": True}
    assert headers["ReferrerPolicy"] == {"ReferrerPolicy": web.DOWNLOAD_HEADERS["Referrer-Policy"], "Override": True}
    assert headers["StrictTransportSecurity"] == pages["SecurityHeadersConfig"]["StrictTransportSecurity"]
    assert web.DOWNLOAD_HEADERS == {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
    }


def test_the_functions_learn_the_download_origin_from_a_stack_parameter(package: Package) -> None:
    """Not from the distribution: the distribution depends on the API, the API on its function,
    and a function's environment naming the distribution would close the circle."""
    variables = package.template["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["PORTAL_DOCUMENTS_DOWNLOAD_ORIGIN"] == {"Ref": "DocumentsDownloadOrigin"}
    parameter = package.template["Parameters"]["DocumentsDownloadOrigin"]
    assert parameter["Default"] == ""  # until set, links go to the bucket itself (no nosniff)
    allowed = re.compile(parameter["AllowedPattern"])
    for good in ("", DOWNLOAD_ORIGIN, "https://static.portal.example.com"):
        assert allowed.fullmatch(good), good
    for bad in ("http://d111abcdef8.cloudfront.net", f"{DOWNLOAD_ORIGIN}/", f"{DOWNLOAD_ORIGIN}/firms", "d1.net"):
        assert not allowed.fullmatch(bad), bad
    suggested = package.template["Outputs"]["DocumentsDownloadOriginSuggested"]["Value"]
    assert suggested == {
        "Fn::If": [
            "HasPortalDomain",
            {"Fn::Sub": "https://static.${PortalDomain}"},
            {"Fn::Sub": "https://${WebDistribution.DomainName}"},
        ]
    }
    # "static" names no firm's portal: it is a reserved slug.
    from chalicelib.domain.firm import RESERVED_SLUGS

    assert "static" in RESERVED_SLUGS


def dependencies(package: Package) -> dict[str, set[str]]:
    """What each resource needs first: its Refs, GetAtts, Subs and DependsOn, and for a
    function the Globals SAM gives it."""

    def named(value: Any) -> set[str]:
        found: set[str] = set()
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "Ref" and isinstance(inner, str):
                    found.add(inner)
                elif key == "Fn::GetAtt":
                    found.add(inner[0] if isinstance(inner, list) else inner.split(".")[0])
                elif key == "Fn::Sub":
                    text, variables = (inner, {}) if isinstance(inner, str) else inner
                    found |= {n.split(".")[0] for n in re.findall(r"\$\{([^}!]+)\}", text)} - set(variables)
                    found |= named(variables)
                else:
                    found |= named(inner)
        elif isinstance(value, list):
            for inner in value:
                found |= named(inner)
        return found

    globals_ = package.template.get("Globals", {}).get("Function", {})
    graph = {}
    for name, spec in package.resources.items():
        needed = named(spec.get("Properties", {})) | set(as_list(spec.get("DependsOn", [])))
        if spec.get("Type") == "AWS::Serverless::Function":
            needed |= named(globals_)
        graph[name] = needed & set(package.resources)
    return graph


def test_the_template_has_no_circular_dependency(package: Package) -> None:
    """CloudFormation refuses a template with one, and cfn-lint does not see one through SAM's
    Globals."""
    graph = dependencies(package)
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        assert name not in path, "circular dependency: " + " -> ".join(path[path.index(name) :] + [name])
        if name in done:
            return
        for needed in sorted(graph[name]):
            visit(needed, path + [name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    assert "DocumentsBucket" in graph["WebDistribution"] and "RestAPI" in graph["WebDistribution"]


def test_the_local_web_server_lets_the_pages_connect_to_the_local_s3_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from devstack import web

    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:5100")
    csp = web.local_security_headers()["Content-Security-Policy"]
    assert csp == web.content_security_policy("http://127.0.0.1:5100")
    assert "connect-src 'self' http://127.0.0.1:5100;" in csp and "amazonaws" not in csp
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    assert "connect-src 'self';" in web.local_security_headers()["Content-Security-Policy"]


def test_the_portal_pages_meta_policy_is_the_headers_with_the_local_s3() -> None:
    """Both apply: the browser enforces the <meta> policy and the header's. In the repository
    the page names the local S3; `make deploy-web` writes the stack's bucket there instead
    (tools/deploy_web.py, tests/package/test_deploy_web.py)."""
    from devstack import web

    page = (ROOT / "web" / "portal" / "index.html").read_text()
    (meta,) = re.findall(r'http-equiv="Content-Security-Policy"\s+content="([^"]*)"', page)
    assert meta == web.content_security_policy(LOCAL_S3, header=False)
    assert "amazonaws" not in page


DOWNLOAD_ORIGIN = "https://d111abcdef8.cloudfront.net"  # the stack parameter DocumentsDownloadOrigin


@pytest.mark.parametrize("region", ["us-east-1", "sa-east-1"])
def test_the_s3_adapters_forms_and_links_in_aws_point_at_the_origin_the_policy_names(
    package: Package, region: str
) -> None:
    """Presigned in a clean environment (no local endpoint), as in Lambda. Uploads go to the
    bucket; a download link on the download origin is what CloudFront's /firms/* behaviour
    takes and passes on to the bucket's regional endpoint, where S3 finds it signed for
    exactly the request it gets (the path and query as they came, Host the origin's domain)."""
    name = package.resources["DocumentsBucket"]["Properties"]["BucketName"]["Fn::Sub"]
    bucket = (
        name.replace("${Stage}", "dev").replace("${AWS::AccountId}", "123456789012").replace("${AWS::Region}", region)
    )
    probe = (
        "import json\n"
        "from datetime import UTC, datetime, timedelta\n"
        "from chalicelib.adapters.storage import S3DocumentStorage\n"
        f"storage = S3DocumentStorage({bucket!r})\n"
        f"routed = S3DocumentStorage({bucket!r}, download_origin={DOWNLOAD_ORIGIN!r})\n"
        "soon = datetime.now(UTC) + timedelta(seconds=30)\n"
        "form = storage.upload_form('firms/f/documents/d', 'application/pdf', 1024, soon)\n"
        "link = storage.download_link('firms/f/documents/d', 'Procuração – João.pdf', 'application/pdf', soon)\n"
        "routed_form = routed.upload_form('firms/f/documents/d', 'application/pdf', 1024, soon)\n"
        "routed_link = routed.download_link('firms/f/documents/d', 'Procuração – João.pdf', 'application/pdf', soon)\n"
        "print(json.dumps([[form.url, link, routed_form.url], routed_link]))\n"
    )
    environment = {
        "PATH": "/usr/bin:/bin",
        "AWS_DEFAULT_REGION": region,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    }
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-3000:]
    origin = DOCUMENTS_ORIGIN.replace("${DocumentsBucket}", bucket).replace("${AWS::Region}", region)
    to_the_bucket, routed = json.loads(result.stdout)
    for url in to_the_bucket:
        parts = urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}" == origin, url
    parts = urlsplit(routed)
    assert f"{parts.scheme}://{parts.netloc}" == DOWNLOAD_ORIGIN
    distribution = package.resources["WebDistribution"]["Properties"]["DistributionConfig"]
    (behaviour,) = [b for b in distribution["CacheBehaviors"] if b["PathPattern"] == "/firms/*"]
    assert parts.path.startswith("/firms/") and not behaviour.get("FunctionAssociations")
    documents = next(o for o in distribution["Origins"] if o["Id"] == behaviour["TargetOriginId"])
    host = documents["DomainName"]["Fn::Sub"].replace("${DocumentsBucket}", bucket).replace("${AWS::Region}", region)
    target = f"{parts.path}?{parts.query}"
    assert presigned_signature_holds("GET", host, target, "testing"), "S3 would refuse the link CloudFront sends on"
    assert not presigned_signature_holds("GET", parts.netloc, target, "testing")


def test_the_documents_bucket_sends_uploads_under_firms_to_its_queue_without_a_circular_dependency(
    package: Package,
) -> None:
    bucket = package.resources["DocumentsBucket"]
    (notification,) = bucket["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
    assert notification["Event"] == "s3:ObjectCreated:*"
    assert referenced(notification["Queue"]) == "DocumentsQueue"
    assert notification["Filter"]["S3Key"]["Rules"] == [{"Name": "prefix", "Value": "firms/"}]
    # S3 checks it may write to the queue when the notification is set: the policy comes
    # first, and names the bucket by its fixed name rather than by a Ref back to it.
    assert "DocumentsQueuePolicy" in as_list(bucket["DependsOn"])
    name = bucket["Properties"]["BucketName"]["Fn::Sub"]
    policy = package.resources["DocumentsQueuePolicy"]["Properties"]
    assert [referenced(q) for q in policy["Queues"]] == ["DocumentsQueue"]
    statement, verdicts = policy["PolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "s3.amazonaws.com"} and statement["Action"] == "sqs:SendMessage"
    assert verdicts["Fn::If"][0] == "ScansDocumentsForMalware" and verdicts["Fn::If"][2] == {"Ref": "AWS::NoValue"}
    assert statement["Condition"]["ArnEquals"]["aws:SourceArn"] == {"Fn::Sub": f"arn:${{AWS::Partition}}:s3:::{name}"}
    assert statement["Condition"]["StringEquals"]["aws:SourceAccount"] == {"Ref": "AWS::AccountId"}
    variables = package.template["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["PORTAL_DOCUMENTS_BUCKET"] == {"Ref": "DocumentsBucket"}
    assert variables["PORTAL_DOCUMENTS_QUEUE_URL"] == {"Ref": "DocumentsQueue"}
    statements = role_statements(package, "LambdaRole")
    for action in ("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"):
        assert grants(statements, action, "DocumentsBucket"), action
    assert grants(statements, "s3:ListBucketVersions", "DocumentsBucket")


def test_malware_scans_are_a_stack_parameter_off_by_default_and_their_verdicts_reach_the_worker(
    package: Package,
) -> None:
    """MalwareProtection=on: GuardDuty scans what lands under firms/ in the documents bucket and
    tags it (the worker refuses a tagged object), and its THREATS_FOUND verdicts go to the
    documents queue (the worker withdraws a document already checked)."""
    parameter = package.template["Parameters"]["MalwareProtection"]
    assert (parameter["Default"], parameter["AllowedValues"]) == ("off", ["off", "on"])
    assert package.template["Conditions"]["ScansDocumentsForMalware"] == {
        "Fn::Equals": [{"Ref": "MalwareProtection"}, "on"]
    }
    plan = package.resources["DocumentsMalwareProtectionPlan"]
    assert plan["Type"] == "AWS::GuardDuty::MalwareProtectionPlan" and plan["Condition"] == "ScansDocumentsForMalware"
    protected = plan["Properties"]["ProtectedResource"]["S3Bucket"]
    assert referenced(protected["BucketName"]) == "DocumentsBucket" and protected["ObjectPrefixes"] == ["firms/"]
    assert plan["Properties"]["Actions"] == {"Tagging": {"Status": "ENABLED"}}
    assert referenced(plan["Properties"]["Role"]) == "DocumentsMalwareProtectionRole"
    role = package.resources["DocumentsMalwareProtectionRole"]["Properties"]
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "malware-protection-plan.guardduty.amazonaws.com"}
    rule = package.resources["DocumentsMalwareVerdicts"]
    pattern = rule["Properties"]["EventPattern"]
    assert (pattern["source"], pattern["detail-type"]) == (
        ["aws.guardduty"],
        ["GuardDuty Malware Protection Object Scan Result"],
    )
    assert pattern["detail"]["scanResultDetails"]["scanResultStatus"] == ["THREATS_FOUND"]
    (target,) = rule["Properties"]["Targets"]
    assert referenced(target["Arn"]) == "DocumentsQueue"
    key_statements = package.resources["DocumentsQueueKey"]["Properties"]["KeyPolicy"]["Statement"]
    assert key_statements[-1]["Fn::If"][1]["Principal"] == {"Service": "events.amazonaws.com"}
