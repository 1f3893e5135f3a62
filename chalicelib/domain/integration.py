"""F13: what a firm's case-management system or a court feed sends through the
integration API, authenticated by the firm's API keys."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, TypeAdapter, ValidationError, model_validator
from pydantic_core import core_schema

from .audit import Actor
from .common import DomainModel, Id, Name, SingleLine
from .errors import InvalidInput, Unauthenticated
from .movement_codes import named
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

# A court feed's text is cleaned, not refused: a stray control character in one movement of
# a thousand must not send the whole batch back, and the caller cannot fix the court's data.
# It is NFC-normalised and stripped, and its controls are dropped (a line break or a tab
# becomes a space), so what is stored, and the matters it opens, pass the rules staff input
# passes (common.SingleLine). A matter pushed on its own (MatterUpsert) is refused like the
# staff's form instead: one record, and the 422 names the field.


class _Lenient(BaseModel):
    # DataJud records carry many more fields than we use; they are accepted and ignored.
    model_config = ConfigDict(defer_build=True, extra="ignore", populate_by_name=True)


class DataJudComplement(_Lenient):
    codigo: int | None = None
    nome: Annotated[str, SingleLine(max_length=200, strip_controls=True)]
    valor: Any = None
    descricao: Annotated[str, SingleLine(max_length=500, strip_controls=True)] | None = None


class DataJudMovement(_Lenient):
    codigo: int | None = None
    # Courts' local codes often come with no name: it is then taken from the CNJ table.
    nome: Annotated[str, SingleLine(min_length=1, max_length=2000, strip_controls=True)] | None = None
    codigoPaiNacional: int | None = None  # noqa: N815 - DataJud's field name: a local code's national parent
    dataHora: When  # noqa: N815
    complementosTabelados: list[DataJudComplement] = Field(default_factory=list, max_length=50)  # noqa: N815

    @model_validator(mode="after")
    def _named(self) -> DataJudMovement:
        if self.nome is None and self.codigo is None:
            raise ValueError("A movement needs its `codigo` or its `nome`.")
        return self

    @property
    def name(self) -> str:
        return named(self.codigo, self.nome, self.codigoPaiNacional)


class DataJudNamed(_Lenient):
    codigo: int | None = None
    # A record's class and court body become the procedural class (and title) and venue of
    # the matter it opens: checked here as a matter checks them, or the worker would fail
    # on the record at every delivery.
    nome: Annotated[str, SingleLine(max_length=200, strip_controls=True)] | None = None


CaseNumber = Annotated[str, SingleLine(min_length=1, max_length=60, strip_controls=True)]


class DataJudRecord(_Lenient):
    """A DataJud `_source`: the CNJ public API's case record."""

    numeroProcesso: CaseNumber  # noqa: N815
    classe: DataJudNamed | None = None
    tribunal: Annotated[str, SingleLine(max_length=60, strip_controls=True)] | None = None
    grau: Annotated[str, SingleLine(max_length=60, strip_controls=True)] | None = None
    orgaoJulgador: DataJudNamed | None = None  # noqa: N815
    movimentos: list[DataJudMovement] = Field(default_factory=list, max_length=MAX_MOVEMENTS_PER_CALL)

    @model_validator(mode="before")
    @classmethod
    def _unwrap(cls, value: Any) -> Any:
        # Accept a search hit as it comes from the API ({"_source": {...}}) as well.
        return value.get("_source", value) if isinstance(value, dict) else value


class PlainMovement(DomainModel):
    matter_number: CaseNumber
    occurred_at: When
    text: Annotated[str, SingleLine(min_length=1, max_length=2000, strip_controls=True)]
    code: int | None = None
    complements: list[Complement] = Field(default_factory=list, max_length=50)


class _CheckedAlone:
    """A batch's record kept as sent, to be checked on its own (`MovementBatch.check`): one
    bad record must not send back the others. Documented as the model it is checked against."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        checked = handler.generate_schema(self.model)
        return core_schema.any_schema(
            metadata={"pydantic_js_annotation_functions": [lambda _c, h: h(checked)]},
            # Sent back as it came; naming the model here keeps its schema in the document.
            serialization=core_schema.wrap_serializer_function_ser_schema(lambda v, _h: v, schema=checked),
        )


class FieldProblem(DomainModel):
    path: str
    message: str


class RefusedRecord(DomainModel):
    """A record (or plain movement) of a batch that was not stored, and why."""

    position: int = Field(description="Its index in the batch's `records` (or `movements`), from 0.")
    number: str | None = Field(description="Its case number, when that could be read.")
    errors: list[FieldProblem]


class CheckedBatch(DomainModel):
    records: list[DataJudRecord] = []
    movements: list[PlainMovement] = []
    refused: list[RefusedRecord] = []

    def raise_if_all_refused(self) -> None:
        if self.refused and not self.records and not self.movements:
            details = [
                {"path": e.path, "message": e.message, "position": r.position, "number": r.number}
                for r in self.refused
                for e in r.errors
            ]
            raise InvalidInput("No record of the batch is valid.", details)


_NUMBER: TypeAdapter[str] = TypeAdapter(CaseNumber)
_Checked = TypeVar("_Checked", bound=BaseModel)


class MovementBatch(DomainModel):
    """Up to 1,000 movements per call, in DataJud records or plain movements. The envelope
    is checked here; each record on its own in `check`."""

    format: Literal["datajud", "plain"]
    records: list[Annotated[Any, _CheckedAlone(DataJudRecord)]] = Field(
        default_factory=list, max_length=MAX_MOVEMENTS_PER_CALL
    )
    movements: list[Annotated[Any, _CheckedAlone(PlainMovement)]] = Field(
        default_factory=list, max_length=MAX_MOVEMENTS_PER_CALL
    )

    @model_validator(mode="after")
    def _size(self) -> MovementBatch:
        if self.format == "datajud" and self.movements or self.format == "plain" and self.records:
            raise ValueError("Send `records` with format datajud and `movements` with format plain.")
        if self.count > MAX_MOVEMENTS_PER_CALL:
            raise ValueError(f"At most {MAX_MOVEMENTS_PER_CALL} movements per call; split the batch.")
        return self

    @property
    def count(self) -> int:
        return sum(len(_field(r, "movimentos", list) or []) for r in self.records) + len(self.movements)

    def check(self) -> CheckedBatch:
        """The valid records and movements, and the refused ones with their positions and reasons."""
        refused: list[RefusedRecord] = []
        records = _check_each("records", self.records, DataJudRecord, "numeroProcesso", refused)
        movements = _check_each("movements", self.movements, PlainMovement, "matter_number", refused)
        return CheckedBatch(records=records, movements=movements, refused=refused)


def _check_each(
    field: str, raws: list[Any], model: type[_Checked], number_field: str, refused: list[RefusedRecord]
) -> list[_Checked]:
    valid: list[_Checked] = []
    for position, raw in enumerate(raws):
        try:
            valid.append(model.model_validate(raw))
        except ValidationError as exc:
            errors = [
                FieldProblem(path=".".join(str(p) for p in (field, position, *e["loc"])), message=e["msg"])
                for e in exc.errors()
            ]
            refused.append(RefusedRecord(position=position, number=_number(raw, number_field), errors=errors))
    return valid


def _field(raw: Any, name: str, kind: type) -> Any:
    source = raw.get("_source", raw) if isinstance(raw, dict) else None
    value = source.get(name) if isinstance(source, dict) else None
    return value if isinstance(value, kind) else None


def _number(raw: Any, name: str) -> str | None:
    try:
        return _NUMBER.validate_python(_field(raw, name, str))
    except ValidationError:
        return None


class CourtMovement(DomainModel):
    """One movement, whichever format it came in."""

    matter_number: str
    occurred_at: datetime
    name: str
    # What the court sent as the name, when it is not `name` (a child part, completed from the
    # CNJ table): the movement's fingerprint is of what was sent, as it always was.
    sent_name: str | None = None
    code: int | None = None
    national_code: int | None = None  # a local code's national parent
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
    refused: list[RefusedRecord] = []
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
    refused_count: int
    refused: list[RefusedRecord]

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
            refused_count=len(batch.refused),
            refused=batch.refused,
        )


class BatchAccepted(DomainModel):
    batch_id: Id
    movements: int
    status_url: str
    refused_count: int
    refused: list[RefusedRecord]


class MatterUpsert(DomainModel):
    """A matter pushed by the firm's case-management system, matched by number."""

    number: Annotated[str, SingleLine(min_length=1, max_length=60)]
    title: Annotated[str, SingleLine(min_length=1, max_length=300)]
    court: Annotated[str, SingleLine(max_length=200)] | None = None
    venue: Annotated[str, SingleLine(max_length=200)] | None = None
    instance: Annotated[str, SingleLine(max_length=60)] | None = None
    procedural_class: Annotated[str, SingleLine(max_length=200)] | None = None


class Integration(DomainModel):
    """A verified integration caller: the firm comes from the API key."""

    firm_id: Id
    key_id: Id

    @property
    def actor(self) -> Actor:
        return Actor(firm_id=self.firm_id, principal_id=self.key_id, kind="integration")
