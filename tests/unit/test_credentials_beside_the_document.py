"""Credentials (password hash, token generation, one-time links) are kept beside a staff
member's or an access's versioned document, with a revision of their own: the worker
e-mailing a link or a password change is not an edit an admin must reload for, an admin's
edit never writes credentials, and of two racing credentials changes one fails (Conflict)
instead of being lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from chalicelib.domain.accesses import (
    Access,
    AccessStatus,
    AccessType,
    ProfileChange,
    VisibilityProfile,
)
from chalicelib.domain.errors import Conflict, Unauthenticated
from chalicelib.domain.identity import LinkPurpose, PrincipalKind, Role, hash_secret, with_credentials
from chalicelib.domain.notifications import Notification, NotificationKind
from chalicelib.domain.staff import StaffChange, StaffInvite, StaffStatus
from tests.support.fakes.notifications import token_in
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import (
    CLIENT_PASSWORD,
    OpenFirm,
    add_client,
    caller,
    grant,
    invited_client,
    link_client,
)

ADDRESS = FakeSystem.ADDRESS
CLIENT = PrincipalKind.CLIENT
STAFF = PrincipalKind.STAFF


def once_after(target: Any, method: str, action: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The next call of `target.method` reads as usual, then `action` runs before the caller
    goes on: what a concurrent request does between someone's read and their write."""
    real = getattr(target, method)

    def read_then_act(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(target, method, real)
        found = real(*args, **kwargs)
        action()
        return found

    monkeypatch.setattr(target, method, read_then_act)


# --- admins' versions count admins' edits only ------------------------------------------------


def test_the_grant_answers_version_still_changes_the_profile_once_the_invitation_is_sent(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client = add_client(system, firm)
    granted = grant(system, firm, client)
    [mail_id] = system.deliver_all()  # the worker stores the invitation's link and e-mails it
    assert mail_id is not None

    changed = system.services.accesses.change_profile(
        firm.actor, client.id, ProfileChange(profile=VisibilityProfile(tasks=True), version=granted.version)
    )

    assert changed.version == granted.version + 1 and changed.profile.tasks
    # The invitation e-mailed before the edit still works.
    tokens = system.services.auth.accept_invitation(
        firm.slug, CLIENT, token_in(system.mailer.sent[-1]), CLIENT_PASSWORD, ADDRESS
    )
    assert caller(system, tokens).access is not None


def test_a_link_access_profile_changes_with_the_grant_version_after_links_are_sent(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client = add_client(system, firm)
    granted = grant(system, firm, client, AccessType.LINK)
    system.deliver_all()
    system.services.accesses.resend(firm.actor, client.id)
    system.deliver_all()
    system.services.auth.request_access_link(firm.slug, client.emails[0], ADDRESS)
    system.deliver_all()
    assert len(system.mailer.sent) == 3

    changed = system.services.accesses.change_profile(
        firm.actor, client.id, ProfileChange(profile=VisibilityProfile(tasks=True), version=granted.version)
    )
    assert changed.version == granted.version + 1
    assert system.services.auth.open_access_link(firm.slug, token_in(system.mailer.sent[-1]), ADDRESS).access_token


def test_the_invite_answers_version_still_changes_the_role_once_the_invitation_is_sent(
    system: FakeSystem, firm: OpenFirm
) -> None:
    invited = system.services.staff.invite(firm.actor, StaffInvite(email="bruno@silva.example.com", name="Bruno Lima"))
    system.deliver_all()
    assert system.staff.get(firm.id, invited.id).credentials.links[LinkPurpose.INVITATION]

    changed = system.services.staff.change(
        firm.actor, invited.id, StaffChange(name="Bruno Lima", role=Role.ADMIN, version=invited.version)
    )

    assert changed.role is Role.ADMIN and changed.version == invited.version + 1
    system.services.auth.accept_invitation(
        firm.slug, STAFF, token_in(system.mailer.sent[-1]), "a staff password", ADDRESS
    )
    stored = system.staff.get(firm.id, invited.id)
    assert stored.status is StaffStatus.ACTIVE and stored.role is Role.ADMIN


def test_password_changes_resets_and_signing_out_everywhere_leave_the_version_alone(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm)
    read_by_admin = system.accesses.get(firm.id, client.id)

    tokens = system.services.auth.change_password(caller(system, tokens), CLIENT_PASSWORD, "second password 123")
    system.services.auth.sign_out(caller(system, tokens), everywhere=True)
    system.services.auth.request_password_reset(firm.slug, CLIENT, client.emails[0], ADDRESS)
    system.services.auth.reset_password(
        firm.slug, CLIENT, system.last_token_to(client.emails[0]), "third password 123", ADDRESS
    )

    stored = system.accesses.get(firm.id, client.id)
    assert stored.version == read_by_admin.version
    assert stored.credentials.generation == read_by_admin.credentials.generation + 3
    system.services.accesses.change_profile(
        firm.actor, client.id, ProfileChange(profile=VisibilityProfile(tasks=True), version=read_by_admin.version)
    )
    # The edit wrote the document only: the password set last still signs in.
    assert system.services.auth.sign_in(firm.slug, CLIENT, client.emails[0], "third password 123", ADDRESS).access_token


def test_a_staff_members_own_password_change_leaves_their_version_alone(system: FakeSystem, firm: OpenFirm) -> None:
    before = system.staff.get(firm.id, firm.admin.id)
    system.services.auth.change_password(
        caller(system, firm.admin_tokens), FakeSystem.ADMIN_PASSWORD, "a new admin password"
    )
    after = system.staff.get(firm.id, firm.admin.id)
    assert after.version == before.version and after.credentials.revision == before.credentials.revision + 1


def test_an_admins_edit_never_writes_credentials(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    read_by_admin = system.accesses.get(firm.id, client.id)  # holding credentials as they were
    system.services.auth.change_password(caller(system, tokens), CLIENT_PASSWORD, "second password 123")

    system.accesses.save(
        read_by_admin.model_copy(
            update={"profile": VisibilityProfile(tasks=True), "version": read_by_admin.version + 1}
        ),
        None,
        None,
    )

    stored = system.accesses.get(firm.id, client.id)
    assert stored.profile.tasks and stored.credentials.password_hash != read_by_admin.credentials.password_hash
    assert system.services.auth.sign_in(
        firm.slug, CLIENT, client.emails[0], "second password 123", ADDRESS
    ).access_token


def test_the_invitation_sent_time_lives_with_the_credentials_and_outlives_the_acceptance(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client = add_client(system, firm)
    grant(system, firm, client)
    sent_at = system.clock.now()
    token = system.last_token_to(client.emails[0])
    system.clock.advance(hours=2)
    system.services.auth.accept_invitation(firm.slug, CLIENT, token, CLIENT_PASSWORD, ADDRESS)
    stored = system.accesses.get(firm.id, client.id)
    assert stored.credentials.invitation_sent_at == sent_at and LinkPurpose.INVITATION not in stored.credentials.links


# --- racing credentials changes: one wins, the other is refused, nothing is lost --------------


def test_two_racing_password_changes_one_conflicts_and_the_winners_password_stays(
    system: FakeSystem, firm: OpenFirm
) -> None:
    client, tokens = invited_client(system, firm)
    on_phone, on_laptop = caller(system, tokens), caller(system, tokens)  # both read the same credentials

    won = system.services.auth.change_password(on_phone, CLIENT_PASSWORD, "phone password 123")
    with pytest.raises(Conflict):
        system.services.auth.change_password(on_laptop, CLIENT_PASSWORD, "laptop password 123")

    with pytest.raises(Unauthenticated):
        system.services.auth.sign_in(firm.slug, CLIENT, client.emails[0], "laptop password 123", ADDRESS)
    assert system.services.auth.sign_in(firm.slug, CLIENT, client.emails[0], "phone password 123", ADDRESS).access_token
    assert caller(system, won).access is not None
    assert system.audit.actions(firm.id).count("password.changed") == 1


def test_signing_out_everywhere_racing_a_password_change_is_refused_not_lost(
    system: FakeSystem, firm: OpenFirm
) -> None:
    _, tokens = invited_client(system, firm)
    stale = caller(system, tokens)
    system.services.auth.change_password(caller(system, tokens), CLIENT_PASSWORD, "second password 123")
    with pytest.raises(Conflict):
        system.services.auth.sign_out(stale, everywhere=True)


def test_the_worker_racing_an_acceptance_loses_and_sends_nothing_on_retry(
    system: FakeSystem, firm: OpenFirm, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = add_client(system, firm)
    grant(system, firm, client)
    token = system.last_token_to(client.emails[0])
    system.services.accesses.resend(firm.actor, client.id)
    [resent] = system.outbox.take()

    # The client accepts the first invitation between the worker's read and its write.
    def accept() -> None:
        system.services.auth.accept_invitation(firm.slug, CLIENT, token, CLIENT_PASSWORD, ADDRESS)

    once_after(system.accesses, "get", accept, monkeypatch)
    with pytest.raises(Conflict):
        system.services.notifications.deliver(resent)

    stored = system.accesses.get(firm.id, client.id)
    assert stored.status is AccessStatus.ACTIVE and LinkPurpose.INVITATION not in stored.credentials.links
    assert system.services.auth.sign_in(firm.slug, CLIENT, client.emails[0], CLIENT_PASSWORD, ADDRESS).access_token
    # SQS delivers the message again: the access is active now, so nothing is sent.
    assert system.services.notifications.deliver(resent) == []
    assert len(system.mailer.sent) == 1


def test_an_acceptance_racing_the_worker_loses_and_the_new_link_is_kept(
    system: FakeSystem, firm: OpenFirm, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = add_client(system, firm)
    grant(system, firm, client)
    first = system.last_token_to(client.emails[0])
    system.services.accesses.resend(firm.actor, client.id)

    # The worker stores and e-mails the resent invitation between the acceptance's read and write.
    once_after(system.accesses, "get", system.deliver_all, monkeypatch)
    with pytest.raises(Conflict):
        system.services.auth.accept_invitation(firm.slug, CLIENT, first, CLIENT_PASSWORD, ADDRESS)

    stored = system.accesses.get(firm.id, client.id)
    assert stored.status is AccessStatus.PENDING and stored.credentials.password_hash is None
    second = token_in(system.mailer.sent[-1])
    assert stored.credentials.links[LinkPurpose.INVITATION].secret_hash == hash_secret(second.split(".", 1)[1])
    with pytest.raises(Unauthenticated):
        system.services.auth.accept_invitation(firm.slug, CLIENT, first, CLIENT_PASSWORD, ADDRESS)
    assert system.services.auth.accept_invitation(firm.slug, CLIENT, second, CLIENT_PASSWORD, ADDRESS).access_token


def test_a_staff_invitation_racing_the_worker_keeps_the_new_link(
    system: FakeSystem, firm: OpenFirm, monkeypatch: pytest.MonkeyPatch
) -> None:
    invited = system.services.staff.invite(firm.actor, StaffInvite(email="bruno@silva.example.com", name="Bruno Lima"))
    first = system.last_token_to(invited.email)
    system.outbox.send(
        Notification(kind=NotificationKind.INVITATION, firm_id=firm.id, principal_kind=STAFF, principal_id=invited.id)
    )

    once_after(system.staff, "get", system.deliver_all, monkeypatch)
    with pytest.raises(Conflict):
        system.services.auth.accept_invitation(firm.slug, STAFF, first, "a staff password", ADDRESS)

    assert system.staff.get(firm.id, invited.id).status is StaffStatus.INVITED
    assert system.services.auth.accept_invitation(
        firm.slug, STAFF, token_in(system.mailer.sent[-1]), "a staff password", ADDRESS
    ).access_token


def test_an_acceptance_racing_an_admins_edit_writes_neither_half(
    system: FakeSystem, firm: OpenFirm, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = add_client(system, firm)
    granted = grant(system, firm, client)
    token = system.last_token_to(client.emails[0])

    def edit() -> None:
        system.services.accesses.change_profile(
            firm.actor, client.id, ProfileChange(profile=VisibilityProfile(tasks=True), version=granted.version)
        )

    once_after(system.accesses, "get", edit, monkeypatch)
    with pytest.raises(Conflict):
        system.services.auth.accept_invitation(firm.slug, CLIENT, token, CLIENT_PASSWORD, ADDRESS)

    stored = system.accesses.get(firm.id, client.id)
    assert stored.status is AccessStatus.PENDING and stored.profile.tasks and stored.credentials.password_hash is None
    assert LinkPurpose.INVITATION in stored.credentials.links
    # Tried again, the same invitation goes through.
    assert system.services.auth.accept_invitation(firm.slug, CLIENT, token, CLIENT_PASSWORD, ADDRESS).access_token


# --- the stores' promise ------------------------------------------------------------------------


def test_credentials_are_written_only_as_the_next_revision_of_those_read(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    read = system.accesses.get(firm.id, client.id)
    same_revision = read.model_copy(update={"credentials": read.credentials.with_next_generation()})
    with pytest.raises(ValueError):
        system.accesses.save_credentials(same_revision, read, None)

    system.accesses.save_credentials(with_credentials(read, read.credentials.with_next_generation()), read, None)
    with pytest.raises(Conflict):  # a second writer who read the same revision
        system.accesses.save_credentials(with_credentials(read, read.credentials.with_password("x")), read, None)
    assert system.accesses.get(firm.id, client.id).credentials.generation == read.credentials.generation + 1


def test_nothing_is_written_to_a_removed_access(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    read = system.accesses.get(firm.id, client.id)
    system.services.accesses.remove(firm.actor, client.id)
    with pytest.raises(Conflict):
        system.accesses.save_credentials(with_credentials(read, read.credentials.with_next_generation()), read, None)
    assert system.accesses.get(firm.id, client.id) is None
    assert (firm.id, client.id) not in system.store.access_credentials


def test_views_carry_no_credentials_and_documents_hold_none(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    access: Access = system.accesses.get(firm.id, client.id)
    assert "credentials" not in access.model_dump()
    assert "password_hash" not in system.store.accesses[(firm.id, client.id)]
    assert "password_hash" not in system.store.staff[(firm.id, firm.admin.id)]
    assert "password_hash" in system.store.access_credentials[(firm.id, client.id)]


def test_a_link_client_keeps_working_after_the_admin_edits(system: FakeSystem, firm: OpenFirm) -> None:
    client, token = link_client(system, firm)
    access = system.accesses.get(firm.id, client.id)
    system.services.accesses.change_profile(
        firm.actor, client.id, ProfileChange(profile=VisibilityProfile(tasks=True), version=access.version)
    )
    assert system.services.auth.open_access_link(firm.slug, token, ADDRESS).access_token
