"""F04: the firm's client directory."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from .accesses import Access
from .common import DomainModel, Email, Id, Language, ListQuery, Name, Phone, Version

MAX_EMAILS = 5
MAX_NOTIFICATION_EMAILS = 10
MAX_NAME_TERMS = 6


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


class ClientInput(DomainModel):
    name: Name
    # The first e-mail is the main one; at least one is needed to grant portal access.
    emails: list[Email] = Field(default_factory=list, max_length=MAX_EMAILS)
    phone: Phone | None = None
    # None means the firm's default language.
    language: Language | None = None
    # Extra addresses that receive copies of the client's notifications (news, requests).
    notification_emails: list[Email] = Field(default_factory=list, max_length=MAX_NOTIFICATION_EMAILS)

    _dedupe = field_validator("emails", "notification_emails")(_unique)


class ClientUpdate(ClientInput):
    version: Version


class AccessSummary(DomainModel):
    """The client's portal access as the directory lists it (badges, filters)."""

    type: str
    status: str
    email: Email


class Client(DomainModel):
    id: Id
    firm_id: Id
    name: Name
    emails: list[Email] = []
    phone: Phone | None = None
    language: Language | None = None
    notification_emails: list[Email] = []
    access: AccessSummary | None = None
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @property
    def main_email(self) -> str | None:
        return self.emails[0] if self.emails else None

    def with_access(self, access: Access | None) -> Client:
        summary = AccessSummary(type=access.type, status=access.status, email=access.email) if access else None
        return self.model_copy(update={"access": summary})

    def search_terms(self) -> list[str]:
        """Every key a search prefix may match: the name from each word on, and each e-mail."""
        words = normalize(self.name).split()
        name_terms = [" ".join(words[i:]) for i in range(min(len(words), MAX_NAME_TERMS))]
        return _unique(name_terms + list(self.emails))

    def first_term_matching(self, prefix: str) -> str | None:
        """The smallest term that starts with the prefix. The search index is sorted by
        term, so a client is listed only at this term: once per search, whatever the page."""
        matching = [term for term in self.search_terms() if term.startswith(prefix)]
        return min(matching) if matching else None


def normalize(text: str) -> str:
    """Lower-case, accents removed, spaces collapsed: 'João  Silva' -> 'joao silva'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


class ClientListQuery(ListQuery):
    q: Annotated[str, StringConstraints(max_length=100)] | None = Field(
        None, description="A prefix of a name word or of an e-mail."
    )


class LanguageChoice(DomainModel):
    language: Language
