"""A client's notification choices (issue 10): per topic e-mail, SMS or nothing, and the
verified mobile number SMS goes to. Invitations, access links, password resets and what
goes to staff have no topic (notifications.TOPICS) and always go by e-mail.

Numbers are kept in E.164 (`+5511987654321`), parsed with Google's libphonenumber
metadata (`phonenumbers`), so "(11) 98765-4321" typed in a Brazilian firm's portal and
"+55 11 98765 4321" are one number."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field, StringConstraints

from .common import DomainModel, Id, Language, SingleLine
from .errors import InvalidInput
from .firm import Firm
from .notifications import Channel, Topic


class ChannelChoice(StrEnum):
    """What the client chose for a topic: `none` is a choice, and is honoured."""

    EMAIL = "email"
    SMS = "sms"
    NONE = "none"


E164 = Annotated[str, StringConstraints(pattern=r"^\+[1-9][0-9]{6,14}$")]

# The mobile check: a code of six digits, valid ten minutes, five tries.
CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
CODE_ATTEMPTS = 5


class VerifiedMobile(DomainModel):
    number: E164
    verified_at: datetime


class MobileChallenge(DomainModel):
    """A code sent by SMS to a number the client wants to use, not yet typed back. Only
    its salted hash is kept."""

    number: E164
    code_hash: str
    salt: str
    expires_at: datetime
    attempts: int = 0

    @classmethod
    def issue(cls, number: str, now: datetime) -> tuple[str, MobileChallenge]:
        """A new random code and the challenge that checks it."""
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        salt = secrets.token_hex(16)
        return code, cls(number=number, code_hash=_code_hash(salt, code), salt=salt, expires_at=now + CODE_LIFETIME)

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    def exhausted(self) -> bool:
        return self.attempts >= CODE_ATTEMPTS

    def matches(self, code: str) -> bool:
        return hmac.compare_digest(self.code_hash, _code_hash(self.salt, code.strip()))


def _code_hash(salt: str, code: str) -> str:
    return hmac.new(salt.encode(), code.encode(), hashlib.sha256).hexdigest()


class NotificationPreferences(DomainModel):
    """What one client chose. Nothing stored means e-mail for every topic (version 0)."""

    firm_id: Id
    client_id: Id
    channels: dict[Topic, ChannelChoice] = {}
    mobile: VerifiedMobile | None = None
    pending: MobileChallenge | None = None
    version: int = Field(0, ge=0)

    @classmethod
    def defaults(cls, firm_id: str, client_id: str) -> NotificationPreferences:
        return cls(firm_id=firm_id, client_id=client_id)

    def choice(self, topic: Topic) -> ChannelChoice:
        """The client's choice for the topic, e-mail unless they chose otherwise."""
        return self.channels.get(topic, ChannelChoice.EMAIL)

    def choices(self) -> dict[Topic, ChannelChoice]:
        """Every topic with its choice, in the order of `Topic`."""
        return {topic: self.choice(topic) for topic in Topic}

    def channel_for(self, topic: Topic) -> Channel | None:
        """How a notification of this topic goes: None when the client chose nothing; SMS
        only while a verified mobile exists, else e-mail."""
        choice = self.choice(topic)
        if choice is ChannelChoice.NONE:
            return None
        if choice is ChannelChoice.SMS and self.mobile is not None:
            return Channel.SMS
        return Channel.EMAIL

    def with_channels(self, channels: dict[Topic, ChannelChoice]) -> NotificationPreferences:
        """The given topics set (the others as they were). SMS needs a verified mobile:
        InvalidInput on the topic's field otherwise."""
        for topic, choice in channels.items():
            if choice is ChannelChoice.SMS and self.mobile is None:
                raise InvalidInput.field(
                    f"channels.{topic}", "Verify a mobile number before choosing text messages (SMS)."
                )
        return self._next(channels={**self.channels, **channels})

    def unsubscribed(self, topic: Topic) -> NotificationPreferences:
        return self._next(channels={**self.channels, topic: ChannelChoice.NONE})

    def challenged(self, challenge: MobileChallenge) -> NotificationPreferences:
        return self._next(pending=challenge)

    def tried(self) -> NotificationPreferences:
        """One wrong code counted."""
        assert self.pending is not None
        return self._next(pending=self.pending.model_copy(update={"attempts": self.pending.attempts + 1}))

    def verified(self, now: datetime) -> NotificationPreferences:
        assert self.pending is not None
        return self._next(mobile=VerifiedMobile(number=self.pending.number, verified_at=now), pending=None)

    def without_mobile(self) -> NotificationPreferences:
        """The number (and any code waiting) gone; every SMS choice turns back to e-mail."""
        channels = {t: ChannelChoice.EMAIL if c is ChannelChoice.SMS else c for t, c in self.channels.items()}
        return self._next(channels=channels, mobile=None, pending=None)

    def _next(self, **changes: object) -> NotificationPreferences:
        return self.model_copy(update={**changes, "version": self.version + 1})


# --- what callers send --------------------------------------------------------------------


class NotificationPreferencesChange(DomainModel):
    """The client's choices for some or all topics, over the version they read (0 when
    nothing was stored yet)."""

    channels: dict[Topic, ChannelChoice]
    version: int = Field(ge=0, strict=True)


class MobileNumberInput(DomainModel):
    """The number as the client types it: with a country code (+55 ...), or in the firm's
    country's own format."""

    number: Annotated[str, SingleLine(min_length=1, max_length=40)]


class MobileCodeInput(DomainModel):
    code: Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")]


class MobileChallengeStarted(DomainModel):
    """What the client is told once the code is on its way (the number as it was understood)."""

    number: E164
    expires_at: datetime


# --- phone numbers --------------------------------------------------------------------------

# The country a number without a country code is read in: the firm's, from its default
# language, and for Spanish from its time zone (a despacho in Madrid or in Santiago).
_SPANISH_REGIONS = {
    "Europe/Madrid": "ES",
    "Atlantic/Canary": "ES",
    "Africa/Ceuta": "ES",
    "America/Santiago": "CL",
    "America/Punta_Arenas": "CL",
    "America/Mexico_City": "MX",
    "America/Bogota": "CO",
    "America/Lima": "PE",
    "America/Argentina/Buenos_Aires": "AR",
    "America/Montevideo": "UY",
}


def default_region(firm: Firm) -> str | None:
    """The region numbers typed without `+` are read in; None: the country code is needed."""
    if firm.portal.default_language is Language.PT_BR:
        return "BR"
    if firm.portal.default_language is Language.ES:
        return _SPANISH_REGIONS.get(firm.notifications.time_zone)
    return None


def normalize_mobile(number: str, region: str | None) -> str:
    """The number in E.164, or InvalidInput on `number` when it is not a valid mobile one."""
    import phonenumbers

    message = "This is not a valid mobile number. Write it with the country code, e.g. +55 11 98765-4321."
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        raise InvalidInput.field("number", message) from None
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidInput.field("number", message)
    kind = phonenumbers.number_type(parsed)
    if kind not in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise InvalidInput.field("number", "Text messages need a mobile number; this one is a landline or a service.")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


# --- SMS ----------------------------------------------------------------------------------


def sms_month(now: datetime, time_zone: str) -> str:
    """The calendar month (`yyyy-mm`) in the firm's time zone that a text sent now counts in."""
    return now.astimezone(ZoneInfo(time_zone)).strftime("%Y-%m")


_CODE_TEXTS = {
    Language.PT_BR: "{firm}: seu código de verificação é {code}. Ele vale por 10 minutos.",
    Language.ES: "{firm}: su código de verificación es {code}. Es válido por 10 minutos.",
    Language.EN: "{firm}: your verification code is {code}. It is valid for 10 minutes.",
}


def code_text(firm_name: str, code: str, language: Language) -> str:
    return _CODE_TEXTS[language].format(firm=firm_name, code=code)


# --- one-click unsubscribe (RFC 8058) -------------------------------------------------------


class Unsubscription(DomainModel):
    """What a signed unsubscribe link names: the firm, the client and the topic to stop."""

    firm_id: Id
    client_id: Id
    topic: Topic


class UnsubscribeQuery(DomainModel):
    """`?token=` of an unsubscribe link (other parameters a mail app adds are ignored)."""

    model_config = DomainModel.model_config | {"extra": "ignore"}
    token: Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class UnsubscribeResult(DomainModel):
    topic: Topic
    channel: ChannelChoice


def list_unsubscribe_headers(url: str) -> dict[str, str]:
    """The headers of a news or digest e-mail that let mail apps offer one-click
    unsubscribe (RFC 2369, RFC 8058). Never on invitations, links or resets."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
