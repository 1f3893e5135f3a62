"""Create the AWS resources in moto from infra/resources.json, the same definitions the
deployment merges into `chalice package`.

moto's CloudFormation builds what it supports; the few types it lacks (and the
properties it ignores, such as TTL) are created here from the very same definitions.
Returns the functions' environment, resolved from the template's Globals the way
CloudFormation would resolve it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import boto3

ROOT = Path(__file__).resolve().parents[1]
INFRA = ROOT / "infra" / "resources.json"


def load_template() -> dict[str, Any]:
    template: dict[str, Any] = json.loads(INFRA.read_text())
    return template


@dataclass
class Deployment:
    environment: dict[str, str]
    # logical id -> (type, physical id: a table name, a queue URL, a secret ARN...)
    resources: dict[str, tuple[str, str]]


def deploy(stack_name: str, parameters: dict[str, str]) -> Deployment:
    template = load_template()
    resources = {
        name: spec for name, spec in template["Resources"].items() if "Type" in spec and _created_locally(spec["Type"])
    }
    by_cloudformation = {name: spec for name, spec in resources.items() if spec["Type"] not in HAND_MADE}
    cfn = boto3.client("cloudformation")
    body = {k: template[k] for k in ("Parameters", "Conditions") if k in template} | {"Resources": by_cloudformation}
    cfn.create_stack(
        StackName=stack_name,
        TemplateBody=json.dumps(body),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
    )
    physical = {
        r["LogicalResourceId"]: r["PhysicalResourceId"]
        for r in cfn.describe_stack_resources(StackName=stack_name)["StackResources"]
    }
    values = {name: spec.get("Default") for name, spec in template.get("Parameters", {}).items()} | parameters
    types = {name: spec["Type"] for name, spec in resources.items()}
    # Roles are not made locally (nothing enforces IAM), yet the functions' environment names
    # one (the scheduler's, passed with each schedule): a stand-in ARN, which moto accepts.
    for name, spec in template["Resources"].items():
        if spec.get("Type") == "AWS::IAM::Role":
            physical.setdefault(name, f"arn:aws:iam::000000000000:role/{stack_name}-{name}")
    values |= _push_applications(stack_name, values)
    for name, spec in resources.items():
        if spec["Type"] in HAND_MADE:
            physical[name] = HAND_MADE[spec["Type"]](
                f"{stack_name}-{name}", _resolve(spec.get("Properties", {}), physical, values)
            )
        for apply in IGNORED_BY_MOTO.get(spec["Type"], []):
            apply(physical[name], _resolve(spec.get("Properties", {}), physical, values, types))
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    return Deployment(
        environment={key: str(_resolve(value, physical, values, types)) for key, value in variables.items()},
        resources={name: (spec["Type"], physical[name]) for name, spec in resources.items()},
    )


# What the local stack does without: Chalice's own resources (Serverless::*), the documents
# worker's layer (locally the worker runs in this environment, which has the image libraries),
# the web distribution and its WAF (the devstack web server plays CloudFront's role), API
# Gateway's account setting (chalice local serves the API, with no access log), IAM, which
# nothing enforces locally, and GuardDuty's malware scans with the EventBridge rule that brings
# their verdicts (off locally: MalwareProtection defaults to off). moto's CloudFormation lacks
# CloudFront, WAFv2, bucket, queue and topic policies (moto enforces none), and the Lambda role points
# at hand-made resources (the secret) that moto's stack cannot resolve. SES's event destination is
# left out too: moto's SES never reports bounces or complaints, so the tests publish SES's events
# to the topic (created here, with its queue subscription) as SES would.
NOT_LOCAL_PREFIXES = (
    "AWS::Serverless::",
    "AWS::CloudFront::",
    "AWS::WAFv2::",
    "AWS::ApiGateway::",
    "AWS::IAM::",
    "AWS::GuardDuty::",
    "AWS::Events::",
)
NOT_LOCAL_TYPES = {
    "AWS::S3::BucketPolicy",
    "AWS::SQS::QueuePolicy",
    "AWS::SNS::TopicPolicy",
    "AWS::Lambda::LayerVersion",
    "AWS::SES::ConfigurationSetEventDestination",
}


def _created_locally(resource_type: str) -> bool:
    return not resource_type.startswith(NOT_LOCAL_PREFIXES) and resource_type not in NOT_LOCAL_TYPES


def _resolve(
    value: Any, physical: dict[str, str], parameters: dict[str, str], types: dict[str, str] | None = None
) -> Any:
    """Ref and Fn::GetAtt ...Arn/Name, which is all the template's hand-made parts and the
    properties moto ignores use (a queue's Arn is looked up: its physical id is its URL)."""
    if isinstance(value, dict):
        if "Ref" in value:
            name = value["Ref"]
            return parameters[name] if name in parameters else physical[name]
        if "Fn::GetAtt" in value:
            name, attribute = value["Fn::GetAtt"][:2]
            if attribute == "Arn" and (types or {}).get(name) == "AWS::SQS::Queue":
                return _queue_arn(physical[name])
            return physical[name]
        return {k: _resolve(v, physical, parameters, types) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, physical, parameters, types) for v in value]
    return value


def _queue_arn(queue_url: str) -> str:
    attributes = boto3.client("sqs").get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])
    arn: str = attributes["Attributes"]["QueueArn"]
    return arn


def _secret(name: str, properties: dict[str, Any]) -> str:
    import secrets

    length = properties.get("GenerateSecretString", {}).get("PasswordLength", 64)
    value = properties.get("SecretString") or secrets.token_urlsafe(length)[:length]
    arn: str = boto3.client("secretsmanager").create_secret(
        Name=name, Description=properties.get("Description", ""), SecretString=value
    )["ARN"]
    return arn


def _configuration_set(name: str, properties: dict[str, Any]) -> str:
    boto3.client("sesv2").create_configuration_set(ConfigurationSetName=name)
    return name


def _email_identity(name: str, properties: dict[str, Any]) -> str:
    identity: str = properties["EmailIdentity"]
    # moto refuses mail from an unverified sender; in AWS the identity is verified by DNS or a link.
    boto3.client("ses").verify_email_identity(EmailAddress=identity)
    return identity


def _schedule_group(name: str, properties: dict[str, Any]) -> str:
    boto3.client("scheduler").create_schedule_group(Name=name)
    return name


def _push_applications(stack_name: str, parameters: dict[str, Any]) -> dict[str, str]:
    """The SNS platform applications push notifications go through (F23): in AWS they are made
    outside the stack with the apps' credentials and passed as parameters; locally, stand-ins
    in moto (which takes any credential) for the parameters left empty."""
    sns = boto3.client("sns")
    made = {}
    for parameter, platform, attributes in (
        ("PushFcmApplicationArn", "GCM", {"PlatformCredential": "local-firebase-server-key"}),
        (
            "PushApnsApplicationArn",
            "APNS",
            {"PlatformCredential": "local-apns-private-key", "PlatformPrincipal": "local-apns-certificate"},
        ),
    ):
        if not parameters.get(parameter):
            made[parameter] = sns.create_platform_application(
                Name=f"{stack_name}-{platform.lower()}", Platform=platform, Attributes=attributes
            )["PlatformApplicationArn"]
    return made


HAND_MADE: dict[str, Callable[[str, dict[str, Any]], str]] = {
    "AWS::Scheduler::ScheduleGroup": _schedule_group,
    "AWS::SecretsManager::Secret": _secret,
    "AWS::SES::ConfigurationSet": _configuration_set,
    "AWS::SES::EmailIdentity": _email_identity,
}


def _table_ttl(table: str, properties: dict[str, Any]) -> None:
    ttl = properties.get("TimeToLiveSpecification")
    if ttl:
        boto3.client("dynamodb").update_time_to_live(TableName=table, TimeToLiveSpecification=ttl)


def _bucket_versioning(bucket: str, properties: dict[str, Any]) -> None:
    versioning = properties.get("VersioningConfiguration")
    if versioning:
        boto3.client("s3").put_bucket_versioning(
            Bucket=bucket, VersioningConfiguration={"Status": versioning["Status"]}
        )


def _bucket_public_access_block(bucket: str, properties: dict[str, Any]) -> None:
    block = properties.get("PublicAccessBlockConfiguration")
    if block:
        boto3.client("s3").put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=block)


def _bucket_cors(bucket: str, properties: dict[str, Any]) -> None:
    """CloudFormation's CorsRules in the API's words (MaxAge -> MaxAgeSeconds, Id -> ID...)."""
    rules = properties.get("CorsConfiguration", {}).get("CorsRules")
    if not rules:
        return
    names = {"MaxAge": "MaxAgeSeconds", "ExposedHeaders": "ExposeHeaders", "Id": "ID"}
    api_rules = [{names.get(k, k): v for k, v in rule.items()} for rule in rules]
    boto3.client("s3").put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": api_rules})


def _bucket_notifications(bucket: str, properties: dict[str, Any]) -> None:
    """The queue notifications (all the template has), in the API's words. Like S3, moto then
    sends the queue an s3:TestEvent."""
    queues = properties.get("NotificationConfiguration", {}).get("QueueConfigurations")
    if not queues:
        return
    configurations = []
    for queue in queues:
        configuration: dict[str, Any] = {"QueueArn": queue["Queue"], "Events": [queue["Event"]]}
        rules = queue.get("Filter", {}).get("S3Key", {}).get("Rules")
        if rules:
            configuration["Filter"] = {"Key": {"FilterRules": rules}}
        configurations.append(configuration)
    boto3.client("s3").put_bucket_notification_configuration(
        Bucket=bucket, NotificationConfiguration={"QueueConfigurations": configurations}
    )


IGNORED_BY_MOTO: dict[str, list[Callable[[str, dict[str, Any]], None]]] = {
    "AWS::DynamoDB::Table": [_table_ttl],
    # moto's CloudFormation sets a bucket's encryption and tags, and nothing else.
    "AWS::S3::Bucket": [_bucket_versioning, _bucket_public_access_block, _bucket_cors, _bucket_notifications],
}
