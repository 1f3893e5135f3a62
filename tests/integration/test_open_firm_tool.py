"""The operator's tool opens a firm on a deployed stack, reading the stack's own API
function environment; the first admin is invited by e-mail.

moto cannot describe a Lambda function in its data dump without Docker, so this runs in a
process of its own, against a moto server of its own."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import json, sys, uuid
    import boto3
    from tests.support import stack

    moto = stack.start("law-portal-tool")
    template = {"Resources": {
        "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": \
{"Version": "2012-10-17", "Statement": []}}},
        "APIHandler": {"Type": "AWS::Lambda::Function", "Properties": {
            "Runtime": "python3.11", "Handler": "app.app", "Role": {"Fn::GetAtt": ["Role", "Arn"]},
            "Code": {"ZipFile": "app = None"}, "Environment": {"Variables": moto.environment}}}}}
    boto3.client("cloudformation").create_stack(StackName="deployed", TemplateBody=json.dumps(template))

    from tools import open_firm
    sys.argv = ["open_firm", "--stack", "deployed", "--name", "Costa Advogados", "--slug", "costa",
                "--admin-email", "ana@costa.example.com", "--admin-name", "Ana Costa"]
    open_firm.main()

    from chalicelib.bootstrap import services
    firm = services().adapters.firms.by_slug("costa")
    admin = services().adapters.staff.by_email(firm.id, "ana@costa.example.com")
    messages = boto3.client("sqs").receive_message(QueueUrl=moto.environment["PORTAL_NOTIFICATIONS_QUEUE_URL"], \
MaxNumberOfMessages=10)["Messages"]
    print(json.dumps({"enabled": firm.portal.enabled, "admin": admin.status, "hash": admin.credentials.password_hash,
                      "queued": [json.loads(m["Body"]) for m in messages]}))
    moto.stop()
    """
)


def test_open_firm_invites_the_first_admin() -> None:
    import json

    run = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["enabled"] is False and result["admin"] == "invited" and result["hash"] is None
    assert [(m["kind"], m["principal_kind"]) for m in result["queued"]] == [("invitation", "staff")]
    assert "Opened firm" in run.stdout
