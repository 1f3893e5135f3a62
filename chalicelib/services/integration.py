"""F13: the integration API. Per-firm API keys; batches of up to 1,000 court movements
accepted in one call and stored through a queue, each movement once however often sent."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..domain import cnj
from ..domain.audit import Actor, AuditEntry
from ..domain.common import Page, new_id
from ..domain.errors import Conflict, NotFound, Unauthenticated
from ..domain.integration import (
    ApiKey,
    ApiKeyRequest,
    BatchAccepted,
    CheckedBatch,
    ChunkResult,
    CourtMovement,
    IngestionBatch,
    IngestionChunk,
    IngestionStatus,
    Integration,
    MatterFacts,
    MatterUpsert,
    MovementBatch,
    parse_key,
)
from ..domain.matters import Matter, MatterInput, MatterKind, MatterUpdate, number_key
from ..domain.ports import ApiKeyRepository, Clock, IngestionRepository, MatterRepository, Queue, TimelineRepository
from ..domain.timeline import Complement, TimelineItem, UpdateKind, item_id, movement_suffix
from ..domain.translations import TranslationState
from .matters import MattersService
from .translations import TranslationsService

MOVEMENTS_PER_MESSAGE = 100


@dataclass(frozen=True)
class IntegrationService:
    """F13: a firm's systems push matters and court movements with an API key; the
    ingestion worker stores each movement once."""

    keys: ApiKeyRepository
    matters: MatterRepository
    matter_service: MattersService
    timeline: TimelineRepository
    batches: IngestionRepository
    queue: Queue
    translations: TranslationsService
    clock: Clock

    # --- API keys ---------------------------------------------------------------------

    def authenticate(self, text: str) -> Integration:
        firm_id, key_id, secret = parse_key(text)
        key = self.keys.get(firm_id, key_id)
        if key is None:
            raise Unauthenticated("The API key is not valid.", code="invalid_api_key")
        key.check(secret)
        return Integration(firm_id=firm_id, key_id=key_id)

    def list_keys(self, firm_id: str, cursor: str | None, limit: int) -> Page[ApiKey]:
        """A page of the firm's keys, newest first within the page."""
        page = self.keys.page(firm_id, cursor, limit)
        return Page(items=sorted(page.items, key=lambda k: k.created_at, reverse=True), next_cursor=page.next_cursor)

    def create_key(self, actor: Actor, request: ApiKeyRequest) -> tuple[ApiKey, str]:
        """The new key and its secret, which is shown once and stored only as a hash."""
        now = self.clock.now()
        key, secret = ApiKey.issue(actor.firm_id, new_id(), request.name, actor.principal_id, now)
        self.keys.create(key, AuditEntry.record(actor, "api_key.created", f"api_key:{key.id}", now, name=key.name))
        return key, secret

    def revoke_key(self, actor: Actor, key_id: str) -> None:
        key = self.keys.get(actor.firm_id, key_id)
        if key is None:
            raise NotFound("API key not found.")
        if key.revoked_at is None:
            now = self.clock.now()
            self.keys.save(
                key.model_copy(update={"revoked_at": now}),
                AuditEntry.record(actor, "api_key.revoked", f"api_key:{key_id}", now, name=key.name),
            )

    # --- movements ----------------------------------------------------------------------

    def accept(self, caller: Integration, batch: MovementBatch, status_url: str) -> BatchAccepted:
        """Split the batch's valid records into queue messages and answer at once, naming the
        refused ones; the worker stores the rest. A batch with nothing valid is refused whole."""
        checked = batch.check()
        checked.raise_if_all_refused()
        movements, facts = _normalize(checked)
        batch_id = new_id()
        chunks = [
            movements[i : i + MOVEMENTS_PER_MESSAGE] for i in range(0, len(movements), MOVEMENTS_PER_MESSAGE)
        ] or [[]]
        self.batches.create(
            IngestionBatch(
                id=batch_id,
                firm_id=caller.firm_id,
                received_at=self.clock.now(),
                movements=len(movements),
                chunks=len(chunks),
                refused=checked.refused,
            )
        )
        # A record with no movements still opens its matter: its facts ride with the first message.
        moving = {m.matter_number for m in movements}
        for number, chunk in enumerate(chunks):
            numbers = {m.matter_number for m in chunk} | ({f.number for f in facts} - moving if number == 0 else set())
            self.queue.send(
                IngestionChunk(
                    firm_id=caller.firm_id,
                    batch_id=batch_id,
                    chunk=number,
                    key_id=caller.key_id,
                    source="court" if batch.format == "datajud" else "integration",
                    movements=chunk,
                    matters=[f for f in facts if f.number in numbers],
                )
            )
        return BatchAccepted(
            batch_id=batch_id,
            movements=len(movements),
            status_url=status_url.format(batch_id=batch_id),
            refused_count=len(checked.refused),
            refused=checked.refused,
        )

    def status(self, caller: Integration, batch_id: str) -> IngestionStatus:
        batch = self.batches.get(caller.firm_id, batch_id)
        if batch is None:
            raise NotFound("Batch not found.")
        return IngestionStatus.of(batch)

    def process(self, chunk: IngestionChunk) -> ChunkResult:
        """Store one message's movements. Safe to run again: movements have stable ids."""
        actor = Actor(firm_id=chunk.firm_id, principal_id=chunk.key_id, kind="integration")
        facts = {number_key(f.number) or "": f for f in chunk.matters}
        by_matter: dict[str, list[CourtMovement]] = defaultdict(list)
        for movement in chunk.movements:
            by_matter[number_key(movement.matter_number) or ""].append(movement)
        result = ChunkResult()
        now = self.clock.now()
        items: list[TimelineItem] = []
        matters: dict[str, Matter] = {}
        for key in list(by_matter) + [k for k in facts if k not in by_matter]:
            movements = by_matter.get(key, [])
            matter = self.matters.by_number(chunk.firm_id, key)
            if matter is None and key in facts:
                matter, created = self._open_matter(actor, facts[key])
                result.matters_created += created
            if matter is None:
                result.unknown_matters.append(movements[0].matter_number)
                continue
            matters[matter.id] = matter
            # F16: the code table's plain words are written with the movement itself.
            items += [self.translations.on_arrival(_item(matter, key, m, chunk, now)) for m in movements]
        # The movements of every matter of the message together: small records share transactions.
        stored = self.timeline.add_court_movements(items) if items else []
        new = [item for item, fresh in zip(items, stored, strict=True) if fresh]
        # What the table did not say goes to the translations worker (cache, then the model).
        self.translations.enqueue([item for item in new if item.translation_state is TranslationState.PENDING])
        result.stored += len(new)
        result.duplicates += len(items) - len(new)
        # B7: the stage follows the court. Every movement of the message, not only the new
        # ones: a message run again after storing its movements still moves the stage.
        moved: list[str] = []
        for matter_id in dict.fromkeys(item.matter_id for item in items):
            marks = [(i.occurred_at, i.code, i.national_code) for i in items if i.matter_id == matter_id and i.code]
            if marks and self.matter_service.record_court_movements(chunk.firm_id, matter_id, marks):
                moved.append(matter_id)
        for matter_id in dict.fromkeys([item.matter_id for item in new] + moved):
            if matters[matter_id].public:
                self.matters.set_notification_pending(chunk.firm_id, matter_id, True, now)
        self.batches.record_chunk(chunk.firm_id, chunk.batch_id, chunk.chunk, result)
        return result

    def upsert_matter(self, caller: Integration, data: MatterUpsert) -> tuple[Matter, bool]:
        """Create the matter with this number, or bring its court data up to date."""
        existing = self.matters.by_number(caller.firm_id, number_key(data.number) or "")
        if existing is None:
            return self.matter_service.create(
                caller.actor, MatterInput(kind=_kind(data.number), **data.model_dump())
            ), True
        changes = data.model_dump(exclude={"number"})
        current = MatterUpdate(**{**_editable(existing), **changes, "version": existing.version})
        return self.matter_service.update(caller.actor, existing.id, current), False

    def _open_matter(self, actor: Actor, facts: MatterFacts) -> tuple[Matter | None, int]:
        title = facts.procedural_class or facts.number
        try:
            return self.matter_service.create(
                actor, MatterInput(kind=_kind(facts.number), title=title, **facts.model_dump())
            ), 1
        except Conflict:  # another message opened it first
            return self.matters.by_number(actor.firm_id, number_key(facts.number) or ""), 0


def _kind(number: str) -> MatterKind:
    return MatterKind.COURT_CASE if cnj.is_valid(number) else MatterKind.OTHER_COURT_CASE


def _editable(matter: Matter) -> dict[str, object]:
    return matter.model_dump(include=set(MatterInput.model_fields))


def _item(matter: Matter, key: str, movement: CourtMovement, chunk: IngestionChunk, now: object) -> TimelineItem:
    return TimelineItem(
        id=item_id(
            movement.occurred_at,
            movement_suffix(
                key, movement.code, movement.occurred_at, movement.sent_name or movement.name, movement.complements
            ),
        ),
        firm_id=matter.firm_id,
        matter_id=matter.id,
        kind=UpdateKind.AUTOMATIC_MOVEMENT,
        occurred_at=movement.occurred_at,
        text=movement.name,
        code=movement.code,
        national_code=movement.national_code,
        complements=movement.complements,
        source=chunk.source,
        published=True,
        created_at=now,
        created_by=chunk.key_id,
        updated_at=now,
    )


def _normalize(batch: CheckedBatch) -> tuple[list[CourtMovement], list[MatterFacts]]:
    movements: list[CourtMovement] = []
    facts: list[MatterFacts] = []
    for record in batch.records:
        number = record.numeroProcesso
        facts.append(
            MatterFacts(
                number=number,
                procedural_class=record.classe.nome if record.classe else None,
                court=record.tribunal,
                venue=record.orgaoJulgador.nome if record.orgaoJulgador else None,
                instance=record.grau,
            )
        )
        for m in record.movimentos:
            complements = [
                Complement(code=c.codigo, name=c.nome, value=_text(c.valor), description=c.descricao)
                for c in m.complementosTabelados
            ]
            movements.append(
                CourtMovement(
                    matter_number=number,
                    occurred_at=m.dataHora,
                    name=m.name,
                    sent_name=m.nome if m.nome != m.name else None,
                    code=m.codigo,
                    national_code=m.codigoPaiNacional,
                    complements=complements,
                )
            )
    for p in batch.movements:
        movements.append(
            CourtMovement(
                matter_number=p.matter_number,
                occurred_at=p.occurred_at,
                name=p.text,
                code=p.code,
                complements=p.complements,
            )
        )
    return movements, facts


def _text(value: object) -> str | None:
    return None if value is None else str(value)
