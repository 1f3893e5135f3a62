"""The notifications worker's rules (the dispatcher): each Notification becomes an e-mail, at
once for links and for staff, or paced for clients (held for the firm's digest window and
quiet hours, then sent together), or nothing when it no longer applies (an access removed,
a request answered, an address nobody signs in with)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ..domain.accesses import Access, AccessStatus, AccessType
from ..domain.audit import Actor, AuditEntry
from ..domain.auth import IdentityPolicy, Principal
from ..domain.clients import Client
from ..domain.common import Language, Page, new_id
from ..domain.devices import Device, Push, PushText
from ..domain.documents import RequestStatus
from ..domain.errors import Conflict, NotFound
from ..domain.firm import Firm
from ..domain.identity import LinkPurpose, OneTimeLink, PrincipalKind, with_credentials
from ..domain.notifications import (
    TOPICS,
    Channel,
    EmailEvent,
    HeldNotifications,
    HeldRelease,
    Notification,
    NotificationKind,
    PortalUrls,
    Suppression,
    Topic,
    day_in_words,
    normalize_address,
)
from ..domain.ports import (
    AccessRepository,
    ClientRepository,
    Clock,
    DocumentRepository,
    FirmRepository,
    HeldNotificationsRepository,
    Mailer,
    MatterRepository,
    OutgoingEmail,
    ReleaseScheduler,
    RenderedEmail,
    StaffRepository,
    SuppressionList,
    TimelineRepository,
)
from ..domain.preferences import NotificationPreferences, list_unsubscribe_headers
from ..domain.staff import StaffMember, StaffStatus
from ..domain.templates import DIGEST, DigestItem
from .devices import DevicesService
from .preferences import PreferencesService
from .templates import TemplatesService

# Reads before a change that keeps meeting a concurrent one is left to SQS to deliver again.
_ATTEMPTS = 5

_ROUTES = {
    LinkPurpose.INVITATION: "invite",
    LinkPurpose.PASSWORD_RESET: "reset",
    LinkPurpose.ACCESS_LINK: "link",
}


@dataclass(frozen=True)
class _Message:
    """One notification to a client, composed: what its e-mail says, and its line in a digest."""

    kind: NotificationKind
    context: dict[str, object]
    title: str
    matter_title: str
    link: str
    # What a push's data names (F23): the matter, and the update of a news item.
    matter_id: str | None = None
    update_id: str | None = None

    @property
    def topic(self) -> Topic:
        return TOPICS[self.kind]


@dataclass(frozen=True)
class NotificationsService:
    firms: FirmRepository
    staff: StaffRepository
    clients: ClientRepository
    accesses: AccessRepository
    matters: MatterRepository
    timeline: TimelineRepository
    documents: DocumentRepository
    templates: TemplatesService
    preferences: PreferencesService
    mailer: Mailer
    suppressions: SuppressionList
    held: HeldNotificationsRepository
    scheduler: ReleaseScheduler
    clock: Clock
    policy: IdentityPolicy
    urls: PortalUrls
    devices: DevicesService  # push notifications to the client's phones (F23)

    def deliver(self, notification: Notification) -> list[str]:
        """Send what the notification asks for now, or hold it (B3); return the message ids
        of what was sent, none when nothing was (held, or nothing to send any more)."""
        firm = self.firms.get(notification.firm_id)
        if firm is None:
            return []
        if notification.kind in TOPICS:
            return self._pace(firm, notification)
        principal = self._principal(notification)
        sent = self._deliver_now(firm, principal, notification) if principal else None
        return [sent] if sent else []

    def _deliver_now(self, firm: Firm, principal: Principal, notification: Notification) -> str | None:
        match notification.kind:
            case NotificationKind.INVITATION if _invitable(principal):
                return self._send_link(firm, principal, LinkPurpose.INVITATION, self.policy.invitation_ttl)
            case NotificationKind.ACCESS_LINK if isinstance(principal, Access) and principal.can_open_link:
                return self._send_link(firm, principal, LinkPurpose.ACCESS_LINK, self.policy.access_link_ttl)
            case NotificationKind.PASSWORD_RESET if principal.can_sign_in:
                return self._send_link(firm, principal, LinkPurpose.PASSWORD_RESET, self.policy.password_reset_ttl)
            case NotificationKind.UPLOAD_RECEIVED | NotificationKind.TRANSLATION_FLAGGED if isinstance(
                principal, StaffMember
            ):
                return self._tell_staff(firm, principal, notification)
        return None

    # --- pacing: the digest window and the quiet hours ------------------------------------

    def _pace(self, firm: Firm, notification: Notification) -> list[str]:
        """A client's notification goes now, or joins the client's held notifications until
        the firm's digest window closes or its quiet hours end."""
        client_id = notification.principal_id
        if client_id is None:
            return []
        choices = self.preferences.of(firm.id, client_id)
        if choices.channel_for(TOPICS[notification.kind]) is None:
            return []  # a client who chose to hear nothing of this topic
        now = self.clock.now()
        release_at = firm.notifications.release_at(now)
        if release_at <= now:
            return self._send_together(firm, client_id, [notification], choices)
        for _ in range(_ATTEMPTS):
            held = self.held.get(firm.id, client_id)
            try:
                if held is None:
                    held = HeldNotifications(
                        firm_id=firm.id, client_id=client_id, release_at=release_at, notifications=[notification]
                    )
                    self.held.save(held, None)
                elif held.full:
                    return self._send_together(firm, client_id, [notification], choices)
                elif not held.holds(notification.id):
                    self.held.save(held.adding(notification), held)
                    return []
            except Conflict:
                continue  # another notification to the client was held meanwhile: read again
            # Opened now, or this very notification delivered again (perhaps after a failure
            # between the two steps): its release is scheduled, once whatever the attempts.
            self.scheduler.schedule(held.release, held.release_at)
            return []
        raise Conflict("The client's notifications kept changing; delivered again later.", code="busy")

    def release(self, release: HeldRelease) -> list[str]:
        """The scheduler says a client's held notifications are due: send them together (one
        e-mail), then let them go. Notifications held while they were being sent stay, for a
        release of their own. Returns the message ids sent."""
        firm = self.firms.get(release.firm_id)
        held = self.held.get(release.firm_id, release.client_id)
        if firm is None or held is None or held.id != release.id:
            return []  # released already
        sent = self._send_together(firm, held.client_id, held.notifications)
        done = {n.id for n in held.notifications}
        current = held
        for _ in range(_ATTEMPTS):
            rest = current.without(done)
            try:
                if not rest.notifications:
                    self.held.remove(current)
                else:  # held while these were sent: they wait for a release of their own, due now
                    renewed = rest.model_copy(update={"id": new_id(), "release_at": self.clock.now()})
                    self.held.save(renewed, current)
                    self.scheduler.schedule(renewed.release, renewed.release_at)
                return sent
            except Conflict:
                latest = self.held.get(release.firm_id, release.client_id)
                if latest is None or latest.id != held.id:
                    return sent
                current = latest
        return sent

    def _send_together(
        self,
        firm: Firm,
        client_id: str,
        notifications: list[Notification],
        choices: NotificationPreferences | None = None,
    ) -> list[str]:
        """The notifications to the client, each on the channel the client chose for its
        topic: one text for those by SMS, one e-mail (to the client and their extra
        addresses) for those by e-mail, the notification's own when there is one, a digest
        when there are more. Those that no longer apply (an access removed, a request
        answered) are left out; a text that cannot go (the firm's texts used up, the number
        opted out) goes by e-mail instead. `choices`: the client's, when just read."""
        access = self.accesses.get(firm.id, client_id)
        client = self.clients.get(firm.id, client_id)
        if access is None or client is None or access.status is not AccessStatus.ACTIVE:
            return []
        language = client.language or firm.portal.default_language
        choices = choices or self.preferences.of(firm.id, client_id)
        messages = [m for n in notifications if (m := self._compose(firm, access, client, language, n)) is not None]
        by_sms = [m for m in messages if choices.channel_for(m.topic) is Channel.SMS]
        by_email = [m for m in messages if choices.channel_for(m.topic) is Channel.EMAIL]
        sent = []
        if by_sms and choices.mobile is not None:
            text_id = self._text(firm, client, language, choices.mobile.number, by_sms)
            if text_id:
                sent.append(text_id)
            else:
                by_email = [m for m in messages if choices.channel_for(m.topic) is not None]
        if by_email:
            email_id = self._email(firm, access, client, language, by_email)
            if email_id:
                sent.append(email_id)
        # Every phone of the client too, whichever of e-mail or SMS the topic went by (F23).
        by_push = [m for m in messages if choices.channel_for(m.topic) is not None]
        if by_push:
            sent.extend(self._push(firm, client, language, by_push))
        return sent

    def _push(self, firm: Firm, client: Client, language: Language, messages: list[_Message]) -> list[str]:
        """One push per device: the notification's own, or one saying how many for several,
        each in the device's language (else the client's); its data opens the matter or update."""
        devices = self.devices.of_client(firm.id, client.id)
        if not devices:
            return []
        texts: dict[Language, PushText] = {}

        def compose(device: Device) -> Push:
            in_language = device.language or language
            if in_language not in texts:
                if len(messages) == 1:
                    texts[in_language] = self.templates.render_push(
                        firm, messages[0].kind, in_language, messages[0].context
                    )
                else:
                    context = self._base(firm, client.name, self.urls.portal(firm.portal.slug))
                    texts[in_language] = self.templates.render_push_digest(firm, in_language, context, len(messages))
            text = texts[in_language]
            if len(messages) == 1:
                m = messages[0]
                return Push(
                    title=text.title,
                    body=text.body,
                    deep_link=m.link,
                    kind=str(m.kind),
                    matter_id=m.matter_id,
                    update_id=m.update_id,
                )
            return Push(title=text.title, body=text.body, deep_link=self.urls.portal(firm.portal.slug), kind=DIGEST)

        return self.devices.send(devices, compose)

    def _text(self, firm: Firm, client: Client, language: Language, phone: str, messages: list[_Message]) -> str | None:
        if len(messages) == 1:
            text = self.templates.render_sms(firm, messages[0].kind, language, messages[0].context)
        else:
            context = self._base(firm, client.name, self.urls.portal(firm.portal.slug))
            text = self.templates.render_sms_digest(firm, language, context, len(messages))
        return self.preferences.send_sms(firm, phone, text)

    def _email(
        self, firm: Firm, access: Access, client: Client, language: Language, messages: list[_Message]
    ) -> str | None:
        headers: dict[str, str] = {}
        if len(messages) == 1 and messages[0].topic is not Topic.NEWS:
            kind = str(messages[0].kind)
            rendered = self.templates.render_email(firm, kind, language, messages[0].context)
        else:
            # News and digests carry one-click unsubscribe (RFC 8058): from news, or, for a
            # digest without news, from its first item's topic.
            topics = [m.topic for m in messages]
            topic = Topic.NEWS if Topic.NEWS in topics else topics[0]
            unsubscribe = {"unsubscribe_link": self.preferences.unsubscribe_page_url(firm, client.id, topic)}
            headers = list_unsubscribe_headers(self.preferences.unsubscribe_url(firm, client.id, topic))
            if len(messages) == 1:
                kind = str(messages[0].kind)
                rendered = self.templates.render_email(firm, kind, language, messages[0].context | unsubscribe)
            else:
                kind = DIGEST
                items = [DigestItem(title=m.title, matter_title=m.matter_title, link=m.link) for m in messages]
                context = self._base(firm, client.name, self.urls.portal(firm.portal.slug)) | unsubscribe
                rendered = self.templates.render_digest(firm, language, context, items)
        return self._send(
            firm, list(dict.fromkeys([access.email, *client.notification_emails])), rendered, kind, headers
        )

    # --- what each notification says -------------------------------------------------------

    def _compose(
        self, firm: Firm, access: Access, client: Client, language: Language, notification: Notification
    ) -> _Message | None:
        match notification.kind:
            case NotificationKind.MATTER_UPDATED | NotificationKind.NEWS:
                return self._matter_news(firm, access, client, notification)
            case NotificationKind.DOCUMENT_REQUESTED | NotificationKind.REQUEST_REJECTED:
                return self._request(firm, client, language, notification)
        return None  # billing: the billing area composes its own

    def _request(self, firm: Firm, client: Client, language: Language, notification: Notification) -> _Message | None:
        """F19: the firm asks the client for a document, or for it again with the reason.
        Nothing once the request is gone or already answered."""
        request = self.documents.get_request(firm.id, notification.item_id or "")
        if request is None or request.client_id != client.id or request.status is not RequestStatus.PENDING:
            return None
        link = f"{self.urls.portal(firm.portal.slug)}/#/requests/{request.id}"
        context = self._base(firm, client.name, link) | {
            "item_title": request.title,
            "item_details": request.details,
            "matter_title": request.matter_title or "",
            "due_date": day_in_words(request.due_date, language) if request.due_date else "",
            "reason": request.rejection_reason or "",
        }
        return _Message(
            notification.kind, context, request.title, request.matter_title or "", link, matter_id=request.matter_id
        )

    def _matter_news(self, firm: Firm, access: Access, client: Client, notification: Notification) -> _Message | None:
        """F12, F15: a matter the client sees has news, or changed."""
        if not notification.matter_id:
            return None
        matter = self.matters.client_view(firm.id, access.client_id, notification.matter_id)
        if matter is None or not matter.visible_to(access.profile):
            return None
        link = f"{self.urls.portal(firm.portal.slug)}/#/matters/{matter.id}"
        context = self._base(firm, client.name, link) | {
            "matter_title": matter.title,
            "matter_number": matter.number or "",
        }
        title = matter.title
        if notification.kind is NotificationKind.NEWS:
            news = self.timeline.client_item(firm.id, matter.id, notification.item_id or "")
            if news is None:
                return None
            context |= {"item_title": news.text, "item_details": news.body or ""}
            title = news.text
        update_id = notification.item_id if notification.kind is NotificationKind.NEWS else None
        return _Message(notification.kind, context, title, matter.title, link, matter_id=matter.id, update_id=update_id)

    def _tell_staff(self, firm: Firm, member: StaffMember, notification: Notification) -> str | None:
        """What staff hear of: a client's file that passed the checks, a movement whose
        plain-language version needs a person. By e-mail, at once, in the firm's language."""
        if member.status is not StaffStatus.ACTIVE:
            return None
        admin = self.urls.admin.rstrip("/")
        context: dict[str, object]
        if notification.kind is NotificationKind.UPLOAD_RECEIVED:
            document = self.documents.get(firm.id, notification.item_id or "")
            if document is None:
                return None
            request = self.documents.get_request(firm.id, document.request_id) if document.request_id else None
            context = self._base(firm, member.name, f"{admin}/#/review") | {
                "client_name": document.client_name or "",
                "file_name": document.file_name,
                "item_title": request.title if request else "",
                "matter_title": document.matter_title or "",
            }
        else:
            matter = self.matters.get(firm.id, notification.matter_id or "")
            movement = self.timeline.get(firm.id, matter.id, notification.item_id or "") if matter else None
            if matter is None or movement is None:
                return None
            context = self._base(firm, member.name, f"{admin}/#/matters/{matter.id}") | {
                "matter_title": matter.title,
                "matter_number": matter.number or "",
                "item_details": movement.text,
            }
        kind = str(notification.kind)
        rendered = self.templates.render_email(firm, kind, firm.portal.default_language, context)
        return self._send(firm, [member.email], rendered, kind)

    def _base(self, firm: Firm, recipient_name: str, link: str) -> dict[str, object]:
        """The placeholders every e-mail has."""
        return {
            "firm_name": firm.portal.display_name,
            "brand_color": firm.portal.primary_color,
            "logo_url": str(firm.portal.logo_url or ""),
            "recipient_name": recipient_name,
            "portal_link": self.urls.portal(firm.portal.slug),
            "link": link,
        }

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
        context = self._base(firm, name, self.urls.link(firm, kind, _ROUTES[purpose], token)) | {
            "expires_at": issued.expires_at,
            "valid_days": max(1, round(lifetime / timedelta(days=1))),
            "valid_hours": max(1, round(lifetime / timedelta(hours=1))),
        }
        rendered = self.templates.render_email(firm, template, language, context)
        return self._send(firm, [principal.email], rendered, str(purpose))

    def _send(
        self, firm: Firm, to: list[str], rendered: RenderedEmail, kind: str, headers: dict[str, str] | None = None
    ) -> str | None:
        """The firm's e-mail (its name as the sender, its reply-to address, tagged with the firm
        and the kind) to the addresses that are not suppressed (one read for all of them), or
        nothing when every one of them is."""
        suppressed = self.suppressions.find(firm.id, [normalize_address(a) for a in to])
        kept = [address for address in to if normalize_address(address) not in suppressed]
        if not kept:
            return None
        return self.mailer.send(
            OutgoingEmail(
                to=kept,
                subject=rendered.subject,
                html=rendered.html,
                text=rendered.text,
                sender_name=firm.portal.sender_name,
                reply_to=firm.portal.reply_to,
                tags={"firm": firm.id, "kind": kind},
                headers=headers or {},
            )
        )

    # --- bounces and complaints -----------------------------------------------------------

    def record_email_event(self, event: EmailEvent) -> int:
        """Put a permanent bounce's or a complaint's addresses on the list of the firm that
        sent the mail (its tag); the same event again adds nothing. Returns how many were added."""
        if self.firms.get(event.firm_id) is None:
            return 0
        return sum(self.suppressions.add(suppression) for suppression in event.suppressions())

    def client_suppressions(self, firm_id: str, client_id: str, client: Client | None = None) -> list[Suppression]:
        """The client's access address and notification addresses that are suppressed (the
        client read here unless the request read it already, with the staff member)."""
        client = client or self.clients.get(firm_id, client_id)
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
