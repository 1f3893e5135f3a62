"""F04: the client directory."""

from __future__ import annotations

from chalice import Blueprint

from ..bootstrap import services
from ..domain.clients import Client, ClientInput, ClientListQuery, ClientUpdate
from ..domain.common import Page
from .http import Audience, RequestContext, endpoint

bp = Blueprint(__name__)


@endpoint(
    bp,
    "GET",
    "/clients",
    audience=Audience.STAFF,
    tag="clients",
    query=ClientListQuery,
    response=Page[Client],
    summary="Clients by name, a page at a time; `q` searches name words and e-mails by prefix.",
)
def list_clients(ctx: RequestContext, query: ClientListQuery) -> Page[Client]:
    return services().clients.list(ctx.signed_in().firm_id, query.q, query.cursor, query.limit)


@endpoint(
    bp,
    "POST",
    "/clients",
    audience=Audience.STAFF,
    tag="clients",
    body=ClientInput,
    response=Client,
    status=201,
    summary="Add a client.",
)
def create_client(ctx: RequestContext, body: ClientInput) -> Client:
    return services().clients.create(ctx.signed_in().actor, body)


@endpoint(
    bp, "GET", "/clients/{client_id}", audience=Audience.STAFF, tag="clients", response=Client, summary="One client."
)
def get_client(ctx: RequestContext, client_id: str) -> Client:
    return services().clients.get(ctx.signed_in().firm_id, client_id)


@endpoint(
    bp,
    "PUT",
    "/clients/{client_id}",
    audience=Audience.STAFF,
    tag="clients",
    body=ClientUpdate,
    response=Client,
    summary="Edit a client (send the version you read; 409 if it changed).",
)
def update_client(ctx: RequestContext, client_id: str, body: ClientUpdate) -> Client:
    return services().clients.update(ctx.signed_in().actor, client_id, body)


@endpoint(
    bp,
    "DELETE",
    "/clients/{client_id}",
    audience=Audience.STAFF,
    tag="clients",
    status=204,
    summary="Delete a client and their portal access.",
)
def delete_client(ctx: RequestContext, client_id: str) -> None:
    services().clients.delete(ctx.signed_in().actor, client_id)
