"""SessionRepository: a refresh session, found by firm and id, whose secret rotates only
over the one read: of two refreshes racing with one token, one wins."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import Conflict
from chalicelib.domain.identity import RefreshSession
from chalicelib.domain.ports import SessionRepository
from tests.contract.builders import a_session


def start(sessions: SessionRepository, firm_id: str) -> RefreshSession:
    session = a_session(firm_id)
    sessions.create(session)
    return session


def rotated(session: RefreshSession, secret_hash: str) -> RefreshSession:
    return session.model_copy(update={"secret_hash": secret_hash})


def test_a_session_never_created_is_none(sessions: SessionRepository, firm_id: str) -> None:
    assert sessions.get(firm_id, "nosession") is None


def test_a_created_session_reads_back(sessions: SessionRepository, firm_id: str) -> None:
    session = a_session(firm_id)

    sessions.create(session)

    assert sessions.get(firm_id, session.session_id) == session


def test_a_session_id_created_twice_is_refused_and_the_first_session_stays(
    sessions: SessionRepository, firm_id: str
) -> None:
    session = start(sessions, firm_id)

    with pytest.raises(Conflict):
        sessions.create(rotated(session, "secret-of-another"))

    assert sessions.get(firm_id, session.session_id) == session


def test_a_rotation_over_the_secret_read_replaces_it(sessions: SessionRepository, firm_id: str) -> None:
    session = start(sessions, firm_id)
    new = rotated(session, "secret-2")

    sessions.rotate(new, session.secret_hash)

    assert sessions.get(firm_id, session.session_id) == new


def test_a_rotation_over_a_secret_rotated_meanwhile_is_refused_and_nothing_changes(
    sessions: SessionRepository, firm_id: str
) -> None:
    session = start(sessions, firm_id)
    winner = rotated(session, "secret-winner")
    sessions.rotate(winner, session.secret_hash)

    with pytest.raises(Conflict):
        sessions.rotate(rotated(session, "secret-loser"), session.secret_hash)

    assert sessions.get(firm_id, session.session_id) == winner


def test_rotating_a_session_that_is_gone_is_refused_and_does_not_bring_it_back(
    sessions: SessionRepository, firm_id: str
) -> None:
    session = start(sessions, firm_id)
    sessions.delete(firm_id, session.session_id)

    with pytest.raises(Conflict):
        sessions.rotate(rotated(session, "secret-2"), session.secret_hash)

    assert sessions.get(firm_id, session.session_id) is None


def test_a_deleted_session_is_gone_and_deleting_it_again_is_harmless(sessions: SessionRepository, firm_id: str) -> None:
    session = start(sessions, firm_id)

    sessions.delete(firm_id, session.session_id)
    sessions.delete(firm_id, session.session_id)

    assert sessions.get(firm_id, session.session_id) is None


def test_another_firm_can_neither_read_nor_delete_the_session(
    sessions: SessionRepository, firm_id: str, other_firm_id: str
) -> None:
    session = start(sessions, firm_id)

    sessions.delete(other_firm_id, session.session_id)

    assert sessions.get(other_firm_id, session.session_id) is None
    assert sessions.get(firm_id, session.session_id) == session
