"""F13: what a firm's case-management system or a court feed sends through the
integration API, authenticated by the firm's API keys."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .audit import Actor
from .common import DomainModel, Id, Name
from .errors import Unauthenticated
from .timeline import Complement, When

MAX_MOVEMENTS_PER_CALL = 1000
KEY_PREFIX = "lpk"


class ApiKey(DomainModel):
    id: Id
    firm_id: Id
    name: Name
    secret_hash: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None = None

    @classmethod
    def issue(cls, firm_id: str, key_id: str, name: str, created_by: str, now: datetime) -> tuple[ApiKey, str]:
        """The key and its secret text, which is shown once and kept only as a hash."""
        secret = secrets.token_urlsafe(32)
        key = cls(
            id=key_id, firm_id=firm_id, name=name, secret_hash=_hash(secret), created_at=now, created_by=created_by
        )
        return key, f"{KEY_PREFIX}_{firm_id}_{key_id}_{secret}"

    def check(self, secret: str) -> None:
        if self.revoked_at is not None or not hmac.compare_digest(self.secret_hash, _hash(secret)):
            raise Unauthenticated("The API key is not valid.", code="invalid_api_key")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_key(text: str) -> tuple[str, str, str]:
    """(firm id, key id, secret) of `lpk_<firm>_<key>_<secret>`."""
    parts = text.split("_", 3)
    if (
        len(parts) != 4
        or parts[0] != KEY_PREFIX
        or not parts[1].isalnum()
        or not parts[2].isalnum()
        or len(parts[3]) < 20
    ):
        raise Unauthenticated("The API key is not valid.", code="invalid_api_key")
    return parts[1], parts[2], parts[3]


class ApiKeyRequest(DomainModel):
    name: Name


# --- what the integration sends ---------------------------------------------------------


class _Lenient(BaseModel):
    # DataJud records carry many more fields than we use; they are accepted and ignored.
    model_config = ConfigDict(defer_build=True, extra="ignore", populate_by_name=True)


class DataJudComplement(_Lenient):
    codigo: int | None = None
    nome: Annotated[str, StringConstraints(max_length=200)]
    valor: Any = None
    descricao: Annotated[str, StringConstraints(max_length=500)] | None = None


class DataJudMovement(_Lenient):
    codigo: int | None = None
    nome: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    dataHora: When  # noqa: N815 - DataJud's field name
    complementosTabelados: list[DataJudComplement] = Field(default_factory=list, max_length=50)  # noqa: N815


class DataJudNamed(_Lenient):
    codigo: int | None = None
    # A record's class and court body become the procedural class (and title) and venue of
    # the matter it opens: checked here as a matter checks them, or the worker would fail
    # on the record at every delivery.
    nome: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None


class DataJudRecord(_Lenient):
    """A DataJud `_source`: the CNJ public API's case record."""

    numeroProcesso: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]  # noqa: N815
    classe: DataJudNamed | None = None
    tribunal: Annotated[str, StringConstraints(max_length=60)] | None = None
    grau: Annotated[str, StringConstraints(max_length=60)] | None = None
    orgaoJulgador: DataJudNamed | None = None  # noqa: N815
    movimentos: list[DataJudMovement] = Field(default_factory=list, max_length=MAX_MOVEMENTS_PER_CALL)

    @model_validator(mode="before")
    @classmethod
    def _unwrap(cls, value: Any) -> Any:
        # Accept a search hit as it comes from the API ({"_source": {...}}) as well.
        return value.get("_source", value) if isinstance(value, dict) else value


class PlainMovement(DomainModel):
    matter_number: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    occurred_at: When
    text: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    code: int | None = None
    complements: list[Complement] = Field(default_factory=list, max_length=50)


class MovementBatch(DomainModel):
    """Up to 1,000 movements per call, in DataJud records or plain movements."""

    format: Literal["datajud", "plain"]
    records: list[DataJudRecord] = Field(default_factory=list, max_length=MAX_MOVEMENTS_PER_CALL)
    movements: list[PlainMovement] = Field(default_factory=list, max_length=MAX_MOVEMENTS_PER_CALL)

    @model_validator(mode="after")
    def _size(self) -> MovementBatch:
        if self.format == "datajud" and self.movements or self.format == "plain" and self.records:
            raise ValueError("Send `records` with format datajud and `movements` with format plain.")
        if self.count > MAX_MOVEMENTS_PER_CALL:
            raise ValueError(f"At most {MAX_MOVEMENTS_PER_CALL} movements per call; split the batch.")
        return self

    @property
    def count(self) -> int:
        return sum(len(r.movimentos) for r in self.records) + len(self.movements)


class CourtMovement(DomainModel):
    """One movement, whichever format it came in."""

    matter_number: str
    occurred_at: datetime
    name: str
    code: int | None = None
    complements: list[Complement] = []


class MatterFacts(DomainModel):
    """What a DataJud record says of the matter, to open it when the firm has no such matter yet."""

    number: str
    procedural_class: str | None = None
    court: str | None = None
    venue: str | None = None
    instance: str | None = None


class IngestionChunk(DomainModel):
    """One queue message: part of a batch."""

    firm_id: Id
    batch_id: Id
    chunk: int
    key_id: Id
    source: Literal["court", "integration"]
    movements: list[CourtMovement]
    matters: list[MatterFacts] = []


class ChunkResult(DomainModel):
    stored: int = 0
    duplicates: int = 0
    matters_created: int = 0
    unknown_matters: list[str] = []


class IngestionBatch(DomainModel):
    id: Id
    firm_id: Id
    received_at: datetime
    movements: int
    chunks: int
    results: dict[str, ChunkResult] = {}

    @property
    def done(self) -> bool:
        return len(self.results) >= self.chunks


class IngestionStatus(DomainModel):
    id: Id
    received_at: datetime
    movements: int
    status: Literal["processing", "done"]
    stored: int
    duplicates: int
    matters_created: int
    unknown_matters: list[str]

    @classmethod
    def of(cls, batch: IngestionBatch) -> IngestionStatus:
        results = batch.results.values()
        return cls(
            id=batch.id,
            received_at=batch.received_at,
            movements=batch.movements,
            status="done" if batch.done else "processing",
            stored=sum(r.stored for r in results),
            duplicates=sum(r.duplicates for r in results),
            matters_created=sum(r.matters_created for r in results),
            unknown_matters=sorted({n for r in results for n in r.unknown_matters}),
        )


class BatchAccepted(DomainModel):
    batch_id: Id
    movements: int
    status_url: str


class MatterUpsert(DomainModel):
    """A matter pushed by the firm's case-management system, matched by number."""

    number: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    title: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    court: Annotated[str, StringConstraints(max_length=200)] | None = None
    venue: Annotated[str, StringConstraints(max_length=200)] | None = None
    instance: Annotated[str, StringConstraints(max_length=60)] | None = None
    procedural_class: Annotated[str, StringConstraints(max_length=200)] | None = None


class Integration(DomainModel):
    """A verified integration caller: the firm comes from the API key."""

    firm_id: Id
    key_id: Id

    @property
    def actor(self) -> Actor:
        return Actor(firm_id=self.firm_id, principal_id=self.key_id, kind="integration")
