"""Issue 10: a client's notification choices (per topic e-mail, SMS or nothing), the mobile
number texts go to (verified with a code sent by SMS), every text the firm sends (within
its monthly cap), and the one-click unsubscribe links of its e-mails (RFC 8058)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote

from ..domain.auth import Caller
from ..domain.errors import Conflict, Expired, Forbidden, InvalidInput, NotFound
from ..domain.firm import Firm
from ..domain.notifications import PortalUrls, Topic
from ..domain.ports import (
    ClientRepository,
    Clock,
    FirmRepository,
    PreferencesRepository,
    RateLimiter,
    SmsAllowance,
    SmsSender,
    TokenSigner,
)
from ..domain.preferences import (
    ChannelChoice,
    MobileChallenge,
    MobileChallengeStarted,
    MobileCodeInput,
    MobileNumberInput,
    NotificationPreferences,
    NotificationPreferencesChange,
    UnsubscribeResult,
    Unsubscription,
    code_text,
    default_region,
    normalize_mobile,
    sms_month,
)

# Codes a client may ask for: per client, and per number whoever asks.
CODES_PER_CLIENT = 5
CODES_PER_NUMBER = 5
CODE_WINDOW_SECONDS = 3600


class SmsOutcome(StrEnum):
    SENT = "sent"
    CAPPED = "capped"  # the firm's texts for the month are used up
    OPTED_OUT = "opted_out"  # the number asked not to get texts (SNS keeps the list)


@dataclass(frozen=True)
class PreferencesService:
    firms: FirmRepository
    clients: ClientRepository
    preferences: PreferencesRepository
    sms: SmsSender
    sms_allowance: SmsAllowance
    limiter: RateLimiter
    signer: TokenSigner
    clock: Clock
    urls: PortalUrls

    # --- reading ----------------------------------------------------------------------------

    def of(self, firm_id: str, client_id: str) -> NotificationPreferences:
        """The client's choices, or the defaults (e-mail for every topic) when none are stored:
        what the notifications worker asks before each notification."""
        stored = self.preferences.get(firm_id, client_id)
        return stored or NotificationPreferences.defaults(firm_id, client_id)

    def mine(self, caller: Caller) -> NotificationPreferences:
        return self.of(caller.firm_id, _client_id(caller))

    def client_preferences(self, firm_id: str, client_id: str) -> NotificationPreferences:
        """What a client of the firm chose, for staff (read only)."""
        client, stored = self.preferences.with_client(firm_id, client_id)
        if client is None:
            raise NotFound("Client not found.")
        return stored or NotificationPreferences.defaults(firm_id, client_id)

    # --- the client's choices ---------------------------------------------------------------

    def change(self, caller: Caller, change: NotificationPreferencesChange) -> NotificationPreferences:
        """The client's choices for the topics given, over the version they read."""
        current = self._writable(caller)
        if current.version != change.version:
            raise Conflict("Your preferences were changed meanwhile. Reload and try again.", code="conflict")
        changed = current.with_channels(change.channels)
        self.preferences.save(changed)
        return changed

    def start_mobile_verification(self, caller: Caller, request: MobileNumberInput) -> MobileChallengeStarted:
        """Send a six-digit code by SMS to the number (it counts against the firm's monthly
        texts); it is valid ten minutes and five tries. A new request replaces the last code."""
        current = self._writable(caller)
        firm = self._firm(caller.firm_id)
        number = normalize_mobile(request.number, default_region(firm))
        self.limiter.hit(f"sms-code:{caller.firm_id}:{current.client_id}", CODES_PER_CLIENT, CODE_WINDOW_SECONDS)
        self.limiter.hit(f"sms-code-number:{number}", CODES_PER_NUMBER, CODE_WINDOW_SECONDS)
        code, challenge = MobileChallenge.issue(number, self.clock.now())
        self.preferences.save(current.challenged(challenge))
        client = self.clients.get(caller.firm_id, current.client_id)
        language = (client.language if client else None) or firm.portal.default_language
        outcome, _ = self._send(firm, number, code_text(firm.portal.display_name, code, language))
        if outcome is SmsOutcome.OPTED_OUT:
            message = "This number asked not to receive text messages; use another one."
            raise InvalidInput(message, [{"path": "number", "message": message}], code="sms_opted_out")
        if outcome is SmsOutcome.CAPPED:
            raise Conflict(
                "The firm cannot send more text messages this month. Try again next month or keep e-mail.",
                code="sms_cap_reached",
            )
        return MobileChallengeStarted(number=number, expires_at=challenge.expires_at)

    def confirm_mobile(self, caller: Caller, request: MobileCodeInput) -> NotificationPreferences:
        """The code typed back: the number is verified. A wrong code counts one of its five tries."""
        current = self._writable(caller)
        pending = current.pending
        if pending is None:
            raise InvalidInput.field("code", "Ask for a code first.")
        if pending.expired(self.clock.now()):
            raise Expired("This code has expired. Ask for a new one.", code="code_expired")
        if pending.exhausted():
            raise Expired("Too many wrong codes. Ask for a new one.", code="code_exhausted")
        if not pending.matches(request.code):
            self.preferences.save(current.tried())
            raise InvalidInput.field("code", "This code is not right.")
        verified = current.verified(self.clock.now())
        self.preferences.save(verified)
        return verified

    def remove_mobile(self, caller: Caller) -> NotificationPreferences:
        """The number forgotten; whatever went by SMS goes by e-mail again."""
        current = self._writable(caller)
        if current.mobile is None and current.pending is None:
            return current
        removed = current.without_mobile()
        self.preferences.save(removed)
        return removed

    # --- texts --------------------------------------------------------------------------------

    def send_sms(self, firm: Firm, phone: str, text: str) -> str | None:
        """Send one text for the firm: the message id, or None when the firm's texts for this
        month (its time zone) are used up or the number opted out. Every text goes through here."""
        _, message_id = self._send(firm, phone, text)
        return message_id

    def _send(self, firm: Firm, phone: str, text: str) -> tuple[SmsOutcome, str | None]:
        month = sms_month(self.clock.now(), firm.notifications.time_zone)
        if not self.sms_allowance.take(firm.id, month, firm.notifications.sms_monthly_cap):
            return SmsOutcome.CAPPED, None
        message_id = self.sms.send(phone, text)
        return (SmsOutcome.SENT, message_id) if message_id else (SmsOutcome.OPTED_OUT, None)

    # --- one-click unsubscribe ------------------------------------------------------------------

    def unsubscribe_url(self, firm: Firm, client_id: str, topic: Topic) -> str:
        """The List-Unsubscribe URL of an e-mail of this topic to the client: a POST there
        (RFC 8058) stops the topic. Mail apps call it; it is never a page."""
        token = self._unsubscribe_token(firm, client_id, topic)
        return f"{self.urls.api.rstrip('/')}/unsubscribe?token={quote(token, safe='')}"

    def unsubscribe_page_url(self, firm: Firm, client_id: str, topic: Topic) -> str:
        """The portal's page that explains and asks to confirm: the link in the e-mail's footer.
        Opening it changes nothing (mail scanners open links)."""
        return f"{self.urls.portal(firm.portal.slug)}/#/unsubscribe/{self._unsubscribe_token(firm, client_id, topic)}"

    def unsubscribe_page(self, token: str) -> str:
        """Where a browser that opened an unsubscribe link goes: the portal's page, which asks."""
        what = self.signer.verify_unsubscribe(token)
        firm = self.firms.get(what.firm_id)
        if firm is None:
            raise NotFound("This unsubscribe link is not valid.", code="invalid_link")
        return f"{self.urls.portal(firm.portal.slug)}/#/unsubscribe/{token}"

    def unsubscribe(self, token: str) -> UnsubscribeResult:
        """Stop the topic the signed token names; the same token again changes nothing more."""
        what = self.signer.verify_unsubscribe(token)
        if self.firms.get(what.firm_id) is None or self.clients.get(what.firm_id, what.client_id) is None:
            raise NotFound("This unsubscribe link is not valid.", code="invalid_link")
        for _ in range(3):
            current = self.of(what.firm_id, what.client_id)
            if current.choice(what.topic) is ChannelChoice.NONE:
                break
            try:
                self.preferences.save(current.unsubscribed(what.topic))
                break
            except Conflict:
                continue  # changed meanwhile: read again and stop the topic over that
        else:
            raise Conflict("Your preferences are being changed. Try again in a moment.", code="conflict")
        return UnsubscribeResult(topic=what.topic, channel=ChannelChoice.NONE)

    def _unsubscribe_token(self, firm: Firm, client_id: str, topic: Topic) -> str:
        return self.signer.sign_unsubscribe(Unsubscription(firm_id=firm.id, client_id=client_id, topic=topic))

    # --- helpers --------------------------------------------------------------------------------

    def _writable(self, caller: Caller) -> NotificationPreferences:
        """The client's preferences, when this session may change them: not a link's, not a simulation's."""
        client_id = _client_id(caller)
        if caller.claims.read_only:
            raise Forbidden("This session is read-only.", code="read_only_session")
        return self.of(caller.firm_id, client_id)

    def _firm(self, firm_id: str) -> Firm:
        firm = self.firms.get(firm_id)
        if firm is None:
            raise NotFound("Firm not found.")
        return firm


def _client_id(caller: Caller) -> str:
    if caller.client_id is None:
        raise Forbidden("Only a client has notification preferences.")
    return caller.client_id
