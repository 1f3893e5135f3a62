"""F09-F12: matters (court cases and cases out of court), their parties, and what of them
is published to which client."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from . import cnj
from .accesses import MatterFlags, VisibilityProfile
from .common import DomainModel, Id, Language, ListQuery, Name, SingleLine, Version, new_id
from .errors import InvalidInput
from .stages import CourtStage, Stage, StageOverride, stages_for

Text = Annotated[str, SingleLine(min_length=1, max_length=300)]
MAX_PARTIES = 50
MAX_RELATED = 50
# A matter and what it publishes are written in one DynamoDB transaction (at most 100
# items), which bounds the firm's clients among a matter's parties.
MAX_CLIENT_PARTIES = 20
# The other sides of the relations a save changes are written in that transaction too; a
# save that would not fit is refused on `related` (link or unlink fewer matters at a time).
MAX_ITEMS_PER_WRITE = 100
TOO_MANY_RELATION_CHANGES = (
    "These related matters cannot all be linked or unlinked in one save: "
    "their clients' pages would be too many to update at once. "
    "Change fewer related matters per save."
)
RELATED_DESCRIPTION = (
    "Related matters (appeals, offshoots). Relations are two-way: relating this matter to another adds this one to the "
    "other's related matters with the same kind, and removing it removes both sides, in one write."
)


class MatterKind(StrEnum):
    # A Brazilian court case (processo): its number is in CNJ format, check digits verified.
    COURT_CASE = "court_case"
    # A case in another court system: the number is free text.
    OTHER_COURT_CASE = "other_court_case"
    # Work out of court (caso): the number is optional.
    CASE = "case"


class MatterStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"
    ARCHIVED = "archived"


class PartyRole(StrEnum):
    PLAINTIFF = "plaintiff"
    DEFENDANT = "defendant"
    APPELLANT = "appellant"
    APPELLEE = "appellee"
    THIRD_PARTY = "third_party"
    OTHER = "other"


class RelationKind(StrEnum):
    APPEAL = "appeal"  # recurso
    OFFSHOOT = "offshoot"  # desdobramento, incidente
    RELATED = "related"


class Party(DomainModel):
    id: Id = Field(default_factory=new_id)
    name: Name
    role: PartyRole
    # The firm's client this party is, if any: it makes the client "involved" in the matter.
    client_id: Id | None = None
    # Published to the portal of the clients the matter is published to (F11, item by item).
    published: bool = False


class Relation(DomainModel):
    matter_id: Id
    kind: RelationKind


class MatterInput(DomainModel):
    kind: MatterKind
    number: Annotated[str, SingleLine(max_length=60)] | None = None
    title: Text
    court: Annotated[str, SingleLine(max_length=200)] | None = None
    venue: Annotated[str, SingleLine(max_length=200)] | None = None
    instance: Annotated[str, SingleLine(max_length=60)] | None = None
    procedural_class: Annotated[str, SingleLine(max_length=200)] | None = None
    parties: list[Party] = Field(default_factory=list, max_length=MAX_PARTIES)
    responsible_lawyer_id: Id | None = None
    status: MatterStatus = MatterStatus.ACTIVE
    private: bool = Field(
        False,
        description="Only the responsible lawyer's people work on it; clients see it only if their profile includes "
        "private matters.",
    )
    team: bool = Field(False, description="A team matter; clients see it only if their profile includes team matters.")
    billing_client_id: Id | None = None
    related: list[Relation] = Field(default_factory=list, max_length=MAX_RELATED, description=RELATED_DESCRIPTION)
    # The court, venue, instance and class, published as one item (F11).
    court_published: bool = False

    @model_validator(mode="after")
    def _number(self) -> MatterInput:
        if self.kind is MatterKind.COURT_CASE:
            digits = cnj.digits_of(self.number or "")
            if digits is None:
                raise InvalidInput.field(
                    "number", "A court case number must be in CNJ format NNNNNNN-DD.AAAA.J.TR.OOOO."
                )
            if not cnj.is_valid(digits):
                raise InvalidInput.field("number", "The CNJ number's check digits do not match.")
            self.number = cnj.format_number(digits)
        elif self.kind is MatterKind.OTHER_COURT_CASE and not self.number:
            raise InvalidInput.field("number", "A court case needs its number.")
        ids = [p.id for p in self.parties]
        if len(ids) != len(set(ids)):
            raise InvalidInput.field("parties", "Two parties have the same id.")
        if len({p.client_id for p in self.parties if p.client_id}) > MAX_CLIENT_PARTIES:
            raise InvalidInput.field(
                "parties", f"At most {MAX_CLIENT_PARTIES} of the firm's clients can be parties to one matter."
            )
        related_ids = [r.matter_id for r in self.related]
        if len(related_ids) != len(set(related_ids)):
            raise InvalidInput.field("related", "A matter is listed twice among the related matters.")
        return self


class MatterUpdate(MatterInput):
    version: Version


class Matter(DomainModel):
    id: Id
    firm_id: Id
    kind: MatterKind
    number: str | None = None
    title: str
    court: str | None = None
    venue: str | None = None
    instance: str | None = None
    procedural_class: str | None = None
    parties: list[Party] = []
    responsible_lawyer_id: Id | None = None
    responsible_lawyer_name: str | None = None
    status: MatterStatus = MatterStatus.ACTIVE
    private: bool = False
    team: bool = False
    billing_client_id: Id | None = None
    related: list[Relation] = Field([], description=RELATED_DESCRIPTION)
    court_published: bool = False
    # The clients the matter is published to; always among the involved ones.
    published_to: list[Id] = []
    # A published change the clients have not been told about yet (F12), and when the
    # latest such change was made (kept beside the document, like the flag).
    notification_pending: bool = False
    notification_pending_at: datetime | None = None
    # B7: the stage staff set (wins), and what the court's movements say, kept beside the
    # document (a court movement is not an edit: it makes no new version).
    stage_override: StageOverride | None = None
    court_stage: CourtStage | None = Field(None, description="The court movements' stage marks and what they make.")
    # The answer's: where the matter stands, in the caller's language (not stored).
    stage: Stage | None = Field(None, description="Where the matter stands (the staff's stage, else the court's).")
    # F20: the consultation it was converted from, and how many consultations are linked to it
    # (kept beside the document: linking one is not an edit of the matter).
    consultation_id: Id | None = Field(None, description="The consultation this matter was converted from.")
    consultation_count: int = Field(0, description="How many of the firm's consultations are linked to it.")
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @property
    def number_key(self) -> str | None:
        return number_key(self.number)

    @property
    def involved_client_ids(self) -> list[str]:
        return sorted({p.client_id for p in self.parties if p.client_id})

    @property
    def public(self) -> bool:
        return bool(self.published_to)

    @property
    def in_court(self) -> bool:
        return self.kind is not MatterKind.CASE

    def effective_stage(self, language: Language = Language.PT_BR) -> Stage | None:
        """B7: the stage staff set, if it is one of the matter's list; else, for a court
        case, the one its court movements make; else none."""
        override = self.stage_override
        if override is not None and override.key in stages_for(self.in_court):
            return Stage.of(override.key, self.in_court, True, language)
        if self.in_court and self.court_stage is not None and self.court_stage.key is not None:
            return Stage.of(self.court_stage.key, True, False, language)
        return None

    def answered(self, language: Language) -> Matter:
        """The matter as the API answers it: with its stage in the caller's language."""
        return self.model_copy(update={"stage": self.effective_stage(language)})

    def view_for(self, client_id: str) -> ClientMatterView:
        """What a client the matter is published to sees of it."""
        court = self.court_published
        return ClientMatterView(
            id=self.id,
            kind=self.kind,
            number=self.number,
            title=self.title,
            status=self.status,
            court=self.court if court else None,
            venue=self.venue if court else None,
            instance=self.instance if court else None,
            procedural_class=self.procedural_class if court else None,
            parties=[
                PublishedParty(name=p.name, role=p.role, is_you=p.client_id == client_id)
                for p in self.parties
                if p.published
            ],
            responsible_lawyer=self.responsible_lawyer_name,
            related=[RelatedMatter(id=r.matter_id, kind=r.kind) for r in self.related],
            private=self.private,
            team=self.team,
            updated_at=self.updated_at,
            stage=self.effective_stage(),
        )

    def pending_notification(self) -> PendingNotification | None:
        """The matter in the firm's list of pending notifications, while it is there."""
        if not self.notification_pending or self.notification_pending_at is None:
            return None
        names = {p.client_id: p.name for p in self.parties if p.client_id}
        return PendingNotification(
            matter_id=self.id,
            title=self.title,
            number=self.number,
            client_names=[names[c] for c in self.published_to if c in names],
            changed_at=self.notification_pending_at,
        )

    def summary(self) -> MatterSummary:
        return MatterSummary(
            id=self.id,
            kind=self.kind,
            number=self.number,
            title=self.title,
            status=self.status,
            public=self.public,
            published_to=self.published_to,
            involved_client_ids=self.involved_client_ids,
            private=self.private,
            team=self.team,
            responsible_lawyer_name=self.responsible_lawyer_name,
            created_at=self.created_at,
            updated_at=self.updated_at,
            stage=self.effective_stage(),
        )


def number_key(number: str | None) -> str | None:
    """How a number is looked up: the 20 digits of a CNJ number, else the text folded."""
    if not number:
        return None
    return cnj.digits_of(number) or " ".join(number.casefold().split())


class MatterSummary(DomainModel):
    """A matter in the staff's lists."""

    id: Id
    kind: MatterKind
    number: str | None
    title: str
    status: MatterStatus
    public: bool
    published_to: list[Id]
    involved_client_ids: list[Id]
    private: bool
    team: bool
    responsible_lawyer_name: str | None
    created_at: datetime
    updated_at: datetime
    stage: Stage | None = None

    def in_language(self, language: Language) -> MatterSummary:
        return self.model_copy(update={"stage": self.stage.in_language(language) if self.stage else None})


class PublishedParty(DomainModel):
    name: str
    role: PartyRole
    is_you: bool


class RelatedMatter(DomainModel):
    """A related matter the client may see too; title and number come from the client's
    own view of it when the portal reads it (stored views keep only the relation)."""

    id: Id
    kind: RelationKind
    title: str | None = None
    number: str | None = None


class ClientMatterView(DomainModel):
    """A matter as the client's portal shows it: only what is published."""

    id: Id
    kind: MatterKind
    number: str | None
    title: str
    status: MatterStatus
    court: str | None
    venue: str | None
    instance: str | None
    procedural_class: str | None
    parties: list[PublishedParty]
    responsible_lawyer: str | None
    related: list[RelatedMatter]
    private: bool
    team: bool
    updated_at: datetime
    stage: Stage | None = None

    def in_language(self, language: Language) -> ClientMatterView:
        return self.model_copy(update={"stage": self.stage.in_language(language) if self.stage else None})

    @property
    def flags(self) -> MatterFlags:
        return MatterFlags.of(self.private, self.team)

    def visible_to(self, profile: VisibilityProfile) -> bool:
        """F07: a private or team matter shows only if the access's profile includes them."""
        return self.flags.allowed_by(profile)


class Publication(DomainModel):
    client_ids: list[Id] = Field(max_length=100)
    version: Version


class MatterListQuery(DomainModel):
    client_id: Id | None = None
    status: MatterStatus | None = None
    public: bool | None = None


class NotifyResult(DomainModel):
    notified_client_ids: list[Id]


class PendingNotification(DomainModel):
    """F12 "notify later": a matter whose clients have not been told about a published
    change yet, as the firm's list of pending notifications shows it."""

    matter_id: Id
    title: str
    number: str | None
    client_names: list[str] = Field(description="The clients a notification would reach (their names as parties).")
    changed_at: datetime = Field(description="When the latest change the clients were not told about was made.")


# How many pending matters one "notify all" notifies; the answer says whether more remain.
NOTIFY_PENDING_BATCH = 100


class NotifyPendingResult(DomainModel):
    notified_matters: int = Field(description="How many matters were notified now.")
    notified_clients: int = Field(description="How many e-mails to clients were queued (one per client and matter).")
    more: bool = Field(description="Whether matters remain pending after these (call again).")


class MatterListParams(ListQuery, MatterListQuery):
    """Filters: by involved client, by status, public or not."""
