"""checkov over the packaged template and infra/waf.json: no failed check, and every check the
template does not meet skipped in the resource's Metadata with its reason (docs/DEPLOY.md,
"Security posture"). checkov runs from its own environment, .venv-scan (`make test` builds it)."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from .conftest import ROOT, Package

CHECKOV = ROOT / ".venv-scan" / "bin" / "checkov"
WAF_TEMPLATE = ROOT / "infra" / "waf.json"


@pytest.fixture(scope="module")
def scan(package: Package) -> list[dict[str, Any]]:
    if not CHECKOV.is_file():
        pytest.fail(f"{CHECKOV} is missing: `make test` (or `make scan`) installs it from requirements-scan.txt")
    result = subprocess.run(
        [
            str(CHECKOV),
            "--skip-download",
            "--framework",
            "cloudformation",
            "--output",
            "json",
            "--file",
            str(package.directory / "sam.json"),
            "--file",
            str(WAF_TEMPLATE),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # Exit code 1 is "a check failed"; the report says which.
    assert result.returncode in (0, 1), f"checkov exited {result.returncode}:\n{result.stderr[-4000:]}"
    report = json.loads(result.stdout)
    reports: list[dict[str, Any]] = report if isinstance(report, list) else [report]
    return reports


def test_checkov_finds_no_failed_check(scan: list[dict[str, Any]]) -> None:
    assert [r["check_type"] for r in scan] == ["cloudformation"]
    summary = scan[0]["summary"]
    assert summary["parsing_errors"] == 0, summary
    assert summary["passed"] > 0, summary
    failed = scan[0]["results"].get("failed_checks", [])
    assert not failed, (
        "checkov: fix these in infra/resources.json (or infra/waf.json), or skip one in the resource's "
        'Metadata {"checkov": {"skip": [{"id": ..., "comment": <the reason>}]}} and add it to docs/DEPLOY.md:\n'
        + "\n".join(f"{c['check_id']} {c['resource']} ({c['file_path']}): {c['check_name']}" for c in failed)
    )


def skips(package: Package) -> dict[tuple[str, str], str]:
    found = {}
    for name, spec in package.resources.items():
        for skip in spec.get("Metadata", {}).get("checkov", {}).get("skip", []):
            assert set(skip) == {"id", "comment"}, f"{name}: {skip}"
            found[(name, skip["id"])] = skip["comment"]
    return found


def test_every_skip_has_a_reason_and_skips_a_check_that_runs(package: Package, scan: list[dict[str, Any]]) -> None:
    declared = skips(package)
    assert declared
    for (name, check), comment in declared.items():
        assert len(comment) >= 60 and comment.rstrip().endswith((".", ")")), f"{name} {check}: say why ({comment!r})"
    skipped = {(c["resource"].split(".", 1)[1], c["check_id"]) for c in scan[0]["results"].get("skipped_checks", [])}
    # A skip whose check no longer runs on the resource (renamed check, fixed resource) is stale.
    assert skipped == set(declared), (
        f"stale skips: {set(declared) - skipped}; skipped elsewhere: {skipped - set(declared)}"
    )


def test_the_web_acl_for_other_regions_has_the_stack_own_rules(package: Package) -> None:
    own = package.resources["WebAcl"]
    standalone = json.loads(WAF_TEMPLATE.read_text())
    other = standalone["Resources"]["WebAcl"]["Properties"]
    for key in ("Scope", "DefaultAction", "CustomResponseBodies", "Rules"):
        assert other[key] == own["Properties"][key], f"infra/waf.json's {key} differs from WebAcl's"
    assert (
        standalone["Parameters"]["WebRequestsPerIpPer5Min"]["Default"]
        == (package.template["Parameters"]["WebRequestsPerIpPer5Min"]["Default"])
    )
    rate = own["Properties"]["Rules"][0]
    assert rate["Statement"]["RateBasedStatement"]["AggregateKeyType"] == "IP"
    assert rate["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429
    body = own["Properties"]["CustomResponseBodies"]["rate-limited"]["Content"]
    assert json.loads(body)["error"]["code"] == "rate_limited"
    # Outside us-east-1 the stack needs an ACL's ARN; in us-east-1 it makes its own.
    assert own["Condition"] == "CreatesWebAcl"
    assert "WebAclOutsideUsEast1" in package.template["Rules"]
    acl = package.resources["WebDistribution"]["Properties"]["DistributionConfig"]["WebACLId"]
    assert acl["Fn::If"][:2] == ["HasWebAclArn", {"Ref": "WebAclArn"}]


def test_a_download_links_long_signed_query_passes_the_waf_and_no_other_long_query_does(package: Package) -> None:
    """The common rule set blocks query strings over 2,048 bytes (SizeRestrictions_QUERYSTRING);
    a download link's presigned query (the function's session token, the file's name twice in
    the Content-Disposition it asks for) passes that with a long name. So that rule only counts,
    and labels the request, and the next rule blocks what it labelled outside /firms/*, the
    path S3 answers only with a valid signature."""
    rules = package.resources["WebAcl"]["Properties"]["Rules"]
    by_name = {rule["Name"]: rule for rule in rules}
    common = by_name["AWSManagedRulesCommonRuleSet"]
    overrides = common["Statement"]["ManagedRuleGroupStatement"]["RuleActionOverrides"]
    assert {"Name": "SizeRestrictions_QUERYSTRING", "ActionToUse": {"Count": {}}} in overrides
    reblock = by_name["QueryStringSizeOutsideDownloads"]
    assert reblock["Priority"] > common["Priority"], "labels are read by later rules only"
    assert reblock["Action"] == {"Block": {}}
    labelled, outside = reblock["Statement"]["AndStatement"]["Statements"]
    assert labelled == {
        "LabelMatchStatement": {
            "Scope": "LABEL",
            "Key": "awswaf:managed:aws:core-rule-set:SizeRestrictions_QueryString",
        }
    }
    downloads = outside["NotStatement"]["Statement"]["ByteMatchStatement"]
    assert (downloads["SearchString"], downloads["PositionalConstraint"]) == ("/firms/", "STARTS_WITH")
    assert downloads["FieldToMatch"] == {"UriPath": {}}
    assert downloads["TextTransformations"] == [{"Priority": 0, "Type": "NORMALIZE_PATH"}]
    behaviours = package.resources["WebDistribution"]["Properties"]["DistributionConfig"]["CacheBehaviors"]
    assert "/firms/*" in [b["PathPattern"] for b in behaviours]


def test_the_custom_domain_certificate_pins_tls_1_2(package: Package) -> None:
    certificate = package.resources["WebDistribution"]["Properties"]["DistributionConfig"]["ViewerCertificate"]
    condition, custom, default = certificate["Fn::If"]
    assert condition == "HasPortalDomain"
    assert custom["MinimumProtocolVersion"] == "TLSv1.2_2021" and custom["SslSupportMethod"] == "sni-only"
    assert default == {"CloudFrontDefaultCertificate": True}


def test_queues_are_encrypted_with_kms_and_the_role_may_use_the_key_through_sqs_only(package: Package) -> None:
    queues = package.of_type("AWS::SQS::Queue")
    assert len(queues) >= 6
    # S3 and SNS cannot use alias/aws/sqs: the queues they write to (the documents bucket's events,
    # SES's bounces and complaints through their topic) have keys of their own.
    own_key = {"DocumentsQueue": {"Ref": "DocumentsQueueKey"}, "EmailEventsQueue": {"Ref": "EmailEventsKey"}}
    for name, spec in queues.items():
        properties = spec["Properties"]
        assert properties["KmsMasterKeyId"] == {
            "Fn::If": ["HasQueueKmsKey", {"Ref": "QueueKmsKeyArn"}, own_key.get(name, "alias/aws/sqs")]
        }, name
        assert "SqsManagedSseEnabled" not in properties, name
    key_policy = package.resources["DocumentsQueueKey"]["Properties"]["KeyPolicy"]["Statement"]
    s3 = next(s for s in key_policy if s["Principal"] == {"Service": "s3.amazonaws.com"})
    assert set(s3["Action"]) == {"kms:GenerateDataKey", "kms:Decrypt"}
    assert {"ArnEquals", "StringEquals"} <= set(s3["Condition"])
    assert package.resources["DocumentsQueueKey"]["Properties"]["EnableKeyRotation"] is True
    statements = package.resources["LambdaRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    key = next(s for s in statements if s.get("Sid") == "QueueKey")
    assert set(key["Action"]) == {"kms:GenerateDataKey", "kms:Decrypt"}
    assert key["Condition"]["StringEquals"]["kms:ViaService"] == {"Fn::Sub": "sqs.${AWS::Region}.amazonaws.com"}


def test_the_email_events_topic_and_queue_share_a_key_ses_and_sns_may_use(package: Package) -> None:
    topic = package.resources["EmailEventsTopic"]["Properties"]
    assert topic["KmsMasterKeyId"] == {
        "Fn::If": ["HasQueueKmsKey", {"Ref": "QueueKmsKeyArn"}, {"Ref": "EmailEventsKey"}]
    }
    key = package.resources["EmailEventsKey"]["Properties"]
    assert key["EnableKeyRotation"] is True
    services = {s["Principal"].get("Service"): s for s in key["KeyPolicy"]["Statement"]}
    for service in ("ses.amazonaws.com", "sns.amazonaws.com"):
        assert set(services[service]["Action"]) == {"kms:GenerateDataKey", "kms:Decrypt"}, service
        assert "aws:SourceAccount" in services[service]["Condition"]["StringEquals"], service
    (queue_policy,) = package.resources["EmailEventsQueuePolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert queue_policy["Principal"] == {"Service": "sns.amazonaws.com"} and queue_policy["Action"] == "sqs:SendMessage"
    assert queue_policy["Condition"]["ArnEquals"]["aws:SourceArn"] == {"Ref": "EmailEventsTopic"}
    (topic_policy,) = package.resources["EmailEventsTopicPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert topic_policy["Principal"] == {"Service": "ses.amazonaws.com"} and topic_policy["Action"] == "sns:Publish"
    destination = package.resources["EmailEventsDestination"]["Properties"]
    assert destination["ConfigurationSetName"] == {"Ref": "EmailConfigurationSet"}
    assert sorted(destination["EventDestination"]["MatchingEventTypes"]) == ["bounce", "complaint"]
    assert destination["EventDestination"]["SnsDestination"] == {"TopicARN": {"Ref": "EmailEventsTopic"}}


def test_buckets_and_the_api_stage_log_their_access(package: Package) -> None:
    buckets = package.of_type("AWS::S3::Bucket")
    for name in ("DocumentsBucket", "WebBucket"):
        logging = buckets[name]["Properties"]["LoggingConfiguration"]
        assert logging["DestinationBucketName"] == {"Ref": "LogBucket"}, name
        assert logging["LogFilePrefix"].startswith("s3/"), name
    log_bucket = buckets["LogBucket"]
    assert log_bucket.get("DeletionPolicy") == "Retain"
    # S3 server access logs can only be written with SSE-S3.
    encryption = log_bucket["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert encryption[0]["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert [r["ExpirationInDays"] for r in log_bucket["Properties"]["LifecycleConfiguration"]["Rules"]] == [365]
    api = package.resources["RestAPI"]["Properties"]
    assert api["TracingEnabled"] is True
    log_format = json.loads(api["AccessLogSetting"]["Format"])
    assert {"requestId", "sourceIp", "status", "path"} <= set(log_format)
    assert "Authorization" not in api["AccessLogSetting"]["Format"]
    assert package.resources["ApiAccessLogGroup"]["Properties"]["RetentionInDays"] >= 365
