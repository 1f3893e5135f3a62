"""Session tokens: JWTs signed with HMAC-SHA256 by a key kept in Secrets Manager.

One code path signs and verifies, the same in tests, locally and on AWS: the algorithm
is pinned, and expiry, issuer, audience and token use are all required."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Callable

from ..domain.errors import NotFound, Unauthenticated
from ..domain.identity import SessionClaims
from ..domain.ports import TokenSigner
from ..domain.preferences import Unsubscription

ISSUER = "law-portal"
AUDIENCE = "law-portal-api"
ALGORITHM = "HS256"
TOKEN_USE = "access"
# One-click unsubscribe links (RFC 8058): the same key and algorithm, another audience and use.
UNSUBSCRIBE_AUDIENCE = "law-portal-unsubscribe"
UNSUBSCRIBE_USE = "unsubscribe"
INVALID_UNSUBSCRIBE = "This unsubscribe link is not valid."


class JwtSigner:
    def __init__(self, key: Callable[[], str]) -> None:
        # A callable, so the key is fetched (and cached) on first use, not at start-up.
        self._key = key

    def sign(self, claims: SessionClaims) -> str:
        import jwt

        payload: dict[str, Any] = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "token_use": TOKEN_USE,
            "sub": claims.principal_id,
            "firm": claims.firm_id,
            "kind": claims.kind.value,
            "gen": claims.generation,
            "mode": claims.mode,
            "iat": int(claims.issued_at.timestamp()),
            "exp": int(claims.expires_at.timestamp()),
        }
        optional = {
            "role": claims.role.value if claims.role else None,
            "sid": claims.session_id,
            "sim": claims.simulated_by,
        }
        payload.update({k: v for k, v in optional.items() if v is not None})
        return jwt.encode(payload, self._key(), algorithm=ALGORITHM)

    def verify(self, token: str) -> SessionClaims:
        import jwt

        try:
            payload = jwt.decode(
                token,
                self._key(),
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                issuer=ISSUER,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "token_use", "firm", "kind", "gen"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("Your session has expired. Please sign in again.", code="session_expired") from None
        except jwt.PyJWTError:
            raise Unauthenticated("The session token is not valid.", code="invalid_token") from None
        if payload.get("token_use") != TOKEN_USE:
            raise Unauthenticated("The session token is not valid.", code="invalid_token")
        try:
            return SessionClaims(
                firm_id=payload["firm"],
                principal_id=payload["sub"],
                kind=payload["kind"],
                role=payload.get("role"),
                generation=payload["gen"],
                session_id=payload.get("sid"),
                mode=payload.get("mode", "account"),
                simulated_by=payload.get("sim"),
                issued_at=datetime.fromtimestamp(payload["iat"], UTC),
                expires_at=datetime.fromtimestamp(payload["exp"], UTC),
            )
        except ValueError:
            raise Unauthenticated("The session token is not valid.", code="invalid_token") from None

    def sign_unsubscribe(self, unsubscription: Unsubscription) -> str:
        import jwt

        payload = {
            "iss": ISSUER,
            "aud": UNSUBSCRIBE_AUDIENCE,
            "token_use": UNSUBSCRIBE_USE,
            "firm": unsubscription.firm_id,
            "sub": unsubscription.client_id,
            "topic": unsubscription.topic.value,
        }
        # No expiry: a mail app may offer the link as long as the e-mail is kept; the token can
        # only ever stop one topic for one client, which the client can undo in the portal.
        return jwt.encode(payload, self._key(), algorithm=ALGORITHM)

    def verify_unsubscribe(self, token: str) -> Unsubscription:
        import jwt

        try:
            payload = jwt.decode(
                token,
                self._key(),
                algorithms=[ALGORITHM],
                audience=UNSUBSCRIBE_AUDIENCE,
                issuer=ISSUER,
                options={"require": ["iss", "aud", "sub", "token_use", "firm", "topic"]},
            )
            if payload.get("token_use") != UNSUBSCRIBE_USE:
                raise NotFound(INVALID_UNSUBSCRIBE, code="invalid_link")
            return Unsubscription(firm_id=payload["firm"], client_id=payload["sub"], topic=payload["topic"])
        except (jwt.PyJWTError, ValueError, TypeError):
            raise NotFound(INVALID_UNSUBSCRIBE, code="invalid_link") from None


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_token_signer: type[TokenSigner] = JwtSigner
