"""F18 through HTTP, S3 and DynamoDB in moto: a client's upload goes straight to S3 with the
API's form, is checked, and comes back only as a minute-long link with the right headers,
through the download origin (the local web server, in CloudFront's place) that adds nosniff."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import boto3
import requests

from tests.support.document_fixtures import html_named_pdf, pdf
from tests.support.documents import post_form
from tests.support.portal import PortalDriver

NAME = "Procuração – João.pdf"


def start(portal: PortalDriver, token: str, name: str, content_type: str, size: int) -> dict[str, Any]:
    body = {"files": [{"file_name": name, "content_type": content_type, "size": size}]}
    (ticket,) = portal.ok("POST", "/portal/documents/uploads", token, body, status=201)
    return dict(ticket)


def followed(link: dict[str, Any], data: bytes, mime: str) -> None:
    """A download link as a browser follows it: on the download origin, valid a minute at most,
    answering the bytes as an attachment named per RFC 6266, of the detected type, with nosniff."""
    url = urlsplit(link["url"])
    origin = urlsplit(os.environ["PORTAL_DOCUMENTS_DOWNLOAD_ORIGIN"])
    assert (url.scheme, url.netloc) == (origin.scheme, origin.netloc)
    query = {name: values[0] for name, values in parse_qs(url.query).items()}
    assert 0 < int(query["X-Amz-Expires"]) <= 60 and query["X-Amz-SignedHeaders"] == "host"
    # S3 refuses it from X-Amz-Date + X-Amz-Expires on (moto does not): never after the promise.
    signed_at = datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    expires_at = datetime.fromisoformat(link["expires_at"])
    assert expires_at - timedelta(seconds=2) <= signed_at + timedelta(seconds=int(query["X-Amz-Expires"])) <= expires_at
    fetched = requests.get(link["url"], timeout=10)
    assert fetched.status_code == 200 and fetched.content == data
    disposition = fetched.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and f"filename*=UTF-8''{quote(NAME)}" in disposition
    assert fetched.headers["Content-Type"] == mime
    assert fetched.headers["X-Content-Type-Options"] == "nosniff"


def test_a_pdf_sent_from_the_phone_is_checked_and_downloads_with_its_name_intact(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    _, token = portal.invited_client(firm)
    upload = pdf()
    ticket = start(portal, token, NAME, "application/pdf", len(upload.data))
    assert ticket["document"]["status"] == "awaiting_upload" and "key" not in ticket["document"]
    post_form(ticket["form"], upload.data, "application/pdf", NAME)
    portal.pump.drain()  # S3 notifies the documents queue; the worker checks the object

    (listed,) = portal.ok("GET", "/portal/documents", token)["items"]
    assert (listed["file_name"], listed["status"], listed["mime"]) == (NAME, "available", "application/pdf")
    followed(portal.ok("GET", f"/portal/documents/{listed['id']}/download", token), upload.data, listed["mime"])
    # The firm downloads it the same way.
    followed(portal.ok("GET", f"/documents/{listed['id']}/download", firm.admin_token), upload.data, listed["mime"])


def test_an_html_file_named_pdf_is_refused_with_its_reason_and_deleted(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    _, token = portal.invited_client(firm)
    upload = html_named_pdf()
    ticket = start(portal, token, upload.file_name, "application/pdf", len(upload.data))
    post_form(ticket["form"], upload.data, "application/pdf", upload.file_name)
    portal.pump.drain()
    (listed,) = portal.ok("GET", "/portal/documents", token)["items"]
    assert listed["status"] == "refused" and listed["refusal"] == "disguised" and listed["refusal_message"]
    key = ticket["form"]["fields"]["key"]
    versions = boto3.client("s3").list_object_versions(Bucket=os.environ["PORTAL_DOCUMENTS_BUCKET"], Prefix=key)
    assert versions.get("Versions", []) == [] and versions.get("DeleteMarkers", []) == []
    assert portal.call("GET", f"/portal/documents/{listed['id']}/download", token).status_code == 404


def test_a_kind_of_file_outside_the_list_gets_no_form_and_leaves_nothing(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    _, token = portal.invited_client(firm)
    body = {"files": [{"file_name": "pagina.html", "content_type": "text/html", "size": 10}]}
    refused = portal.call("POST", "/portal/documents/uploads", token, body=body)
    assert refused.status_code == 422 and refused.json_body["error"]["details"][0]["path"] == "files.0.content_type"
    assert portal.ok("GET", "/portal/documents", token)["items"] == []


def test_a_malware_verdict_from_guardduty_withdraws_a_document_already_received(portal: PortalDriver) -> None:
    """With MalwareProtection=on, EventBridge brings GuardDuty's verdicts to the documents queue
    (infra/resources.json); here the message is sent to the local queue as EventBridge would."""
    firm = portal.open_firm()
    _, token = portal.invited_client(firm)
    upload = pdf()
    ticket = start(portal, token, NAME, "application/pdf", len(upload.data))
    post_form(ticket["form"], upload.data, "application/pdf", NAME)
    portal.pump.drain()
    document_id = ticket["document"]["id"]
    assert portal.call("GET", f"/portal/documents/{document_id}/download", token).status_code == 200
    key = ticket["form"]["fields"]["key"]
    verdict = {
        "version": "0",
        "source": "aws.guardduty",
        "detail-type": "GuardDuty Malware Protection Object Scan Result",
        "detail": {
            "s3ObjectDetails": {"bucketName": os.environ["PORTAL_DOCUMENTS_BUCKET"], "objectKey": key},
            "scanStatus": "COMPLETED",
            "scanResultDetails": {"scanResultStatus": "THREATS_FOUND", "threats": [{"name": "EICAR-Test-File"}]},
        },
    }
    boto3.client("sqs").send_message(QueueUrl=os.environ["PORTAL_DOCUMENTS_QUEUE_URL"], MessageBody=json.dumps(verdict))
    portal.pump.drain()
    (listed,) = portal.ok("GET", "/portal/documents", token)["items"]
    assert (listed["status"], listed["refusal"]) == ("refused", "malware")
    assert portal.call("GET", f"/portal/documents/{document_id}/download", token).status_code == 404
    versions = boto3.client("s3").list_object_versions(Bucket=os.environ["PORTAL_DOCUMENTS_BUCKET"], Prefix=key)
    assert versions.get("Versions", []) == [] and versions.get("DeleteMarkers", []) == []
