"""Keep the local stack's data across restarts: moto keeps everything in memory, so the
tables and secrets are written to a git-ignored folder (on exit and every minute) and put
back into the fresh resources on the next start. A maintenance tool, so it may Scan."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import boto3

from .resources import Deployment

STATE_FILE = "state.json"


def _by_type(deployment: Deployment, kind: str) -> dict[str, str]:
    return {name: physical for name, (type_, physical) in deployment.resources.items() if type_ == kind}


def dump(deployment: Deployment, folder: Path) -> None:
    dynamodb = boto3.client("dynamodb")
    tables: dict[str, list[dict[str, Any]]] = {}
    for name, table in _by_type(deployment, "AWS::DynamoDB::Table").items():
        items: list[dict[str, Any]] = []
        for page in dynamodb.get_paginator("scan").paginate(TableName=table):
            items.extend(page["Items"])
        tables[name] = items
    secrets = {
        name: boto3.client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"]
        for name, arn in _by_type(deployment, "AWS::SecretsManager::Secret").items()
    }
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / (STATE_FILE + ".tmp")
    temporary.write_text(json.dumps({"tables": tables, "secrets": secrets}))
    os.replace(temporary, folder / STATE_FILE)


def restore(deployment: Deployment, folder: Path) -> bool:
    path = folder / STATE_FILE
    if not path.exists():
        return False
    state = json.loads(path.read_text())
    dynamodb = boto3.client("dynamodb")
    tables = _by_type(deployment, "AWS::DynamoDB::Table")
    for name, items in state["tables"].items():
        if name not in tables:
            continue
        for start in range(0, len(items), 25):
            requests = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
            unprocessed = {tables[name]: requests}
            while unprocessed:
                unprocessed = dynamodb.batch_write_item(RequestItems=unprocessed).get("UnprocessedItems") or {}
    secrets = _by_type(deployment, "AWS::SecretsManager::Secret")
    for name, value in state["secrets"].items():
        if name in secrets:
            boto3.client("secretsmanager").put_secret_value(SecretId=secrets[name], SecretString=value)
    return True
