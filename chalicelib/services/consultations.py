"""F20: staff record consultations with clients and prospects, write their threads, attach
documents, keep their tasks, and convert one into a matter. Internal: no client sees any of it."""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass
from typing import TypeVar

from ..domain.audit import Actor, AuditEntry
from ..domain.clients import Client
from ..domain.common import Page, new_id
from ..domain.consultations import (
    Consultation,
    ConsultationChange,
    ConsultationEntry,
    ConsultationInput,
    ConsultationQuery,
    Conversion,
    EntryChange,
    EntryInput,
    StaffRef,
    Task,
    TaskChange,
    TaskInput,
    entry_id,
)
from ..domain.documents import Document, UploadRequest, UploadTicket
from ..domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from ..domain.identity import Role
from ..domain.matters import Matter, MatterInput, Party, PartyRole
from ..domain.ports import (
    ClientRepository,
    Clock,
    ConsultationRepository,
    ConversionWrite,
    DocumentRepository,
    MatterRepository,
    StaffRepository,
)
from ..domain.staff import StaffMember
from .documents import DocumentsService

T = TypeVar("T")
_ID = re.compile(r"^[a-z0-9]{1,40}$")
STALE = "This consultation was changed by someone else. Reload and try again."
_ATTEMPTS = 5


@dataclass(frozen=True)
class ConversionResult:
    consultation: Consultation
    matter: Matter


@dataclass(frozen=True)
class ConsultationsService:
    consultations: ConsultationRepository
    clients: ClientRepository
    staff: StaffRepository
    matters: MatterRepository
    documents: DocumentRepository
    uploads: DocumentsService
    clock: Clock

    # --- the consultation ----------------------------------------------------------------------

    def get(self, firm_id: str, consultation_id: str) -> Consultation:
        _known(consultation_id)
        consultation = self.consultations.get(firm_id, consultation_id)
        if consultation is None:
            raise NotFound("Consultation not found.")
        return consultation

    def list(self, firm_id: str, query: ConsultationQuery, cursor: str | None, limit: int) -> Page[Consultation]:
        return self.consultations.list(firm_id, query, cursor, limit)

    def of_client(self, firm_id: str, client: Client | None, cursor: str | None, limit: int) -> Page[Consultation]:
        """The client's consultations (the client as read with the caller: None, not in the firm)."""
        if client is None or client.firm_id != firm_id:
            raise NotFound("Client not found.")
        return self.consultations.list(firm_id, ConsultationQuery(client_id=client.id), cursor, limit)

    def of_matter(self, firm_id: str, matter_id: str, cursor: str | None, limit: int) -> Page[Consultation]:
        """The consultations linked to the matter; NotFound when the firm has no such matter."""
        _known(matter_id)
        page = self.consultations.list(firm_id, ConsultationQuery(matter_id=matter_id), cursor, limit)
        if not page.items and not cursor and self.matters.get(firm_id, matter_id) is None:
            raise NotFound("Matter not found.")
        return page

    def _exists(self, firm_id: str, consultation_id: str, page: Page[T], cursor: str | None) -> Page[T]:
        """A page of what hangs under a consultation: an empty first page may mean there is none."""
        if not page.items and not cursor:
            self.get(firm_id, consultation_id)
        return page

    def create(self, actor: Actor, data: ConsultationInput) -> Consultation:
        now = self.clock.now()
        author = self._staff_ref(actor.firm_id, actor.principal_id)
        references = self._references(actor.firm_id, data, None, author)
        consultation = Consultation(
            id=new_id(),
            firm_id=actor.firm_id,
            subject=data.subject,
            occurred_at=data.occurred_at or now,
            prospect=data.prospect,
            important=data.important,
            earlier_consultation_id=data.earlier_consultation_id,
            created_at=now,
            created_by=author,
            updated_at=now,
            entry_count=1 if data.text else 0,
            **references,
        )
        entry = (
            ConsultationEntry(
                id=entry_id(now),
                firm_id=actor.firm_id,
                consultation_id=consultation.id,
                author=author,
                written_at=now,
                text=data.text,
            )
            if data.text
            else None
        )
        audit = AuditEntry.record(
            actor, "consultation.created", f"consultation:{consultation.id}", now, subject=consultation.subject
        )
        self.consultations.create(consultation, entry, audit)
        return consultation

    def change(self, actor: Actor, consultation_id: str, data: ConsultationChange) -> Consultation:
        for _ in range(_ATTEMPTS):
            current = self.get(actor.firm_id, consultation_id)
            if current.version != data.version:
                raise Conflict(STALE, code="stale_version")
            try:
                return self._change(actor, current, data)
            except Conflict as conflict:
                if conflict.code == "converted":
                    raise
                continue  # an entry, task or document counted meanwhile (no new version): again
        raise Conflict("This consultation is changing right now. Try again.", code="conflict")

    def _change(self, actor: Actor, current: Consultation, data: ConsultationChange) -> Consultation:
        if current.converted and (data.matter_id != current.matter_id or data.client_id != current.client_id):
            raise Conflict(
                "This consultation was converted into its matter: its client and matter stay.", code="converted"
            )
        references = self._references(actor.firm_id, data, current, current.created_by)
        now = self.clock.now()
        updated = current.model_copy(
            update={
                "subject": data.subject,
                "occurred_at": data.occurred_at or current.occurred_at,
                "prospect": data.prospect,
                "important": data.important,
                "earlier_consultation_id": data.earlier_consultation_id,
                "updated_at": now,
                "version": current.version + 1,
                **references,
            }
        )
        fields = sorted(
            name
            for name in ("subject", "occurred_at", "client_id", "prospect", "staff", "important", "matter_id")
            if getattr(current, name) != getattr(updated, name)
        ) + (["earlier_consultation_id"] if current.earlier_consultation_id != updated.earlier_consultation_id else [])
        audit = AuditEntry.record(actor, "consultation.updated", f"consultation:{current.id}", now, fields=fields)
        self.consultations.save(updated, current, audit)
        return updated

    def mark_important(self, actor: Actor, consultation_id: str, important: bool) -> Consultation:
        """The list's star: set over whatever version is there now (no version needed)."""
        for _ in range(_ATTEMPTS):
            current = self.get(actor.firm_id, consultation_id)
            if current.important is important:
                return current
            now = self.clock.now()
            updated = current.model_copy(
                update={"important": important, "updated_at": now, "version": current.version + 1}
            )
            audit = AuditEntry.record(
                actor, "consultation.importance_set", f"consultation:{current.id}", now, important=important
            )
            try:
                self.consultations.save(updated, current, audit)
            except Conflict:
                continue  # changed meanwhile: read it again
            return updated
        raise Conflict("This consultation is changing right now. Try again.", code="conflict")

    def delete(self, actor: Actor, consultation_id: str) -> None:
        current = self.get(actor.firm_id, consultation_id)
        if current.created_by.id != actor.principal_id and self._role(actor) is not Role.ADMIN:
            raise Forbidden("Only an admin or the one who wrote it may delete a consultation.")
        if current.converted:
            raise Conflict("A consultation converted into a matter cannot be deleted.", code="converted")
        audit = AuditEntry.record(
            actor, "consultation.deleted", f"consultation:{current.id}", self.clock.now(), subject=current.subject
        )
        # Its documents go with it, records and files: nothing else lists them.
        self.uploads.delete_files(self.consultations.delete(current, audit))

    # --- entries -------------------------------------------------------------------------------

    def entries(self, firm_id: str, consultation_id: str, cursor: str | None, limit: int) -> Page[ConsultationEntry]:
        _known(consultation_id)
        page = self.consultations.entries(firm_id, consultation_id, cursor, limit)
        return self._exists(firm_id, consultation_id, page, cursor)

    def add_entry(self, actor: Actor, consultation_id: str, data: EntryInput) -> ConsultationEntry:
        _known(consultation_id)
        now = self.clock.now()
        entry = ConsultationEntry(
            id=entry_id(now),
            firm_id=actor.firm_id,
            consultation_id=consultation_id,
            author=self._staff_ref(actor.firm_id, actor.principal_id),
            written_at=now,
            text=data.text,
        )
        audit = AuditEntry.record(
            actor, "consultation.entry_added", f"consultation:{consultation_id}", now, entry=entry.id
        )
        self.consultations.add_entry(entry, audit)
        return entry

    def change_entry(self, actor: Actor, consultation_id: str, entry_id: str, data: EntryChange) -> ConsultationEntry:
        _known(consultation_id, entry_id)
        current = self.consultations.get_entry(actor.firm_id, consultation_id, entry_id)
        if current is None:
            raise NotFound("Entry not found.")
        if current.author.id != actor.principal_id:
            raise Forbidden("Only the one who wrote an entry may change it.")
        if current.version != data.version:
            raise Conflict("This entry was changed meanwhile. Reload and try again.", code="stale_version")
        now = self.clock.now()
        updated = current.model_copy(update={"text": data.text, "updated_at": now, "version": current.version + 1})
        audit = AuditEntry.record(
            actor, "consultation.entry_changed", f"consultation:{consultation_id}", now, entry=entry_id
        )
        self.consultations.save_entry(updated, current, audit)
        return updated

    # --- documents -----------------------------------------------------------------------------

    def start_uploads(
        self, actor: Actor, consultation_id: str, request: UploadRequest, entry: str | None
    ) -> builtins.list[UploadTicket]:
        """Files for the consultation (or one of its entries), through the documents' checks."""
        consultation = self.get(actor.firm_id, consultation_id)
        if entry is not None and self.consultations.get_entry(actor.firm_id, consultation_id, entry) is None:
            raise InvalidInput.field("entry_id", "No such entry in this consultation.")
        audit = AuditEntry.record(
            actor,
            "consultation.documents_attached",
            f"consultation:{consultation.id}",
            self.clock.now(),
            files=len(request.files),
            entry=entry,
        )
        return self.uploads.start_consultation_uploads(
            actor,
            consultation.id,
            entry,
            request,
            lambda documents: self.consultations.attach_documents(documents, audit),
        )

    def documents_of(self, firm_id: str, consultation_id: str, cursor: str | None, limit: int) -> Page[Document]:
        _known(consultation_id)
        page = self.documents.of_consultation(firm_id, consultation_id, cursor, limit)
        return self._exists(firm_id, consultation_id, page, cursor)

    # --- tasks ---------------------------------------------------------------------------------

    def tasks_of(self, firm_id: str, consultation_id: str, cursor: str | None, limit: int) -> Page[Task]:
        _known(consultation_id)
        page = self.consultations.tasks_of(firm_id, consultation_id, cursor, limit)
        return self._exists(firm_id, consultation_id, page, cursor)

    def create_task(self, actor: Actor, consultation_id: str, data: TaskInput) -> Task:
        consultation = self.get(actor.firm_id, consultation_id)
        assignee = self._staff_ref(actor.firm_id, data.assignee_id or actor.principal_id, "assignee_id")
        now = self.clock.now()
        task = Task(
            id=new_id(),
            firm_id=actor.firm_id,
            title=data.title,
            assignee=assignee,
            due_at=data.due_at,
            consultation_id=consultation.id,
            source_title=consultation.subject,
            created_at=now,
            created_by=actor.principal_id,
        )
        audit = AuditEntry.record(
            actor, "consultation.task_created", f"consultation:{consultation.id}", now, task=task.id
        )
        self.consultations.create_task(task, audit)
        return task

    def change_task(self, actor: Actor, task_id: str, data: TaskChange) -> Task:
        _known(task_id)
        current = self.consultations.get_task(actor.firm_id, task_id)
        if current is None:
            raise NotFound("Task not found.")
        if current.version != data.version:
            raise Conflict("This task was changed meanwhile. Reload and try again.", code="stale_version")
        sent = data.model_fields_set - {"version"}
        for required in ("title", "assignee_id", "done"):
            if required in sent and getattr(data, required) is None:
                raise InvalidInput.field(required, "This field cannot be emptied.")
        changes: dict[str, object] = {name: getattr(data, name) for name in sent & {"title", "due_at", "done"}}
        if "assignee_id" in sent and data.assignee_id:
            changes["assignee"] = self._staff_ref(actor.firm_id, data.assignee_id, "assignee_id")
        updated = current.model_copy(update={**changes, "version": current.version + 1})
        audit = AuditEntry.record(
            actor,
            "consultation.task_changed",
            f"consultation:{current.consultation_id}",
            self.clock.now(),
            task=task_id,
            fields=sorted(sent),
        )
        self.consultations.save_task(updated, current, audit)
        return updated

    def my_open_tasks(self, member: StaffMember, cursor: str | None, limit: int) -> Page[Task]:
        """The staff member's open tasks, of consultations and of matters, soonest due first."""
        page = self.consultations.open_tasks_of(member.firm_id, member.id, cursor, limit)
        me = StaffRef(id=member.id, name=member.name)
        return Page(items=[t.model_copy(update={"assignee": me}) for t in page.items], next_cursor=page.next_cursor)

    # --- conversion ----------------------------------------------------------------------------

    def convert(self, actor: Actor, consultation_id: str, data: Conversion) -> ConversionResult:
        """One transaction: the matter (the client as plaintiff, the subject as title, the
        responsible lawyer), the client when a prospect, and the links both ways."""
        current = self.get(actor.firm_id, consultation_id)
        if current.version != data.version:
            raise Conflict(STALE, code="stale_version")
        if current.converted:
            raise Conflict("This consultation was converted into a matter already.", code="converted")
        if current.matter_id:
            raise Conflict(
                "This consultation is linked to a matter already: unlink it to convert it into a new one.",
                code="linked",
            )
        now = self.clock.now()
        new_client: Client | None = None
        if current.prospect is not None:
            for email in current.prospect.emails:
                if self.clients.by_email(actor.firm_id, email) is not None:
                    raise Conflict(
                        f"Another client has the e-mail {email}: link the consultation to that client instead.",
                        code="email_in_use",
                    )
            new_client = Client(
                id=new_id(),
                firm_id=actor.firm_id,
                name=current.prospect.name,
                emails=current.prospect.emails,
                phone=current.prospect.phone,
                created_at=now,
                updated_at=now,
            )
            client_id, client_name = new_client.id, new_client.name
        else:
            assert current.client_id is not None
            client = self.clients.get(actor.firm_id, current.client_id)
            if client is None:
                raise Conflict("The consultation's client is gone. Link it to a client first.", code="client_gone")
            client_id, client_name = client.id, client.name
        lawyer = self._staff_ref(
            actor.firm_id, data.responsible_lawyer_id or actor.principal_id, "responsible_lawyer_id"
        )
        matter_input = MatterInput(
            kind=data.kind,
            number=data.number,
            title=data.title or current.subject,
            parties=[Party(name=client_name, role=PartyRole.PLAINTIFF, client_id=client_id)],
            responsible_lawyer_id=lawyer.id,
        )
        matter = Matter(
            id=new_id(),
            firm_id=actor.firm_id,
            responsible_lawyer_name=lawyer.name,
            consultation_id=current.id,
            consultation_count=1,
            created_at=now,
            updated_at=now,
            **matter_input.model_dump(),
        )
        if matter.number_key and self.matters.by_number(actor.firm_id, matter.number_key):
            raise Conflict("The firm already has a matter with this number.", code="conflict")
        updated = current.model_copy(
            update={
                "client_id": client_id,
                "client_name": client_name,
                "prospect": None,
                "matter_id": matter.id,
                "matter_title": matter.title,
                "converted": True,
                "updated_at": now,
                "version": current.version + 1,
            }
        )
        audit = [
            AuditEntry.record(actor, "consultation.converted", f"consultation:{current.id}", now, matter=matter.id),
            AuditEntry.record(
                actor, "matter.created", f"matter:{matter.id}", now, number=matter.number, title=matter.title
            ),
        ]
        if new_client:
            audit.append(
                AuditEntry.record(actor, "client.created", f"client:{new_client.id}", now, name=new_client.name)
            )
        self.consultations.convert(
            ConversionWrite(consultation=updated, previous=current, matter=matter, client=new_client, audit=audit)
        )
        return ConversionResult(consultation=updated, matter=matter)

    # --- helpers -------------------------------------------------------------------------------

    def _role(self, actor: Actor) -> Role | None:
        member = self.staff.get(actor.firm_id, actor.principal_id)
        return member.role if member else None

    def _staff_ref(self, firm_id: str, staff_id: str, field: str = "staff_ids") -> StaffRef:
        member = self.staff.get(firm_id, staff_id)
        if member is None:
            raise InvalidInput.field(field, "No such staff member.")
        return StaffRef(id=member.id, name=member.name)

    def _references(
        self,
        firm_id: str,
        data: ConsultationInput | ConsultationChange,
        current: Consultation | None,
        author: StaffRef,
    ) -> dict[str, object]:
        """The client, staff, earlier consultation and matter named must exist in this firm."""
        client_name = None
        if data.client_id:
            if current is not None and current.client_id == data.client_id:
                client_name = current.client_name
            else:
                client = self.clients.get(firm_id, data.client_id)
                if client is None:
                    raise InvalidInput.field("client_id", "No such client.")
                client_name = client.name
        if data.staff_ids:
            members = {m.id: m for m in self.staff.list(firm_id)}
            for position, staff_id in enumerate(data.staff_ids):
                if staff_id not in members:
                    raise InvalidInput.field(f"staff_ids.{position}", "No such staff member.")
            staff = [StaffRef(id=s, name=members[s].name) for s in data.staff_ids]
        else:
            staff = current.staff if current is not None else [author]
        if data.earlier_consultation_id:
            if current is not None and data.earlier_consultation_id == current.id:
                raise InvalidInput.field("earlier_consultation_id", "A consultation cannot come before itself.")
            if self.consultations.get(firm_id, data.earlier_consultation_id) is None:
                raise InvalidInput.field("earlier_consultation_id", "No such consultation.")
        matter_title = None
        if data.matter_id:
            if current is not None and current.matter_id == data.matter_id:
                matter_title = current.matter_title
            else:
                matter = self.matters.get(firm_id, data.matter_id)
                if matter is None:
                    raise InvalidInput.field("matter_id", "No such matter.")
                matter_title = matter.title
        return {
            "client_id": data.client_id,
            "client_name": client_name,
            "staff": staff,
            "matter_id": data.matter_id,
            "matter_title": matter_title,
        }


def _known(*ids: str) -> None:
    """An id from a path that no record can have (upper case, too long) is not found."""
    if not all(_ID.match(i) for i in ids):
        raise NotFound("Not found.")
