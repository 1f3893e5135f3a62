"""Signing in and out, sessions, passwords and the e-mailed links (F05, F06).

Every request is authenticated here too: the token is verified, then the principal is
read once, so a block, a removal or a password change counts on the very next request.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from ..domain.accesses import Access, AccessStatus, AccessType
from ..domain.audit import Actor, AuditEntry
from ..domain.auth import INVALID_CREDENTIALS, SESSION_ENDED, Caller, IdentityPolicy, InvitationDetails, Principal
from ..domain.clients import Client
from ..domain.common import Id
from ..domain.errors import Conflict, Forbidden, NotFound, Unauthenticated
from ..domain.firm import Firm
from ..domain.identity import (
    LinkPurpose,
    OneTimeLink,
    PrincipalKind,
    RefreshSession,
    SessionClaims,
    SessionMode,
    TokenPair,
    hash_secret,
    next_refresh_secret,
    with_credentials,
)
from ..domain.notifications import Notification, NotificationKind
from ..domain.ports import (
    AccessRepository,
    AuditRepository,
    ClientRepository,
    Clock,
    FirmRepository,
    Outbox,
    PasswordHasher,
    RateLimiter,
    SessionRepository,
    StaffRepository,
    TokenSigner,
)
from ..domain.staff import StaffMember, StaffStatus
from .devices import DevicesService


@dataclass(frozen=True)
class AuthService:
    firms: FirmRepository
    staff: StaffRepository
    clients: ClientRepository
    accesses: AccessRepository
    sessions: SessionRepository
    audit: AuditRepository
    outbox: Outbox
    hasher: PasswordHasher
    signer: TokenSigner
    limiter: RateLimiter
    clock: Clock
    policy: IdentityPolicy
    devices: DevicesService  # a client's phones that signing out removes (F23)

    # --- every request -------------------------------------------------------------

    def authenticate(self, token: str, matter_id: str | None = None, client_id: str | None = None) -> Caller:
        """Verify the token and read the principal; a client's request about a matter reads
        the client's view of it in the same call, and a staff request about a client (when
        `client_id` is given) the client."""
        claims = self.signer.verify(token)
        if claims.kind is PrincipalKind.STAFF:
            client = None
            if client_id is None:
                staff = self.staff.get(claims.firm_id, claims.principal_id)
            else:
                staff, client = self.staff.get_with_client(claims.firm_id, claims.principal_id, client_id)
            if staff is None or not staff.can_sign_in or staff.credentials.generation != claims.generation:
                raise Unauthenticated("Your session has ended. Please sign in again.")
            return Caller(claims=claims, staff=staff, client=client)
        view = None
        if matter_id is None:
            access = self.accesses.get(claims.firm_id, claims.principal_id)
        else:
            access, view = self.accesses.get_with_matter(claims.firm_id, claims.principal_id, matter_id)
        if access is None:
            raise Forbidden("This portal access no longer exists.", code="access_removed")
        if claims.mode != "simulation":
            if access.status is AccessStatus.BLOCKED:
                raise Forbidden("This portal access is blocked. Please contact the firm.", code="access_blocked")
            usable = access.can_sign_in if claims.mode == "account" else access.can_open_link
            if (
                not usable
                or access.credentials.generation != claims.generation
                or _older_than(claims.issued_at, access)
            ):
                raise Unauthenticated("Your session has ended. Please sign in again.")
        return Caller(claims=claims, access=access, matter_view=view)

    # --- signing in and out --------------------------------------------------------

    def sign_in(self, portal: str, kind: PrincipalKind, email: str, password: str, address: str) -> TokenPair:
        email = email.lower()
        account = f"sign-in:{portal}:{kind}:{email}"
        self.limiter.hit(f"sign-in-ip:{address}", self.policy.sign_ins_per_address, self.policy.rate_window_seconds)
        # Counted before the password is checked and forgiven once the sign-in succeeds, so
        # only failures add up, and concurrent guesses cannot all slip under the limit. An
        # unknown e-mail is counted (and never forgiven) exactly like a wrong password.
        self.limiter.hit(account, self.policy.sign_ins_per_account, self.policy.rate_window_seconds)
        firm = self._firm(portal)
        principal = self._by_email(kind, firm.id, email)
        stored_hash = principal.credentials.password_hash if principal else None
        # Verify against a dummy hash when there is none, so an unknown e-mail takes as long.
        if (
            not self.hasher.verify(stored_hash or self._dummy_hash, password)
            or principal is None
            or stored_hash is None
        ):
            raise Unauthenticated(INVALID_CREDENTIALS, code="invalid_credentials")
        if isinstance(principal, Access):
            self._require_portal_on(firm)
            if principal.status is AccessStatus.BLOCKED:
                raise Forbidden("This portal access is blocked. Please contact the firm.", code="access_blocked")
            if principal.type is not AccessType.ACCOUNT:
                raise Unauthenticated(INVALID_CREDENTIALS, code="invalid_credentials")
        if not principal.can_sign_in:
            raise Forbidden("This account is disabled.", code="account_disabled")
        if isinstance(principal, Access):
            self.accesses.record_sign_in(firm.id, principal.client_id, self.clock.now())
        pair = self._issue(firm.id, principal, mode="account", with_refresh=True)
        self.limiter.forgive(account, self.policy.rate_window_seconds)
        return pair

    def refresh(self, refresh_token: str) -> TokenPair:
        firm_id, session_id, secret = _split_refresh_token(refresh_token)
        session = self.sessions.get(firm_id, session_id)
        now = self.clock.now()
        if session is None or session.expires_at <= now:
            raise Unauthenticated(SESSION_ENDED)
        if not secrets.compare_digest(session.secret_hash, hash_secret(secret)):
            return self._refresh_again(session, secret, now)
        principal = self._session_principal(session)
        salt = secrets.token_urlsafe(32)
        rotated = session.model_copy(
            update={
                "secret_hash": hash_secret(next_refresh_secret(secret, salt)),
                "previous_secret_hash": session.secret_hash,
                "rotated_at": now,
                "rotation_salt": salt,
            }
        )
        try:
            self.sessions.rotate(rotated, session.secret_hash)
        except Conflict:
            # Another request with this same token rotated first: answer what it got (or,
            # if it was not this token it replaced, treat this as a reuse).
            current = self.sessions.get(firm_id, session_id)
            if current is None:
                raise Unauthenticated(SESSION_ENDED) from None
            return self._refresh_again(current, secret, self.clock.now())
        return self._rotated_pair(rotated, principal, secret)

    def _refresh_again(self, session: RefreshSession, secret: str, now: datetime) -> TokenPair:
        """`secret` is not the session's current one. The one just replaced, within the grace
        window: the same pair its rotation answered. Anything else is an old token used
        again, so someone may hold a stolen copy: the session ends, for the newest token too."""
        replaced = session.previous_secret_hash is not None and secrets.compare_digest(
            session.previous_secret_hash, hash_secret(secret)
        )
        if replaced and session.rotated_at is not None and now - session.rotated_at <= self.policy.refresh_grace:
            return self._rotated_pair(session, self._session_principal(session), secret)
        self.sessions.delete(session.firm_id, session.session_id)
        raise Unauthenticated(SESSION_ENDED)

    def _rotated_pair(self, session: RefreshSession, principal: Principal, replaced_secret: str) -> TokenPair:
        """The pair a rotation answers, derived again the same every time: the access token is
        issued at the rotation's time, the refresh secret comes from the replaced one."""
        assert session.rotated_at is not None and session.rotation_salt is not None
        pair = self._access_token(
            session.firm_id, principal, mode="account", session_id=session.session_id, issued_at=session.rotated_at
        )
        secret = next_refresh_secret(replaced_secret, session.rotation_salt)
        return pair.model_copy(update={"refresh_token": f"{session.firm_id}.{session.session_id}.{secret}"})

    def _session_principal(self, session: RefreshSession) -> Principal:
        if session.kind is PrincipalKind.CLIENT:
            firm = self.firms.get(session.firm_id)
            if firm is None:
                raise Unauthenticated(SESSION_ENDED)
            self._require_portal_on(firm)
        principal = self._principal(session.kind, session.firm_id, session.principal_id)
        if (
            principal is None
            or not principal.can_sign_in
            or principal.credentials.generation != session.generation
            or _older_than(session.created_at, principal)
        ):
            raise Unauthenticated(SESSION_ENDED)
        return principal

    def sign_out(self, caller: Caller, everywhere: bool = False) -> None:
        if everywhere:
            # A simulation is staff looking on: it must not end the client's own sessions.
            if caller.claims.mode == "simulation":
                raise Forbidden("This session is read-only.", code="read_only_session")
            principal = self._current(caller)
            self._save_credentials(
                with_credentials(principal, principal.credentials.with_next_generation()), principal, audit=None
            )
        elif caller.claims.session_id:
            self.sessions.delete(caller.firm_id, caller.claims.session_id)
        # The phones this session registered get no more pushes (every phone, everywhere).
        if caller.client_id is not None and caller.claims.mode == "account":
            self.devices.signed_out(caller.firm_id, caller.client_id, caller.claims.session_id, everywhere)

    def change_password(self, caller: Caller, current_password: str, new_password: str) -> TokenPair:
        self._require_writable(caller)
        principal = self._current(caller)
        attempts = f"password:{caller.firm_id}:{principal.principal_id}"
        self.limiter.hit(attempts, self.policy.sign_ins_per_account, self.policy.rate_window_seconds)
        if not principal.credentials.password_hash or not self.hasher.verify(
            principal.credentials.password_hash, current_password
        ):
            raise Unauthenticated("The current password is not correct.", code="invalid_credentials")
        changed = with_credentials(
            principal, principal.credentials.with_next_generation().with_password(self.hasher.hash(new_password))
        )
        self._save_credentials(
            changed,
            principal,
            audit=AuditEntry.record(caller.actor, "password.changed", _target(changed), self.clock.now()),
        )
        self.limiter.forgive(attempts, self.policy.rate_window_seconds)
        return self._issue(caller.firm_id, changed, mode="account", with_refresh=True)

    # --- e-mailed links ------------------------------------------------------------

    def request_password_reset(self, portal: str, kind: PrincipalKind, email: str, address: str) -> None:
        """Answers the same for known and unknown e-mails: the worker looks the address up."""
        self._limit_emails(portal, email, address)
        firm = self._firm(portal)
        self.outbox.send(
            Notification(
                kind=NotificationKind.PASSWORD_RESET, firm_id=firm.id, principal_kind=kind, email=email.lower()
            )
        )

    def request_access_link(self, portal: str, email: str, address: str) -> None:
        self._limit_emails(portal, email, address)
        firm = self._firm(portal)
        self.outbox.send(
            Notification(
                kind=NotificationKind.ACCESS_LINK,
                firm_id=firm.id,
                principal_kind=PrincipalKind.CLIENT,
                email=email.lower(),
            )
        )

    def describe_invitation(self, portal: str, kind: PrincipalKind, token: str, address: str) -> InvitationDetails:
        firm, principal, link = self._redeemable(portal, kind, token, LinkPurpose.INVITATION, address)
        return InvitationDetails(
            email=principal.email,
            firm_name=firm.portal.display_name,
            kind=kind,
            expires_at=principal.credentials.links[LinkPurpose.INVITATION].expires_at,
        )

    def accept_invitation(self, portal: str, kind: PrincipalKind, token: str, password: str, address: str) -> TokenPair:
        firm, principal, _ = self._redeemable(portal, kind, token, LinkPurpose.INVITATION, address)
        now = self.clock.now()
        # The status (the document) and the password (the credentials) change in one write,
        # each over what was read: if an admin edited the access or the worker stored a newer
        # invitation meanwhile, nothing is written and the client gets 409 (and tries again,
        # or uses the newer e-mail).
        credentials = principal.credentials.without_link(LinkPurpose.INVITATION).with_password(
            self.hasher.hash(password)
        )
        if isinstance(principal, Access):
            if principal.status is AccessStatus.BLOCKED:
                raise Forbidden("This portal access is blocked. Please contact the firm.", code="access_blocked")
            if principal.status is not AccessStatus.PENDING or principal.type is not AccessType.ACCOUNT:
                raise Conflict("This invitation has already been used.", code="invitation_used")
            activated = with_credentials(principal, credentials).model_copy(
                update={"status": AccessStatus.ACTIVE, "activated_at": now, "version": principal.version + 1}
            )
            actor = Actor(firm_id=firm.id, principal_id=principal.client_id, kind="client", email=principal.email)
            client = self._client(firm.id, principal.client_id)
            self.accesses.save_with_credentials(
                activated,
                principal,
                client.with_access(activated),
                AuditEntry.record(actor, "access.activated", _target(activated), now),
            )
            return self._issue(firm.id, activated, mode="account", with_refresh=True)
        if principal.status is not StaffStatus.INVITED:
            raise Conflict("This invitation has already been used.", code="invitation_used")
        active = with_credentials(principal, credentials).model_copy(
            update={"status": StaffStatus.ACTIVE, "version": principal.version + 1}
        )
        actor = Actor(firm_id=firm.id, principal_id=principal.id, kind="staff", email=principal.email)
        self.staff.save_with_credentials(
            active, principal, AuditEntry.record(actor, "staff.activated", _target(active), now)
        )
        return self._issue(firm.id, active, mode="account", with_refresh=True)

    def reset_password(
        self, portal: str, kind: PrincipalKind, token: str, new_password: str, address: str
    ) -> TokenPair:
        firm, principal, _ = self._redeemable(portal, kind, token, LinkPurpose.PASSWORD_RESET, address)
        if not principal.can_sign_in:
            raise Forbidden("This account cannot sign in. Please contact the firm.", code="account_disabled")
        credentials = principal.credentials.with_next_generation().with_password(self.hasher.hash(new_password))
        changed = with_credentials(principal, credentials.without_link(LinkPurpose.PASSWORD_RESET))
        actor = Actor(firm_id=firm.id, principal_id=principal.principal_id, kind=str(kind), email=principal.email)
        self._save_credentials(
            changed, principal, AuditEntry.record(actor, "password.reset", _target(changed), self.clock.now())
        )
        return self._issue(firm.id, changed, mode="account", with_refresh=True)

    def open_access_link(self, portal: str, token: str, address: str) -> TokenPair:
        firm, access, _ = self._redeemable(portal, PrincipalKind.CLIENT, token, LinkPurpose.ACCESS_LINK, address)
        assert isinstance(access, Access)
        self._require_portal_on(firm)
        if access.status is AccessStatus.BLOCKED:
            raise Forbidden("This portal access is blocked. Please contact the firm.", code="access_blocked")
        if not access.can_open_link:
            raise Unauthenticated("This link is not valid. Ask for a new one.", code="invalid_link")
        # The session lasts as long as the link does.
        expires_at = access.credentials.links[LinkPurpose.ACCESS_LINK].expires_at
        self.accesses.record_sign_in(firm.id, access.client_id, self.clock.now())
        return self._access_token(firm.id, access, mode="link", expires_at=expires_at)

    # --- simulate client (F08) ------------------------------------------------------

    def simulate(self, caller: Caller, client_id: str) -> TokenPair:
        access = self.accesses.get(caller.firm_id, client_id)
        if access is None:
            raise NotFound("This client has no portal access to simulate.")
        self.audit.append(AuditEntry.record(caller.actor, "access.simulated", f"client:{client_id}", self.clock.now()))
        return self._access_token(
            caller.firm_id,
            access,
            mode="simulation",
            simulated_by=caller.actor.principal_id,
            expires_at=self.clock.now() + self.policy.simulation_ttl,
        )

    # --- helpers -------------------------------------------------------------------

    def _issue(self, firm_id: str, principal: Principal, mode: SessionMode, with_refresh: bool) -> TokenPair:
        if not with_refresh:
            return self._access_token(firm_id, principal, mode=mode)
        now = self.clock.now()
        session_id = secrets.token_hex(16)
        secret = secrets.token_urlsafe(32)
        self.sessions.create(
            RefreshSession(
                firm_id=firm_id,
                session_id=session_id,
                principal_id=principal.principal_id,
                kind=_kind(principal),
                generation=principal.credentials.generation,
                secret_hash=hash_secret(secret),
                created_at=now,
                expires_at=now + self.policy.refresh_token_ttl,
            )
        )
        pair = self._access_token(firm_id, principal, mode=mode, session_id=session_id)
        return pair.model_copy(update={"refresh_token": f"{firm_id}.{session_id}.{secret}"})

    def _access_token(
        self,
        firm_id: str,
        principal: Principal,
        mode: SessionMode,
        session_id: str | None = None,
        simulated_by: str | None = None,
        expires_at: datetime | None = None,
        issued_at: datetime | None = None,
    ) -> TokenPair:
        now = issued_at or self.clock.now()
        claims = SessionClaims(
            firm_id=firm_id,
            principal_id=principal.principal_id,
            kind=_kind(principal),
            role=principal.role if isinstance(principal, StaffMember) else None,
            generation=principal.credentials.generation,
            session_id=session_id,
            mode=mode,
            simulated_by=simulated_by,
            issued_at=now,
            expires_at=expires_at or now + self.policy.access_token_ttl,
        )
        return TokenPair(access_token=self.signer.sign(claims), expires_at=claims.expires_at)

    def _redeemable(
        self, portal: str, kind: PrincipalKind, token: str, purpose: LinkPurpose, address: str
    ) -> tuple[Firm, Principal, OneTimeLink]:
        self.limiter.hit(f"link-ip:{address}", self.policy.sign_ins_per_address, self.policy.rate_window_seconds)
        link = OneTimeLink.parse(token)
        attempts = f"link:{portal}:{link.principal_id}"
        self.limiter.hit(attempts, self.policy.sign_ins_per_account, self.policy.rate_window_seconds)
        firm = self._firm(portal)
        if kind is PrincipalKind.CLIENT:
            # A portal switched off lets no client in, by any door.
            self._require_portal_on(firm)
        principal = self._principal(kind, firm.id, link.principal_id)
        if principal is None:
            raise Unauthenticated("This link is not valid. Ask for a new one.", code="invalid_link")
        principal.credentials.check_link(purpose, link.secret, self.clock.now())
        # The right secret, not a guess: a client opening their access link again and again
        # (new tabs, devices) is not locked out.
        self.limiter.forgive(attempts, self.policy.rate_window_seconds)
        return firm, principal, link

    def _limit_emails(self, portal: str, email: str, address: str) -> None:
        self.limiter.hit(f"email:{portal}:{email.lower()}", self.policy.emails_per_account, 3600)
        self.limiter.hit(f"email-ip:{address}", self.policy.emails_per_address, 3600)

    def _firm(self, portal: str) -> Firm:
        firm = self.firms.by_slug(portal)
        if firm is None:
            raise NotFound("There is no portal at this address.", code="portal_not_found")
        return firm

    def _require_portal_on(self, firm: Firm) -> None:
        if not firm.portal.enabled:
            raise Forbidden("This portal is not open yet.", code="portal_disabled")

    def _client(self, firm_id: str, client_id: str) -> Client:
        client = self.clients.get(firm_id, client_id)
        if client is None:
            raise NotFound("Client not found.")
        return client

    def _by_email(self, kind: PrincipalKind, firm_id: str, email: str) -> Principal | None:
        if kind is PrincipalKind.STAFF:
            return self.staff.by_email(firm_id, email)
        return self.accesses.by_email(firm_id, email)

    def _principal(self, kind: PrincipalKind, firm_id: str, principal_id: str) -> Principal | None:
        if kind is PrincipalKind.STAFF:
            return self.staff.get(firm_id, principal_id)
        return self.accesses.get(firm_id, principal_id)

    def _current(self, caller: Caller) -> Principal:
        principal = caller.staff or caller.access
        assert principal is not None
        return principal

    def _require_writable(self, caller: Caller) -> None:
        if caller.claims.read_only:
            raise Forbidden("This session is read-only.", code="read_only_session")

    def _save_credentials(self, changed: Principal, previous: Principal, audit: AuditEntry | None) -> None:
        """A credentials-only change: the principal's version (admins' edits) stays; a
        concurrent credentials change makes this one fail with Conflict, not vanish."""
        if isinstance(changed, Access):
            assert isinstance(previous, Access)
            self.accesses.save_credentials(changed, previous, audit)
        else:
            assert isinstance(previous, StaffMember)
            self.staff.save_credentials(changed, previous, audit)

    @cached_property
    def _dummy_hash(self) -> str:
        return self.hasher.hash(secrets.token_urlsafe(16))


def _kind(principal: Principal) -> PrincipalKind:
    return PrincipalKind.STAFF if isinstance(principal, StaffMember) else PrincipalKind.CLIENT


def _older_than(moment: datetime, principal: Principal) -> bool:
    """A session that began before the principal existed was opened by an earlier one: an
    access removed and granted again starts over at generation 1, so the generation alone
    would bring the old sessions back. Token times are whole seconds."""
    return moment < principal.created_at.replace(microsecond=0)


def _target(principal: Principal) -> str:
    return f"staff:{principal.id}" if isinstance(principal, StaffMember) else f"client:{principal.client_id}"


def _split_refresh_token(token: str) -> tuple[Id, str, str]:
    parts = token.split(".")
    if len(parts) != 3 or not all(parts) or not parts[0].isalnum() or not parts[1].isalnum():
        raise Unauthenticated("Your session has ended. Please sign in again.")
    return parts[0], parts[1], parts[2]
