"""F04: the client directory."""

from __future__ import annotations

from chalice.app import Blueprint

from ..bootstrap import services
from ..domain.clients import Client, ClientInput, ClientListQuery, ClientUpdate
from ..domain.common import Page
from .http import Audience, RequestContext, endpoint

bp = Blueprint(__name__)


@endpoint(
    bp,
    "GET",
    "/clients",
    operation_id="listClients",
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
    operation_id="createClient",
    audience=Audience.STAFF,
    tag="clients",
    body=ClientInput,
    response=Client,
    status=201,
    summary="Add a client (409 `email_in_use` when another client has one of the e-mails; its id is in the details).",
)
def create_client(ctx: RequestContext, body: ClientInput) -> Client:
    return services().clients.create(ctx.signed_in().actor, body)


@endpoint(
    bp,
    "GET",
    "/clients/{client_id}",
    operation_id="getClient",
    audience=Audience.STAFF,
    tag="clients",
    response=Client,
    summary="One client.",
)
def get_client(ctx: RequestContext, client_id: str) -> Client:
    return services().clients.get(ctx.signed_in().firm_id, client_id)


@endpoint(
    bp,
    "PUT",
    "/clients/{client_id}",
    operation_id="changeClient",
    audience=Audience.STAFF,
    tag="clients",
    body=ClientUpdate,
    response=Client,
    summary=(
        "Edit a client (send the version you read; 409 if it changed, "
        "or `email_in_use` for an e-mail another client has)."
    ),
)
def update_client(ctx: RequestContext, client_id: str, body: ClientUpdate) -> Client:
    return services().clients.update(ctx.signed_in().actor, client_id, body)


@endpoint(
    bp,
    "DELETE",
    "/clients/{client_id}",
    operation_id="deleteClient",
    audience=Audience.STAFF,
    tag="clients",
    status=204,
    summary="Delete a client and their portal access (a client who has an access: admins only, 403 otherwise).",
)
def delete_client(ctx: RequestContext, client_id: str) -> None:
    caller = ctx.signed_in()
    services().clients.delete(caller.actor, client_id, admin=caller.role == "admin")
