"""Signing in and out, passwords, invitations and access links (F05, F06)."""

from __future__ import annotations

from chalice.app import Blueprint

from ..bootstrap import services
from ..domain.auth import (
    Caller,
    EmailedLinkRequest,
    InvitationAcceptance,
    InvitationDetails,
    LinkToken,
    PasswordChange,
    PasswordReset,
    Refresh,
    SignIn,
    SignOut,
)
from ..domain.clients import LanguageChoice
from ..domain.identity import PrincipalKind, TokenPair
from .http import Audience, RequestContext, endpoint
from .views import Accepted, Me

bp = Blueprint(__name__)
KIND = {"kind": PrincipalKind}
EMAIL_SENT = "If this address has access, an e-mail is on its way."


@endpoint(
    bp,
    "POST",
    "/auth/{kind}/sign-in",
    operation_id="signIn",
    audience=Audience.PUBLIC,
    tag="auth",
    path_params=KIND,
    body=SignIn,
    response=TokenPair,
    summary="Sign in with e-mail and password (kind: staff or client).",
)
def sign_in(ctx: RequestContext, kind: PrincipalKind, body: SignIn) -> TokenPair:
    return services().auth.sign_in(body.portal, kind, body.email, body.password, ctx.address)


@endpoint(
    bp,
    "POST",
    "/auth/refresh",
    operation_id="refreshSession",
    audience=Audience.PUBLIC,
    tag="auth",
    body=Refresh,
    response=TokenPair,
    summary="Trade a refresh token for new tokens; the refresh token rotates.",
)
def refresh(ctx: RequestContext, body: Refresh) -> TokenPair:
    return services().auth.refresh(body.refresh_token)


@endpoint(
    bp,
    "POST",
    "/auth/sign-out",
    operation_id="signOut",
    audience=Audience.SIGNED_IN,
    tag="auth",
    body=SignOut,
    status=204,
    read_only_ok=True,
    summary="End this session (or every session of the account).",
)
def sign_out(ctx: RequestContext, body: SignOut) -> None:
    services().auth.sign_out(ctx.signed_in(), everywhere=body.everywhere)


@endpoint(
    bp,
    "POST",
    "/auth/password",
    operation_id="changePassword",
    audience=Audience.SIGNED_IN,
    tag="auth",
    body=PasswordChange,
    response=TokenPair,
    summary="Change the password; every other session ends.",
)
def change_password(ctx: RequestContext, body: PasswordChange) -> TokenPair:
    return services().auth.change_password(ctx.signed_in(), body.current_password, body.new_password)


@endpoint(
    bp,
    "POST",
    "/auth/{kind}/forgot-password",
    operation_id="requestPasswordReset",
    audience=Audience.PUBLIC,
    tag="auth",
    path_params=KIND,
    body=EmailedLinkRequest,
    response=Accepted,
    status=202,
    summary="E-mail a password-reset link. Answers the same whether or not the address is known.",
)
def forgot_password(ctx: RequestContext, kind: PrincipalKind, body: EmailedLinkRequest) -> Accepted:
    services().auth.request_password_reset(body.portal, kind, body.email, ctx.address)
    return Accepted(message=EMAIL_SENT)


@endpoint(
    bp,
    "POST",
    "/auth/{kind}/reset-password",
    operation_id="resetPassword",
    audience=Audience.PUBLIC,
    tag="auth",
    path_params=KIND,
    body=PasswordReset,
    response=TokenPair,
    summary="Set a new password with the e-mailed reset link; signs in.",
)
def reset_password(ctx: RequestContext, kind: PrincipalKind, body: PasswordReset) -> TokenPair:
    return services().auth.reset_password(body.portal, kind, body.token, body.new_password, ctx.address)


@endpoint(
    bp,
    "POST",
    "/auth/{kind}/invitation",
    operation_id="getInvitation",
    audience=Audience.PUBLIC,
    tag="auth",
    path_params=KIND,
    body=LinkToken,
    response=InvitationDetails,
    summary="What an invitation link is for, without using it up.",
)
def describe_invitation(ctx: RequestContext, kind: PrincipalKind, body: LinkToken) -> InvitationDetails:
    return services().auth.describe_invitation(body.portal, kind, body.token, ctx.address)


@endpoint(
    bp,
    "POST",
    "/auth/{kind}/invitation/accept",
    operation_id="acceptInvitation",
    audience=Audience.PUBLIC,
    tag="auth",
    path_params=KIND,
    body=InvitationAcceptance,
    response=TokenPair,
    summary="Set the first password with an invitation link; signs in.",
)
def accept_invitation(ctx: RequestContext, kind: PrincipalKind, body: InvitationAcceptance) -> TokenPair:
    return services().auth.accept_invitation(body.portal, kind, body.token, body.password, ctx.address)


@endpoint(
    bp,
    "POST",
    "/auth/client/access-link",
    operation_id="sendAccessLink",
    audience=Audience.PUBLIC,
    tag="auth",
    body=EmailedLinkRequest,
    response=Accepted,
    status=202,
    summary="E-mail a fresh access link to a client with link access. Answers the same for unknown addresses.",
)
def request_access_link(ctx: RequestContext, body: EmailedLinkRequest) -> Accepted:
    services().auth.request_access_link(body.portal, body.email, ctx.address)
    return Accepted(message=EMAIL_SENT)


@endpoint(
    bp,
    "POST",
    "/auth/client/link-session",
    operation_id="openLinkSession",
    audience=Audience.PUBLIC,
    tag="auth",
    body=LinkToken,
    response=TokenPair,
    summary="Open the read-only session of an e-mailed access link.",
)
def open_link_session(ctx: RequestContext, body: LinkToken) -> TokenPair:
    return services().auth.open_access_link(body.portal, body.token, ctx.address)


@endpoint(
    bp,
    "GET",
    "/me",
    operation_id="getMe",
    audience=Audience.SIGNED_IN,
    tag="auth",
    response=Me,
    summary="Who is signed in. The firm's branding comes from GET /portals/{slug} or GET /firm.",
)
def me(ctx: RequestContext) -> Me:
    return _describe(ctx.signed_in())


def _describe(caller: Caller) -> Me:
    common = {"read_only": caller.claims.read_only, "simulated_by": caller.claims.simulated_by}
    if caller.staff:
        s = caller.staff
        return Me(kind="staff", id=s.id, name=s.name, email=s.email, role=s.role, **common)
    assert caller.access is not None
    client = services().clients.get(caller.firm_id, caller.access.client_id)
    return Me(
        kind="client",
        id=client.id,
        name=client.name,
        email=caller.access.email,
        language=client.language,
        profile=caller.access.profile,
        **common,
    )


@endpoint(
    bp,
    "PUT",
    "/me/language",
    operation_id="changeMyLanguage",
    audience=Audience.CLIENT,
    tag="auth",
    body=LanguageChoice,
    response=Me,
    summary="The client chooses the portal's (and the e-mails') language.",
)
def choose_language(ctx: RequestContext, body: LanguageChoice) -> Me:
    caller = ctx.signed_in()
    assert caller.access is not None
    services().clients.set_language(caller.actor, caller.access.client_id, body.language)
    return _describe(caller)
