"""The timeline as the audit log and the admin app see it: each create, edit, comment and
deletion audited with the update's id, the fields that cannot be emptied, and what staff are
told when they try to rewrite or delete a court movement."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.domain.accesses import AccessGrant, AccessType, ProfileChange, VisibilityProfile
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.matters import Matter, MatterKind
from chalicelib.domain.timeline import CommentChange, StaffTimelineItem, UpdateChange, UpdateInput
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, add_client, integration, open_matter, send_movements

WHEN = datetime(2026, 9, 1, 12, tzinfo=UTC)
CNJ = "0000832-35.2018.4.01.3202"


def court_movement(system: FakeSystem, firm: OpenFirm) -> tuple[Matter, StaffTimelineItem]:
    """A court case with one movement from the court, as the integration API stores it."""
    matter = open_matter(system, firm, kind=MatterKind.COURT_CASE, number=CNJ)
    send_movements(
        system,
        integration(system, firm),
        {
            "format": "plain",
            "movements": [{"matter_number": CNJ, "occurred_at": "2026-08-01T10:00:00Z", "text": "Conclusão"}],
        },
    )
    [movement] = system.services.timeline.page(firm.id, matter.id, None, 10).items
    return matter, movement


def test_each_change_to_an_update_is_audited_with_its_id(system: FakeSystem, firm: OpenFirm) -> None:
    matter = open_matter(system, firm)
    timeline = system.services.timeline
    item = timeline.add(firm.actor, matter.id, UpdateInput(kind="task", occurred_at=WHEN, text="Prazo")).item
    system.clock.advance(minutes=1)
    edited = timeline.update(firm.actor, matter.id, item.id, UpdateChange(done=True, version=item.version)).item
    system.clock.advance(minutes=1)
    commented = timeline.comment(
        firm.actor, matter.id, item.id, CommentChange(comment="Feito", version=edited.version)
    ).item
    system.clock.advance(minutes=1)
    timeline.delete(firm.actor, matter.id, item.id)

    entries = [(e.action, e.target, e.details) for e in system.audit.entries(firm.id)[:4]]
    target = f"matter:{matter.id}"
    assert entries == [
        ("task.deleted", target, {"item": item.id}),
        ("task.commented", target, {"item": item.id}),
        ("task.updated", target, {"item": item.id}),
        ("task.created", target, {"item": item.id}),
    ]
    assert (edited.version, commented.version, commented.commented_by) == (
        item.version + 1,
        item.version + 2,
        firm.admin.id,
    )
    assert system.timeline.get(firm.id, matter.id, item.id) is None


def test_an_edit_stamps_the_time_it_was_made(system: FakeSystem, firm: OpenFirm) -> None:
    matter = open_matter(system, firm)
    item = system.services.timeline.add(
        firm.actor, matter.id, UpdateInput(kind="task", occurred_at=WHEN, text="Prazo")
    ).item
    later = system.clock.advance(hours=2)
    edited = system.services.timeline.update(
        firm.actor, matter.id, item.id, UpdateChange(text="Prazo final", version=item.version)
    ).item
    assert edited.updated_at == later and system.timeline.get(firm.id, matter.id, item.id).updated_at == later


@pytest.mark.parametrize("field", ["occurred_at", "text", "published", "done"])
def test_a_field_an_update_needs_cannot_be_emptied(system: FakeSystem, firm: OpenFirm, field: str) -> None:
    matter = open_matter(system, firm)
    item = system.services.timeline.add(
        firm.actor, matter.id, UpdateInput(kind="task", occurred_at=WHEN, text="Prazo")
    ).item
    with pytest.raises(InvalidInput) as caught:
        system.services.timeline.update(
            firm.actor, matter.id, item.id, UpdateChange(**{field: None}, version=item.version)
        )
    assert caught.value.details == [{"path": field, "message": "This field cannot be emptied."}]


def test_staff_are_told_a_court_movement_is_hidden_or_commented_not_rewritten_or_deleted(
    system: FakeSystem, firm: OpenFirm
) -> None:
    matter, movement = court_movement(system, firm)

    with pytest.raises(InvalidInput) as rewrite:
        system.services.timeline.update(
            firm.actor,
            matter.id,
            movement.id,
            UpdateChange(published=False, text="Outra", body="b", version=movement.version),
        )
    assert rewrite.value.details == [
        {"path": "body", "message": "A court movement cannot be rewritten; hide it or add a comment."}
    ]
    with pytest.raises(Conflict) as delete:
        system.services.timeline.delete(firm.actor, matter.id, movement.id)
    assert (delete.value.code, delete.value.message) == (
        "court_movement",
        "Court movements cannot be deleted; hide them instead.",
    )
    hidden = system.services.timeline.update(
        firm.actor, matter.id, movement.id, UpdateChange(published=False, version=movement.version)
    ).item
    assert hidden.published is False


def test_access_grants_and_profile_changes_are_audited_with_what_was_given(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm, emails=["maria@client.example.com", "m2@client.example.com"])
    profile = VisibilityProfile(tasks=True)
    access = system.services.accesses.grant(
        firm.actor, client.id, AccessGrant(type=AccessType.LINK, profile=profile, email="m2@client.example.com")
    )
    granted = system.audit.entries(firm.id)[0]
    assert (granted.action, granted.target) == ("access.granted", f"client:{client.id}")
    assert granted.details == {
        "type": AccessType.LINK,
        "email": "m2@client.example.com",
        "profile": profile.model_dump(),
    }

    wider = VisibilityProfile(tasks=True, include_team_matters=True)
    system.services.accesses.change_profile(firm.actor, client.id, ProfileChange(profile=wider, version=access.version))
    changed = system.audit.entries(firm.id)[0]
    assert (changed.action, changed.details) == ("access.profile_changed", {"profile": wider.model_dump()})


def test_staff_are_told_why_an_access_is_refused(system: FakeSystem, firm: OpenFirm) -> None:
    accesses = system.services.accesses
    no_email = add_client(system, firm, "Sem Email", emails=[])
    with pytest.raises(InvalidInput) as missing:
        accesses.grant(firm.actor, no_email.id, AccessGrant(type=AccessType.ACCOUNT))
    assert missing.value.details == [
        {"path": "email", "message": "The client needs an e-mail address to get portal access."}
    ]
    client = add_client(system, firm)
    with pytest.raises(InvalidInput) as foreign:
        accesses.grant(firm.actor, client.id, AccessGrant(type=AccessType.ACCOUNT, email="other@example.com"))
    assert foreign.value.details == [{"path": "email", "message": "The e-mail must be one of the client's e-mails."}]
    access = accesses.grant(firm.actor, client.id, AccessGrant(type=AccessType.ACCOUNT))
    with pytest.raises(Conflict) as twice:
        accesses.grant(firm.actor, client.id, AccessGrant(type=AccessType.ACCOUNT))
    assert (twice.value.code, twice.value.message) == ("access_exists", "This client already has portal access.")
    with pytest.raises(Conflict) as stale:
        accesses.change_profile(
            firm.actor, client.id, ProfileChange(profile=VisibilityProfile(), version=access.version + 1)
        )
    assert (stale.value.code, stale.value.message) == (
        "stale_version",
        "This access was changed by someone else. Reload and try again.",
    )
    with_link = add_client(system, firm, "Luiza Link")
    accesses.grant(firm.actor, with_link.id, AccessGrant(type=AccessType.LINK))
    accesses.block(firm.actor, with_link.id)
    with pytest.raises(Conflict) as blocked:
        accesses.resend(firm.actor, with_link.id)
    assert (blocked.value.code, blocked.value.message) == (
        "access_blocked",
        "Unblock the access before sending it again.",
    )


def test_rewriting_a_court_movement_names_the_first_field_sent_other_than_published(
    system: FakeSystem, firm: OpenFirm
) -> None:
    matter, movement = court_movement(system, firm)
    with pytest.raises(InvalidInput) as caught:
        system.services.timeline.update(
            firm.actor, matter.id, movement.id, UpdateChange(published=True, text="Outra", version=movement.version)
        )
    assert caught.value.details[0]["path"] == "text"


def test_a_resent_invitation_is_audited_with_the_access_type(system: FakeSystem, firm: OpenFirm) -> None:
    client = add_client(system, firm)
    system.services.accesses.grant(firm.actor, client.id, AccessGrant(type=AccessType.ACCOUNT))
    system.services.accesses.resend(firm.actor, client.id)
    entry = system.audit.entries(firm.id)[0]
    assert (entry.action, entry.target, entry.details) == (
        "access.invitation_resent",
        f"client:{client.id}",
        {"type": AccessType.ACCOUNT},
    )
