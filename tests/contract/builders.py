"""Entities built directly, as the services would hand them to a repository. Every firm id,
slug, e-mail and key is new, so tests never meet each other's items in the DynamoDB tables
the session shares."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.domain.accesses import Access, AccessStatus, AccessType, VisibilityProfile
from chalicelib.domain.audit import Actor, AuditEntry
from chalicelib.domain.clients import Client
from chalicelib.domain.common import new_id
from chalicelib.domain.firm import Firm, PortalSettings
from chalicelib.domain.identity import Credentials, PrincipalKind, RefreshSession, Role, with_credentials
from chalicelib.domain.integration import ApiKey, ChunkResult, IngestionBatch
from chalicelib.domain.matters import Matter, MatterKind, Party, PartyRole
from chalicelib.domain.staff import StaffMember, StaffStatus
from chalicelib.domain.timeline import TimelineItem, UpdateKind, item_id, random_suffix

NOW = datetime(2026, 3, 2, 12, 0, 0, tzinfo=UTC)


def unique(prefix: str = "") -> str:
    return prefix + new_id()


def a_firm(firm_id: str, slug: str | None = None, **changes: Any) -> Firm:
    name = "Silva Advogados"
    portal = PortalSettings(enabled=True, slug=slug or unique("s"), display_name=name, sender_name=name)
    return Firm(id=firm_id, name=name, portal=portal, created_at=NOW, **changes)


def a_staff_member(firm_id: str, email: str | None = None, role: Role = Role.STAFF, **changes: Any) -> StaffMember:
    defaults: dict[str, Any] = {
        "name": "Ana Admin",
        "status": StaffStatus.ACTIVE,
        "credentials": Credentials(password_hash="hash-1"),
    }
    return StaffMember(
        id=unique(),
        firm_id=firm_id,
        email=email or f"{unique()}@staff.example.com",
        role=role,
        created_at=NOW,
        **{**defaults, **changes},
    )


def a_client(firm_id: str, name: str = "Maria Souza", emails: list[str] | None = None, **changes: Any) -> Client:
    defaults: dict[str, Any] = {"created_at": NOW, "updated_at": NOW}
    emails = [f"{unique()}@client.example.com"] if emails is None else emails
    return Client(id=unique(), firm_id=firm_id, name=name, emails=emails, **{**defaults, **changes})


def an_access(client: Client, email: str | None = None, **changes: Any) -> Access:
    defaults: dict[str, Any] = {
        "type": AccessType.ACCOUNT,
        "status": AccessStatus.PENDING,
        "profile": VisibilityProfile(),
        "credentials": Credentials(),
    }
    return Access(
        firm_id=client.firm_id,
        client_id=client.id,
        email=email or client.emails[0],
        created_at=NOW,
        created_by="staff1",
        **{**defaults, **changes},
    )


def edited(entity: Any, **changes: Any) -> Any:
    """The entity as an admin's edit leaves it: the next version."""
    return entity.model_copy(update={**changes, "version": entity.version + 1})


def new_credentials(principal: Any, **changes: Any) -> Any:
    """The principal holding changed credentials, as the next revision of the ones read."""
    return with_credentials(principal, principal.credentials.model_copy(update=changes))


def an_audit_entry(firm_id: str, at: datetime = NOW, action: str = "thing.changed") -> AuditEntry:
    actor = Actor(firm_id=firm_id, principal_id="staff1", kind="staff", email="ana@staff.example.com")
    return AuditEntry.record(actor, action, "thing:1", at)


def a_session(firm_id: str, secret_hash: str = "secret-1") -> RefreshSession:
    return RefreshSession(
        firm_id=firm_id,
        session_id=unique(),
        principal_id="staff1",
        kind=PrincipalKind.STAFF,
        generation=1,
        secret_hash=secret_hash,
        created_at=NOW,
        expires_at=NOW + timedelta(days=30),
    )


def a_party(client: Client, published: bool = True) -> Party:
    return Party(name=client.name, role=PartyRole.PLAINTIFF, client_id=client.id, published=published)


def a_matter(
    firm_id: str,
    number: str | None = None,
    clients: list[Client] | None = None,
    created_at: datetime = NOW,
    **changes: Any,
) -> Matter:
    defaults: dict[str, Any] = {
        "kind": MatterKind.OTHER_COURT_CASE if number else MatterKind.CASE,
        "title": "Contrato de locação",
        "parties": [a_party(c) for c in clients or []],
        "updated_at": created_at,
    }
    return Matter(id=unique(), firm_id=firm_id, number=number, created_at=created_at, **{**defaults, **changes})


def an_item(
    matter: Matter, occurred_at: datetime = NOW, kind: UpdateKind = UpdateKind.MANUAL_MOVEMENT, **changes: Any
) -> TimelineItem:
    defaults: dict[str, Any] = {
        "id": item_id(occurred_at, random_suffix()),
        "text": "Juntada de petição",
        "created_by": "staff1",
        "created_at": NOW,
        "updated_at": NOW,
    }
    return TimelineItem(
        firm_id=matter.firm_id, matter_id=matter.id, kind=kind, occurred_at=occurred_at, **{**defaults, **changes}
    )


def an_api_key(firm_id: str, name: str = "Court feed") -> ApiKey:
    key, _ = ApiKey.issue(firm_id, unique(), name, "staff1", NOW)
    return key


def a_batch(firm_id: str, chunks: int = 2) -> IngestionBatch:
    return IngestionBatch(id=unique(), firm_id=firm_id, received_at=NOW, movements=10 * chunks, chunks=chunks)


def a_result(stored: int = 3, duplicates: int = 0) -> ChunkResult:
    return ChunkResult(stored=stored, duplicates=duplicates)
