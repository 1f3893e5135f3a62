"""What the admin app shows when a request is refused (the message and code of the one JSON
error shape), what the audit log keeps of staff changes, and the portal address it links to."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.domain.errors import Conflict, DomainError, Forbidden, NotFound
from chalicelib.domain.firm import PortalSettingsChange
from chalicelib.domain.identity import Role
from chalicelib.domain.matters import Publication, Relation, RelationKind
from chalicelib.domain.staff import StaffChange, StaffInvite
from chalicelib.domain.timeline import CommentChange, UpdateChange, UpdateInput
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, add_client, caller, invited_client, open_firm, open_matter, publish

STALE = "changed by someone else. Reload and try again."


def told(error: type[DomainError], call, *args, **kwargs) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(error) as caught:
        call(*args, **kwargs)
    return caught.value.code, caught.value.message


def invite(system: FakeSystem, firm: OpenFirm, role: Role = Role.STAFF) -> object:
    return system.services.staff.invite(
        firm.actor, StaffInvite(email="bruno@silva.example.com", name="Bruno", role=role)
    )


# --- staff ----------------------------------------------------------------------------------------


def test_staff_changes_are_refused_with_the_reason(system: FakeSystem, firm: OpenFirm) -> None:
    staff = system.services.staff
    member = invite(system, firm)
    assert told(Conflict, staff.change, firm.actor, member.id, StaffChange(name="B", role=Role.STAFF, version=2)) == (
        "stale_version",
        f"This person was {STALE}",
    )
    assert told(Forbidden, staff.remove, firm.actor, firm.admin.id) == (
        "cannot_remove_self",
        "You cannot remove yourself.",
    )
    assert told(NotFound, staff.change, firm.actor, "nobody", StaffChange(name="B", role=Role.STAFF, version=1)) == (
        "not_found",
        "Staff member not found.",
    )
    assert told(NotFound, staff.remove, firm.actor, "nobody") == ("not_found", "Staff member not found.")
    demote = StaffChange(name=firm.admin.name, role=Role.STAFF, version=firm.admin.version)
    assert told(Conflict, staff.change, firm.actor, firm.admin.id, demote) == (
        "last_admin",
        "A firm needs at least one active admin.",
    )


def test_the_audit_log_keeps_who_was_invited_changed_and_removed(system: FakeSystem, firm: OpenFirm) -> None:
    member = invite(system, firm)
    invited = system.audit.entries(firm.id)[0]
    assert (invited.action, invited.target, invited.details) == (
        "staff.invited",
        f"staff:{member.id}",
        {"email": member.email, "role": Role.STAFF},
    )

    system.services.staff.change(
        firm.actor, member.id, StaffChange(name="Bruno Lima", role=Role.ADMIN, version=member.version)
    )
    changed = system.audit.entries(firm.id)[0]
    assert (changed.action, changed.target, changed.details) == (
        "staff.changed",
        f"staff:{member.id}",
        {"role": Role.ADMIN},
    )

    system.services.staff.remove(firm.actor, member.id)
    removed = system.audit.entries(firm.id)[0]
    assert (removed.action, removed.target, removed.details) == (
        "staff.removed",
        f"staff:{member.id}",
        {"email": member.email},
    )


def test_an_admin_may_demote_another_while_an_admin_remains(system: FakeSystem, firm: OpenFirm) -> None:
    member = invite(system, firm, Role.ADMIN)
    # Invited, not active: demoting them leaves the firm's active admin in place.
    demoted = system.services.staff.change(
        firm.actor, member.id, StaffChange(name="Bruno", role=Role.STAFF, version=member.version)
    )
    assert demoted.role is Role.STAFF and system.staff.get(firm.id, member.id).role is Role.STAFF


def test_a_non_admin_is_renamed_whatever_the_admins(system: FakeSystem, firm: OpenFirm) -> None:
    member = invite(system, firm)
    renamed = system.services.staff.change(
        firm.actor, member.id, StaffChange(name="Bruno Lima", role=Role.STAFF, version=member.version)
    )
    assert (renamed.name, renamed.version) == ("Bruno Lima", member.version + 1)


# --- firm -----------------------------------------------------------------------------------------


def test_firm_requests_are_refused_with_the_reason(system: FakeSystem, firm: OpenFirm) -> None:
    assert told(NotFound, system.services.firm.firm, "nofirm") == ("not_found", "Firm not found.")
    assert told(NotFound, system.services.firm.portal_by_slug, "nowhere") == (
        "portal_not_found",
        "There is no portal at this address.",
    )
    stale = PortalSettingsChange(**firm.firm.portal.model_dump(), version=firm.firm.version + 1)
    assert told(Conflict, system.services.firm.change_portal_settings, firm.actor, stale) == (
        "stale_version",
        f"The settings were {STALE}",
    )


def test_the_admin_app_links_to_the_firms_portal_address(system: FakeSystem, firm: OpenFirm) -> None:
    assert system.services.firm.portal_url(firm.firm) == "https://silva.portal.test/"
    assert system.services.firm.portal_by_slug("silva").id == firm.id


# --- matters, timeline and accesses --------------------------------------------------------------


def test_matter_and_timeline_requests_are_refused_with_the_reason(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    matter = open_matter(system, firm, [client])
    outsider = add_client(system, firm, "Otto Fora")
    timeline = system.services.timeline
    assert told(NotFound, system.services.matters.get, firm.id, "nomatter") == ("not_found", "Matter not found.")
    assert told(
        Conflict,
        system.services.matters.publish,
        firm.actor,
        matter.id,
        Publication(client_ids=[client.id], version=matter.version + 1),
    ) == (
        "stale_version",
        f"This matter was {STALE}",
    )
    with pytest.raises(DomainError) as not_involved:
        system.services.matters.publish(
            firm.actor, matter.id, Publication(client_ids=[outsider.id], version=matter.version)
        )
    assert not_involved.value.details == [
        {"path": "client_ids", "message": "A matter can only be published to clients involved in it (as a party)."}
    ]

    when = datetime(2026, 9, 1, tzinfo=UTC)
    assert told(
        NotFound, timeline.add, firm.actor, "nomatter", UpdateInput(kind="news", occurred_at=when, text="t")
    ) == ("not_found", "Matter not found.")
    item = timeline.add(firm.actor, matter.id, UpdateInput(kind="task", occurred_at=when, text="Prazo")).item
    assert told(
        Conflict, timeline.update, firm.actor, matter.id, item.id, UpdateChange(done=True, version=item.version + 1)
    ) == ("stale_version", f"This update was {STALE}")
    assert told(NotFound, timeline.comment, firm.actor, matter.id, "noitem", CommentChange(comment="c", version=1)) == (
        "not_found",
        "Update not found.",
    )
    assert told(NotFound, timeline.delete, firm.actor, matter.id, "noitem") == ("not_found", "Update not found.")
    with pytest.raises(DomainError) as emptied:
        timeline.update(firm.actor, matter.id, item.id, UpdateChange(text=None, version=item.version))
    assert emptied.value.details == [{"path": "text", "message": "This field cannot be emptied."}]


def test_a_client_asking_for_what_is_not_theirs_is_told_it_is_not_found(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    matter = publish(system, firm, open_matter(system, firm, [client]), [client])
    hidden = open_matter(system, firm, [client], title="Interno")
    who = caller(system, tokens)
    assert told(NotFound, system.portal.matter, who, hidden.id) == ("not_found", "Matter not found.")
    assert told(NotFound, system.portal.mark_read, who, matter.id, "20260901000000abcdef0123") == (
        "not_found",
        "Update not found.",
    )


def test_access_requests_are_refused_with_the_reason(system: FakeSystem, firm: OpenFirm) -> None:
    accesses = system.services.accesses
    client, _ = invited_client(system, firm)
    no_access = add_client(system, firm, "Sem Acesso")
    assert told(NotFound, accesses.get, firm.id, no_access.id) == ("not_found", "This client has no portal access.")
    assert told(NotFound, accesses.remove, firm.actor, "nobody") == ("not_found", "This client has no portal access.")
    assert told(Conflict, accesses.resend, firm.actor, client.id) == (
        "access_not_pending",
        "The client has already set a password; there is no invitation to resend.",
    )


# --- the audit log --------------------------------------------------------------------------------


def test_admins_read_their_firms_audit_log_a_page_at_a_time(system: FakeSystem, firm: OpenFirm) -> None:
    for name in ("Ana Um", "Bia Dois", "Caio Tres"):
        system.clock.advance(seconds=1)
        add_client(system, firm, name)
    other = open_firm(system, slug="outra")
    add_client(system, other, "Outro Cliente")

    first = system.services.audit.list(firm.id, None, 2)
    assert len(first.items) == 2 and first.next_cursor
    rest = system.services.audit.list(firm.id, first.next_cursor, 10)
    entries = first.items + rest.items
    assert sorted(e.id for e in entries) == sorted(e.id for e in system.audit.entries(firm.id))
    assert {e.firm_id for e in entries} == {firm.id}
    assert [e.details["name"] for e in entries if e.action == "client.created"] == ["Caio Tres", "Bia Dois", "Ana Um"]


def test_the_only_admin_may_rename_themselves_and_stay_admin(system: FakeSystem, firm: OpenFirm) -> None:
    renamed = system.services.staff.change(
        firm.actor, firm.admin.id, StaffChange(name="Ana Maria", role=Role.ADMIN, version=firm.admin.version)
    )
    assert (renamed.name, renamed.role) == ("Ana Maria", Role.ADMIN)


def test_a_related_matter_shows_with_its_title_and_number(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    appeal = publish(
        system,
        firm,
        open_matter(system, firm, [client], title="Recurso", kind="other_court_case", number="Ap 12/2026"),
        [client],
    )
    main = publish(
        system,
        firm,
        open_matter(
            system, firm, [client], title="Ação", related=[Relation(matter_id=appeal.id, kind=RelationKind.APPEAL)]
        ),
        [client],
    )
    [related] = system.portal.matter(caller(system, tokens), main.id).related
    assert (related.id, related.kind, related.title, related.number) == (
        appeal.id,
        RelationKind.APPEAL,
        "Recurso",
        "Ap 12/2026",
    )
