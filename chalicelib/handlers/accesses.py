"""F05-F08: admins manage each client's portal access."""

from __future__ import annotations

from chalice.app import Blueprint

from ..bootstrap import services
from ..domain.accesses import AccessGrant, ProfileChange
from ..domain.identity import TokenPair
from .http import Audience, RequestContext, endpoint
from .views import AccessView

bp = Blueprint(__name__)
ACCESS = "/clients/{client_id}/access"


@endpoint(
    bp,
    "GET",
    ACCESS,
    operation_id="getAccess",
    audience=Audience.ADMIN,
    tag="accesses",
    response=AccessView,
    summary="The client's portal access.",
)
def get_access(ctx: RequestContext, client_id: str) -> AccessView:
    return AccessView.of(services().accesses.get(ctx.signed_in().firm_id, client_id))


@endpoint(
    bp,
    "POST",
    ACCESS,
    operation_id="grantAccess",
    audience=Audience.ADMIN,
    tag="accesses",
    body=AccessGrant,
    response=AccessView,
    status=201,
    summary="Grant account or link access; the invitation (or link) is e-mailed.",
)
def grant_access(ctx: RequestContext, client_id: str, body: AccessGrant) -> AccessView:
    return AccessView.of(services().accesses.grant(ctx.signed_in().actor, client_id, body))


@endpoint(
    bp,
    "PUT",
    ACCESS + "/profile",
    operation_id="changeAccessProfile",
    audience=Audience.ADMIN,
    tag="accesses",
    body=ProfileChange,
    response=AccessView,
    summary="Change what the client may see (send the version you read; 409 if it changed).",
)
def change_profile(ctx: RequestContext, client_id: str, body: ProfileChange) -> AccessView:
    return AccessView.of(services().accesses.change_profile(ctx.signed_in().actor, client_id, body))


@endpoint(
    bp,
    "POST",
    ACCESS + "/resend",
    operation_id="resendAccessInvitation",
    audience=Audience.ADMIN,
    tag="accesses",
    response=AccessView,
    summary="Send the invitation (or access link) again; the previous link stops working.",
)
def resend_access(ctx: RequestContext, client_id: str) -> AccessView:
    return AccessView.of(services().accesses.resend(ctx.signed_in().actor, client_id))


@endpoint(
    bp,
    "POST",
    ACCESS + "/block",
    operation_id="blockAccess",
    audience=Audience.ADMIN,
    tag="accesses",
    response=AccessView,
    summary="Block the access; the client's next request fails.",
)
def block_access(ctx: RequestContext, client_id: str) -> AccessView:
    return AccessView.of(services().accesses.block(ctx.signed_in().actor, client_id))


@endpoint(
    bp,
    "POST",
    ACCESS + "/unblock",
    operation_id="unblockAccess",
    audience=Audience.ADMIN,
    tag="accesses",
    response=AccessView,
    summary="Unblock the access.",
)
def unblock_access(ctx: RequestContext, client_id: str) -> AccessView:
    return AccessView.of(services().accesses.unblock(ctx.signed_in().actor, client_id))


@endpoint(
    bp,
    "DELETE",
    ACCESS,
    operation_id="deleteAccess",
    audience=Audience.ADMIN,
    tag="accesses",
    status=204,
    summary="Remove the access; the client stays in the directory.",
)
def remove_access(ctx: RequestContext, client_id: str) -> None:
    services().accesses.remove(ctx.signed_in().actor, client_id)


@endpoint(
    bp,
    "POST",
    ACCESS + "/simulation",
    operation_id="simulateAccess",
    audience=Audience.ADMIN,
    tag="accesses",
    response=TokenPair,
    summary="A read-only session that sees the portal exactly as this client does (audited).",
)
def simulate_client(ctx: RequestContext, client_id: str) -> TokenPair:
    return services().auth.simulate(ctx.signed_in(), client_id)
