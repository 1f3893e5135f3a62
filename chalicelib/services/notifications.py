"""The notifications worker's rules: turn a Notification into one e-mail, or into nothing
when it no longer applies (an access removed, an address nobody signs in with)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ..domain.accesses import Access, AccessStatus, AccessType
from ..domain.audit import Actor, AuditEntry
from ..domain.auth import IdentityPolicy, Principal
from ..domain.clients import Client
from ..domain.common import Language, Page
from ..domain.documents import RequestStatus
from ..domain.errors import NotFound
from ..domain.firm import Firm
from ..domain.identity import LinkPurpose, OneTimeLink, PrincipalKind, with_credentials
from ..domain.notifications import (
    EmailEvent,
    Notification,
    NotificationKind,
    PortalUrls,
    Suppression,
    day_in_words,
    normalize_address,
)
from ..domain.ports import (
    AccessRepository,
    ClientRepository,
    Clock,
    DocumentRepository,
    EmailRenderer,
    FirmRepository,
    Mailer,
    MatterRepository,
    OutgoingEmail,
    StaffRepository,
    SuppressionList,
    TimelineRepository,
)
from ..domain.staff import StaffMember, StaffStatus

_ROUTES = {
    LinkPurpose.INVITATION: "invite",
    LinkPurpose.PASSWORD_RESET: "reset",
    LinkPurpose.ACCESS_LINK: "link",
}


@dataclass(frozen=True)
class NotificationsService:
    firms: FirmRepository
    staff: StaffRepository
    clients: ClientRepository
    accesses: AccessRepository
    matters: MatterRepository
    timeline: TimelineRepository
    documents: DocumentRepository
    renderer: EmailRenderer
    mailer: Mailer
    suppressions: SuppressionList
    clock: Clock
    policy: IdentityPolicy
    urls: PortalUrls

    def deliver(self, notification: Notification) -> str | None:
        """Send the e-mail and return its message id, or None when there is nothing to send."""
        firm = self.firms.get(notification.firm_id)
        if firm is None:
            return None
        principal = self._principal(notification)
        if principal is None:
            return None
        match notification.kind:
            case NotificationKind.INVITATION if _invitable(principal):
                return self._send_link(firm, principal, LinkPurpose.INVITATION, self.policy.invitation_ttl)
            case NotificationKind.ACCESS_LINK if isinstance(principal, Access) and principal.can_open_link:
                return self._send_link(firm, principal, LinkPurpose.ACCESS_LINK, self.policy.access_link_ttl)
            case NotificationKind.PASSWORD_RESET if principal.can_sign_in:
                return self._send_link(firm, principal, LinkPurpose.PASSWORD_RESET, self.policy.password_reset_ttl)
            case NotificationKind.MATTER_UPDATED | NotificationKind.NEWS if isinstance(principal, Access):
                return self._send_matter_news(firm, principal, notification)
            case NotificationKind.DOCUMENT_REQUESTED | NotificationKind.REQUEST_REJECTED if isinstance(
                principal, Access
            ):
                return self._send_request(firm, principal, notification)
        return None

    def _send_request(self, firm: Firm, access: Access, notification: Notification) -> str | None:
        """F19: the firm asks the client (and their extra addresses) for a document, or for it
        again with the reason. Nothing once the request is gone or already answered."""
        request = self.documents.get_request(firm.id, notification.item_id or "")
        client = self.clients.get(firm.id, access.client_id)
        if access.status is not AccessStatus.ACTIVE or request is None or client is None:
            return None
        if request.client_id != client.id or request.status is not RequestStatus.PENDING:
            return None
        language = client.language or firm.portal.default_language
        context: dict[str, object] = {
            "firm_name": firm.portal.display_name,
            "brand_color": firm.portal.primary_color,
            "recipient_name": client.name,
            "request_title": request.title,
            "request_details": request.details,
            "matter_title": request.matter_title or "",
            "due_date": day_in_words(request.due_date, language) if request.due_date else "",
            "reason": request.rejection_reason or "",
            "link": f"{self.urls.portal(firm.portal.slug)}/#/requests/{request.id}",
        }
        return self._send_to_client(firm, access, client, str(notification.kind), language, context)

    def _send_matter_news(self, firm: Firm, access: Access, notification: Notification) -> str | None:
        """F12, F15: tell the client (and their extra addresses) that a matter has news."""
        if access.status is not AccessStatus.ACTIVE or not notification.matter_id:
            return None
        matter = self.matters.client_view(firm.id, access.client_id, notification.matter_id)
        client = self.clients.get(firm.id, access.client_id)
        if matter is None or client is None or not matter.visible_to(access.profile):
            return None
        context: dict[str, object] = {
            "firm_name": firm.portal.display_name,
            "brand_color": firm.portal.primary_color,
            "recipient_name": client.name,
            "matter_title": matter.title,
            "matter_number": matter.number or "",
            "link": f"{self.urls.portal(firm.portal.slug)}/#/matters/{matter.id}",
        }
        if notification.kind is NotificationKind.NEWS:
            news = self.timeline.client_item(firm.id, matter.id, notification.item_id or "")
            if news is None:
                return None
            context |= {"news_title": news.text, "news_body": news.body or ""}
        language = client.language or firm.portal.default_language
        return self._send_to_client(firm, access, client, str(notification.kind), language, context)

    def _send_to_client(
        self, firm: Firm, access: Access, client: Client, kind: str, language: Language, context: dict[str, object]
    ) -> str | None:
        """One e-mail to the client's access address and their extra notification addresses."""
        rendered = self.renderer.render(kind, language, context)
        return self._send(
            firm,
            OutgoingEmail(
                to=list(dict.fromkeys([access.email, *client.notification_emails])),
                subject=rendered.subject,
                html=rendered.html,
                text=rendered.text,
                sender_name=firm.portal.sender_name,
                reply_to=firm.portal.reply_to,
                tags={"firm": firm.id, "kind": kind},
            ),
        )

    def _send_link(self, firm: Firm, principal: Principal, purpose: LinkPurpose, lifetime: timedelta) -> str | None:
        now = self.clock.now()
        token, issued = OneTimeLink.issue(principal.principal_id, lifetime, now)
        credentials = principal.credentials.with_link(purpose, issued)
        if purpose is LinkPurpose.INVITATION:
            credentials = credentials.model_copy(update={"invitation_sent_at": now})
        kind = PrincipalKind.STAFF if isinstance(principal, StaffMember) else PrincipalKind.CLIENT
        # Store the new link (replacing any earlier one) before it is e-mailed. Only the
        # credentials are written, so an admin holding the access's version can still edit
        # it; a concurrent credentials change (the invitation accepted, a password changed)
        # makes this fail with Conflict and SQS delivers the message again, to a fresh read.
        if isinstance(principal, Access):
            self.accesses.save_credentials(with_credentials(principal, credentials), principal, None)
        else:
            self.staff.save_credentials(with_credentials(principal, credentials), principal, None)
        name, language = self._recipient(firm, principal)
        template = f"staff_{purpose}" if kind is PrincipalKind.STAFF else str(purpose)
        rendered = self.renderer.render(
            template,
            language,
            {
                "firm_name": firm.portal.display_name,
                "brand_color": firm.portal.primary_color,
                "recipient_name": name,
                "link": self.urls.link(firm, kind, _ROUTES[purpose], token),
                "expires_at": issued.expires_at,
                "valid_days": max(1, round(lifetime / timedelta(days=1))),
                "valid_hours": max(1, round(lifetime / timedelta(hours=1))),
            },
        )
        return self._send(
            firm,
            OutgoingEmail(
                to=[principal.email],
                subject=rendered.subject,
                html=rendered.html,
                text=rendered.text,
                sender_name=firm.portal.sender_name,
                reply_to=firm.portal.reply_to,
                tags={"firm": firm.id, "kind": str(purpose)},
            ),
        )

    def _send(self, firm: Firm, email: OutgoingEmail) -> str | None:
        """Send to the addresses that are not suppressed (one read for all of them), or
        nothing when every one of them is."""
        suppressed = self.suppressions.find(firm.id, [normalize_address(a) for a in email.to])
        to = [address for address in email.to if normalize_address(address) not in suppressed]
        if not to:
            return None
        return self.mailer.send(email.model_copy(update={"to": to}))

    # --- bounces and complaints -----------------------------------------------------------

    def record_email_event(self, event: EmailEvent) -> int:
        """Put a permanent bounce's or a complaint's addresses on the list of the firm that
        sent the mail (its tag); the same event again adds nothing. Returns how many were added."""
        if self.firms.get(event.firm_id) is None:
            return 0
        return sum(self.suppressions.add(suppression) for suppression in event.suppressions())

    def client_suppressions(self, firm_id: str, client_id: str) -> list[Suppression]:
        """The client's access address and notification addresses that are suppressed."""
        client = self.clients.get(firm_id, client_id)
        if client is None:
            raise NotFound("Client not found.")
        addresses = [client.access.email] if client.access else []
        addresses = list(dict.fromkeys(normalize_address(a) for a in [*addresses, *client.notification_emails]))
        found = self.suppressions.find(firm_id, addresses) if addresses else {}
        return [found[a] for a in addresses if a in found]

    def suppression_page(self, firm_id: str, cursor: str | None, limit: int) -> Page[Suppression]:
        return self.suppressions.page(firm_id, cursor, limit)

    def lift_suppression(self, actor: Actor, address: str) -> None:
        """An admin lifts a suppression: the address gets e-mail again (audited)."""
        address = normalize_address(address)
        suppression = self.suppressions.find(actor.firm_id, [address]).get(address)
        if suppression is None:
            raise NotFound("This address is not on the suppression list.")
        audit = AuditEntry.record(
            actor, "suppression.lifted", f"email:{address}", self.clock.now(), reason=str(suppression.reason)
        )
        self.suppressions.lift(suppression, audit)

    def _principal(self, notification: Notification) -> Principal | None:
        firm_id = notification.firm_id
        if notification.principal_kind is PrincipalKind.STAFF:
            if notification.principal_id:
                return self.staff.get(firm_id, notification.principal_id)
            return self.staff.by_email(firm_id, notification.email or "")
        if notification.principal_id:
            return self.accesses.get(firm_id, notification.principal_id)
        return self.accesses.by_email(firm_id, notification.email or "")

    def _recipient(self, firm: Firm, principal: Principal) -> tuple[str, Language]:
        if isinstance(principal, StaffMember):
            return principal.name, firm.portal.default_language
        client = self.clients.get(firm.id, principal.client_id)
        if client is None:
            return principal.email, firm.portal.default_language
        return client.name, client.language or firm.portal.default_language


def _invitable(principal: Principal) -> bool:
    if isinstance(principal, StaffMember):
        return principal.status is StaffStatus.INVITED
    return principal.type is AccessType.ACCOUNT and principal.status is AccessStatus.PENDING
