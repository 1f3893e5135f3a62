"""The Chalice app: middleware and blueprints, nothing else (the code is in chalicelib/)."""

from chalice.app import Chalice

from chalicelib.handlers import (
    accesses,
    audit,
    auth,
    clients,
    consultations,
    devices,
    documents,
    feed,
    firm,
    integration,
    matters,
    notifications,
    openapi,
    portal,
    preferences,
    staff,
    templates,
    timeline,
    translations,
)
from chalicelib.handlers.middleware import http_middleware, sqs_middleware

app = Chalice(app_name="law-portal")
app.register_middleware(http_middleware, "http")
app.register_middleware(sqs_middleware, "sqs")

for area in (
    auth,
    firm,
    staff,
    clients,
    accesses,
    audit,
    matters,
    timeline,
    translations,
    portal,
    integration,
    documents,
    openapi,
    notifications,
    templates,
    preferences,
    feed,
    devices,
    consultations,
):
    app.register_blueprint(area.bp)
