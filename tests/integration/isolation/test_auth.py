"""Tenant isolation (B5) of chalicelib/handlers/auth.py: signing in, sessions, e-mailed links and /me
(public unless said otherwise).

Each entry is tried by the four callers of matrix.py, which holds the machinery and says
how to add an entry."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import pytest

from tests.integration.isolation.matrix import (
    NEW_PASSWORD,
    PASSWORD,
    Request,
    Route,
    World,
    bearer,
    cases,
    check,
    made_up_link,
    own,
    public,
)


def fresh_password_holder(w: World, prepared: dict[str, Any]) -> dict[str, str]:
    """A new client of firm A with a password of its own (nobody else's current password)."""
    prepared["password"] = f"holder password {secrets.token_hex(4)}"
    holder = w.fresh_client("account", "active", password=prepared["password"])
    return bearer(holder["session"]["access_token"])


def link_routes(
    route: str,
    purpose: str,
    subject: Callable[[World], tuple[str, str]],
    owner_body: Callable[[World, dict[str, Any]], dict[str, Any]],
) -> dict[str, Any]:
    """The public routes that redeem an e-mailed link (`purpose`: invite, reset, link).
    `subject(w)` makes a client of firm A with such a link and returns (its id, the link's token)."""

    def path(kind: str) -> str:
        return route.format(kind=kind)

    def prepare(w: World) -> dict[str, Any]:
        principal_id, token = subject(w)
        return {"principal_id": principal_id, "token": token}

    def attempt(
        portal: Callable[[World], str], token: Callable[[World, dict[str, Any]], str]
    ) -> Callable[[World, dict[str, Any]], Request]:
        return lambda w, c: Request(
            "POST", path("client"), {**owner_body(w, c), "portal": portal(w), "token": token(w, c)}
        )

    return {
        "prepare": prepare,
        "attempts": {
            # firm B's genuine link, on firm A's portal
            "other_firm_staff": attempt(lambda w: w.a.slug, lambda w, c: w.b_links[purpose]),
            # firm A's genuine link, on firm B's portal
            "other_firm_client": attempt(lambda w: w.b.slug, lambda w, c: c["token"]),
            # knowing whose link it is is not enough: the subject's id with a made-up secret
            "same_firm_client": attempt(lambda w: w.a.slug, lambda w, c: made_up_link(c["principal_id"])),
            # a made-up link for an id nobody has
            "anonymous": attempt(lambda w: w.a.slug, lambda w, c: made_up_link()),
        },
        "owner_request": lambda w, c: Request(
            "POST", path("client"), {**owner_body(w, c), "portal": w.a.slug, "token": c["token"]}
        ),
        "expect": 401,
    }


def pending_invitation(w: World) -> tuple[str, str]:
    client = w.fresh_client("account")
    return client["id"], w.link_token(client["emails"][0], "invite")


def pending_reset(w: World) -> tuple[str, str]:
    client = w.fresh_client("account", "active")
    w.ok("POST", "/auth/client/forgot-password", {}, {"portal": w.a.slug, "email": client["emails"][0]}, 202)
    return client["id"], w.link_token(client["emails"][0], "reset")


def open_access_link(w: World) -> tuple[str, str]:
    client = w.fresh_client("link")
    return client["id"], w.link_token(client["emails"][0], "link")


def emailed_link_request(kind_route: str, owner_email: Callable[[World], str], owner_kind: str) -> dict[str, Any]:
    """forgot-password and access-link: the same 202 whoever asks (no account enumeration),
    and no link into firm A's portal is ever mailed to someone outside it."""

    def path(kind: str) -> str:
        return kind_route.format(kind=kind)

    return {
        "attempts": {
            "other_firm_staff": lambda w, c: Request(
                "POST", path("staff"), {"portal": w.a.slug, "email": w.b.admin["email"]}
            ),
            "other_firm_client": lambda w, c: Request(
                "POST", path("client"), {"portal": w.a.slug, "email": w.b_client["emails"][0]}
            ),
            # a client of firm A asking for what only another kind of account (or another client) may get
            "same_firm_client": lambda w, c: Request(
                "POST", path("staff"), {"portal": w.a.slug, "email": w.other_client["emails"][0]}
            ),
            "anonymous": lambda w, c: Request(
                "POST", path("client"), {"portal": w.a.slug, "email": f"nobody.{secrets.token_hex(3)}@example.com"}
            ),
        },
        "owner_request": lambda w, c: Request("POST", path(owner_kind), {"portal": w.a.slug, "email": owner_email(w)}),
        "expect": 202,
        "ok": 202,
        "same_answer_as_owner": True,
    }


def swap_firm(refresh_token: str, firm_id: str) -> str:
    _, session_id, secret = refresh_token.split(".", 2)
    return f"{firm_id}.{session_id}.{secret}"


def use_refresh(w: World, c: dict[str, Any], answer: Any) -> None:
    w.client_refresh = answer["refresh_token"]  # it rotated


ROUTES: list[Route] = [
    public(
        "POST",
        "/auth/{kind}/sign-in",
        "Public: the sign-in form. Credentials are checked within the portal named in the body, so "
        "another firm's (or another kind of) credentials fail there like wrong ones, saying nothing about firm A.",
        attempts={
            "other_firm_staff": lambda w, c: Request(
                "POST", "/auth/staff/sign-in", {"portal": w.a.slug, "email": w.b.admin["email"], "password": PASSWORD}
            ),
            "other_firm_client": lambda w, c: Request(
                "POST",
                "/auth/client/sign-in",
                {"portal": w.a.slug, "email": w.b_client["emails"][0], "password": PASSWORD},
            ),
            "same_firm_client": lambda w, c: Request(
                "POST",
                "/auth/staff/sign-in",
                {"portal": w.a.slug, "email": w.other_client["emails"][0], "password": PASSWORD},
            ),
            "anonymous": lambda w, c: Request(
                "POST",
                "/auth/client/sign-in",
                {"portal": w.a.slug, "email": w.client["emails"][0], "password": "not the password at all"},
            ),
        },
        owner_request=lambda w, c: Request(
            "POST", "/auth/staff/sign-in", {"portal": w.a.slug, "email": w.staff["email"], "password": PASSWORD}
        ),
        expect=401,
    ),
    public(
        "POST",
        "/auth/refresh",
        "Public: the refresh token is the credential. It names its firm and session, so another firm's token "
        "relabelled with firm A's id, another client's session id with one's own secret, or a made-up token get 401.",
        attempts={
            "other_firm_staff": lambda w, c: Request(
                "POST", "/auth/refresh", {"refresh_token": swap_firm(w.b_admin_refresh, w.a.id)}
            ),
            "other_firm_client": lambda w, c: Request(
                "POST", "/auth/refresh", {"refresh_token": swap_firm(w.b_client_refresh, w.a.id)}
            ),
            # client 1's (spare) session id with client 2's own secret; the reuse check ends that spare session
            "same_firm_client": lambda w, c: Request(
                "POST",
                "/auth/refresh",
                {
                    "refresh_token": f"{w.a.id}.{w.client_spare_refresh.split('.')[1]}."
                    f"{w.other_client_refresh.split('.', 2)[2]}"
                },
            ),
            "anonymous": lambda w, c: Request(
                "POST",
                "/auth/refresh",
                {"refresh_token": f"{w.a.id}.{secrets.token_hex(16)}.{secrets.token_urlsafe(32)}"},
            ),
        },
        owner_request=lambda w, c: Request("POST", "/auth/refresh", {"refresh_token": w.client_refresh}),
        after_owner=use_refresh,
        expect=401,
    ),
    own(
        "POST",
        "/auth/sign-out",
        "Ends the caller's own session: others are signed out of their own accounts, never out of firm A's.",
        body=lambda w, p: {"everywhere": False},
        ok=204,
        fresh_sessions=True,
        owner_session=lambda w, c: w.fresh_session("owner"),
    ),
    own(
        "POST",
        "/auth/password",
        "Changes the caller's own password and needs the current one: firm A's holder's current password "
        "is not anyone else's, so others get 401 and firm A's holder can still change theirs.",
        body=lambda w, p: {"current_password": p["password"], "new_password": NEW_PASSWORD},
        owner_session=fresh_password_holder,
        served=401,
    ),
    public(
        "POST",
        "/auth/{kind}/forgot-password",
        "Public: asks for a reset e-mail. The answer is the same for every address (no enumeration), and "
        "the link goes only to an account of that portal: nobody outside firm A gets a reset link into it.",
        no_mail="reset",
        **emailed_link_request("/auth/{kind}/forgot-password", lambda w: w.staff["email"], "staff"),
    ),
    public(
        "POST",
        "/auth/{kind}/reset-password",
        "Public: redeems an e-mailed reset link. A link works only in its own firm's portal and only with its secret.",
        **link_routes(
            "/auth/{kind}/reset-password", "reset", pending_reset, lambda w, c: {"new_password": NEW_PASSWORD}
        ),
    ),
    public(
        "POST",
        "/auth/{kind}/invitation",
        "Public: tells the invitation page whose invitation a link is. Same rules as every e-mailed link.",
        **link_routes("/auth/{kind}/invitation", "invite", pending_invitation, lambda w, c: {}),
    ),
    public(
        "POST",
        "/auth/{kind}/invitation/accept",
        "Public: sets the first password with an invitation link. Same rules as every e-mailed link.",
        **link_routes(
            "/auth/{kind}/invitation/accept", "invite", pending_invitation, lambda w, c: {"password": NEW_PASSWORD}
        ),
    ),
    public(
        "POST",
        "/auth/client/access-link",
        "Public: asks for a fresh access link (link access). Same answer for every address; links go only to "
        "clients of that portal with link access.",
        no_mail="link",
        **emailed_link_request("/auth/client/access-link", lambda w: w.link_client["emails"][0], "client"),
    ),
    public(
        "POST",
        "/auth/client/link-session",
        "Public: opens the read-only session of an access link. Same rules as every e-mailed link.",
        **link_routes("/auth/client/link-session", "link", open_access_link, lambda w, c: {}),
    ),
    own("GET", "/me", "Who is signed in: each caller gets itself, from its own firm."),
    own(
        "PUT",
        "/me/language",
        "The signed-in client's own language: client 2 and firm B's client change only their own; staff are refused.",
        owner="client",
        body=lambda w, p: {"language": "es"},
    ),
]


@pytest.mark.parametrize(("route", "caller"), cases(ROUTES))
def test_route_isolates_firm_a(request: pytest.FixtureRequest, route: Route, caller: str) -> None:
    check(request, route, caller)
