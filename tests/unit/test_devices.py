"""F23: the client's phones and their push notifications, on FakeSystem: registering (the
same token is the same phone; only account sessions), listing and removing, sign-out and
the firm's block removing them, and the dispatcher's pushes (every device, in its language,
with a deep link; one for a digest; a dead token removed while the others still get theirs)."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest

from chalicelib.domain.auth import Caller
from chalicelib.domain.clients import Client
from chalicelib.domain.common import Language
from chalicelib.domain.devices import MAX_DEVICES, DeviceInput, PushPlatform
from chalicelib.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from chalicelib.domain.identity import PrincipalKind
from chalicelib.domain.matters import Matter
from chalicelib.domain.notifications import Notification, Topic
from chalicelib.domain.preferences import ChannelChoice, NotificationPreferences, VerifiedMobile
from chalicelib.domain.timeline import UpdateInput
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import (
    CLIENT_PASSWORD,
    OpenFirm,
    caller,
    invited_client,
    link_client,
    open_firm,
    open_matter,
    pace,
    publish,
)

PORTAL = "https://silva.portal.test"
MOBILE = "+5511987654321"


@pytest.fixture
def english(system: FakeSystem) -> OpenFirm:
    """A firm in English, whose clients' notifications are held only for its digest window
    (no quiet hours: the clock is the real time, which session tokens are checked against)."""
    firm = open_firm(system, default_language=Language.EN)
    pace(system, firm, quiet_hours=False)
    return firm


def fcm() -> str:
    return f"fcm-{secrets.token_urlsafe(48)}"


def phone(token: str | None = None, **fields: object) -> DeviceInput:
    return DeviceInput.model_validate({"platform": "fcm", "token": token or fcm(), **fields})


def signed_in(system: FakeSystem, firm: OpenFirm, client: Client) -> Caller:
    """A new account session of the client (signed in with the password)."""
    access = system.accesses.get(firm.id, client.id)
    assert access is not None
    tokens = system.services.auth.sign_in(
        firm.slug, PrincipalKind.CLIENT, access.email, CLIENT_PASSWORD, FakeSystem.ADDRESS
    )
    return caller(system, tokens)


def a_client_with_a_matter(system: FakeSystem, firm: OpenFirm) -> tuple[Client, Caller, Matter]:
    client, tokens = invited_client(system, firm)
    matter = publish(system, firm, open_matter(system, firm, [client], title="Lease"), [client])
    system.deliver_all()
    system.outbox.take()
    return client, caller(system, tokens), matter


def news(system: FakeSystem, firm: OpenFirm, matter: Matter, text: str = "Hearing set") -> Notification:
    system.services.timeline.add(
        firm.actor, matter.id, UpdateInput(kind="news", occurred_at=system.clock.now(), text=text)
    )
    [notification] = system.outbox.take()
    return notification


# --- registering ------------------------------------------------------------------------------


def test_a_phone_registers_once_whatever_the_times(system: FakeSystem, english: OpenFirm) -> None:
    client, me, _ = a_client_with_a_matter(system, english)
    token = fcm()
    first = system.services.devices.register(me, phone(token, app_version="1.0.0", language="es"))
    again = system.services.devices.register(me, phone(token, app_version="1.1.0"))
    assert again.id == first.id and again.endpoint == first.endpoint
    assert [d.app_version for d in system.services.devices.mine(me)] == ["1.1.0"]
    assert len(system.push.endpoints) == 1
    assert first.session_id == me.claims.session_id and first.session_id
    assert system.push.endpoints[first.endpoint].owner == f"{english.id}/{client.id}/{first.id}"


def test_a_token_not_of_its_platform_is_refused(system: FakeSystem, english: OpenFirm) -> None:
    _, me, _ = a_client_with_a_matter(system, english)
    with pytest.raises(InvalidInput) as refused:
        system.services.devices.register(me, DeviceInput(platform=PushPlatform.APNS, token="not-hex"))
    assert refused.value.details[0]["path"] == "token"
    assert system.services.devices.register(me, DeviceInput(platform=PushPlatform.APNS, token="ab" * 32))
    assert system.push.endpoints and len(system.services.devices.mine(me)) == 1


def test_link_and_simulation_sessions_cannot_register(system: FakeSystem, english: OpenFirm) -> None:
    _, link_token = link_client(system, english)
    link = caller(system, system.services.auth.open_access_link(english.slug, link_token, FakeSystem.ADDRESS))
    with pytest.raises(Forbidden) as refused:
        system.services.devices.register(link, phone())
    assert refused.value.code == "read_only_session"
    client, _, _ = a_client_with_a_matter(system, english)
    staff = caller(system, english.admin_tokens)
    simulation = caller(system, system.services.auth.simulate(staff, client.id))
    with pytest.raises(Forbidden):
        system.services.devices.register(simulation, phone())
    with pytest.raises(Forbidden):
        system.services.devices.register(staff, phone())
    assert system.push.endpoints == {} and system.store.devices == {}


def test_at_most_ten_phones_and_the_same_one_again_is_not_one_more(system: FakeSystem, english: OpenFirm) -> None:
    _, me, _ = a_client_with_a_matter(system, english)
    tokens = [fcm() for _ in range(MAX_DEVICES)]
    for token in tokens:
        system.services.devices.register(me, phone(token))
    with pytest.raises(Conflict) as refused:
        system.services.devices.register(me, phone())
    assert refused.value.code == "too_many_devices"
    system.services.devices.register(me, phone(tokens[3]))
    assert len(system.services.devices.mine(me)) == MAX_DEVICES


def test_the_client_removes_a_phone_and_its_endpoint(system: FakeSystem, english: OpenFirm) -> None:
    _, me, _ = a_client_with_a_matter(system, english)
    kept = system.services.devices.register(me, phone())
    gone = system.services.devices.register(me, phone())
    system.services.devices.remove(me, gone.id)
    assert [d.id for d in system.services.devices.mine(me)] == [kept.id]
    assert list(system.push.endpoints) == [kept.endpoint]
    with pytest.raises(NotFound):
        system.services.devices.remove(me, gone.id)


def test_another_clients_phone_cannot_be_removed(system: FakeSystem, english: OpenFirm) -> None:
    _, me, _ = a_client_with_a_matter(system, english)
    other, other_tokens = invited_client(system, english, name="Paulo Lima")
    theirs = system.services.devices.register(caller(system, other_tokens), phone())
    with pytest.raises(NotFound):
        system.services.devices.remove(me, theirs.id)
    assert system.services.devices.of_client(english.id, other.id) == [theirs]


# --- signing out, blocking, deleting ------------------------------------------------------------------


def test_signing_out_removes_the_phones_of_that_session_only(system: FakeSystem, english: OpenFirm) -> None:
    client, me, _ = a_client_with_a_matter(system, english)
    mine = system.services.devices.register(me, phone())
    other_session = signed_in(system, english, client)
    kept = system.services.devices.register(other_session, phone())
    system.services.auth.sign_out(me)
    assert system.services.devices.of_client(english.id, client.id) == [kept]
    assert mine.endpoint not in system.push.endpoints and kept.endpoint in system.push.endpoints


def test_a_phone_registered_again_in_a_new_session_outlives_the_old_sessions_sign_out(
    system: FakeSystem, english: OpenFirm
) -> None:
    client, me, _ = a_client_with_a_matter(system, english)
    token = fcm()
    system.services.devices.register(me, phone(token))
    again = system.services.devices.register(signed_in(system, english, client), phone(token))
    system.services.auth.sign_out(me)
    assert system.services.devices.of_client(english.id, client.id) == [again]
    assert again.endpoint in system.push.endpoints


def test_signing_out_everywhere_removes_every_phone(system: FakeSystem, english: OpenFirm) -> None:
    client, me, _ = a_client_with_a_matter(system, english)
    system.services.devices.register(me, phone())
    system.services.devices.register(signed_in(system, english, client), phone())
    system.services.auth.sign_out(me, everywhere=True)
    assert system.services.devices.of_client(english.id, client.id) == []
    assert system.push.endpoints == {}


def test_blocking_removing_the_access_or_deleting_the_client_removes_the_phones(
    system: FakeSystem, english: OpenFirm
) -> None:
    client, me, _ = a_client_with_a_matter(system, english)
    system.services.devices.register(me, phone())
    system.services.accesses.block(english.actor, client.id)
    assert system.services.devices.of_client(english.id, client.id) == [] and system.push.endpoints == {}

    other, tokens = invited_client(system, english, name="Paulo Lima")
    system.services.devices.register(caller(system, tokens), phone())
    system.services.accesses.remove(english.actor, other.id)
    assert system.services.devices.of_client(english.id, other.id) == [] and system.push.endpoints == {}

    third, tokens = invited_client(system, english, name="Rita Reis")
    system.services.devices.register(caller(system, tokens), phone())
    system.services.clients.delete(english.actor, third.id, admin=True)
    assert system.services.devices.of_client(english.id, third.id) == [] and system.push.endpoints == {}


# --- the dispatcher's pushes ------------------------------------------------------------------------


def test_news_pushes_to_every_phone_with_its_deep_link_and_the_e_mail_still_goes(
    system: FakeSystem, english: OpenFirm
) -> None:
    client, me, matter = a_client_with_a_matter(system, english)
    pace(system, english, digest_minutes=0)
    first, second = fcm(), fcm()
    system.services.devices.register(me, phone(first))
    system.services.devices.register(me, phone(second))
    notification = news(system, english, matter)

    sent = system.services.notifications.deliver(notification)

    assert len(sent) == 3 and sent[1:] == ["push-1", "push-2"]
    assert system.mailer.to(system.accesses.get(english.id, client.id).email)  # type: ignore[union-attr]
    for token in (first, second):
        [push] = system.push.to(token)
        assert push.title == "Silva Advogados"
        assert push.body == "A new message about your case. Tap to read it."
        assert push.deep_link == f"{PORTAL}/#/matters/{matter.id}"
        assert push.data() == {
            "deep_link": push.deep_link,
            "kind": "news",
            "matter_id": matter.id,
            "update_id": notification.item_id,
        }


def test_each_phone_in_its_own_language_else_the_clients(system: FakeSystem, english: OpenFirm) -> None:
    client, me, matter = a_client_with_a_matter(system, english)
    pace(system, english, digest_minutes=0)
    spanish, brazilian, plain = fcm(), fcm(), fcm()
    system.services.devices.register(me, phone(spanish, language="es"))
    system.services.devices.register(me, phone(brazilian, language="pt-BR"))
    system.services.devices.register(me, phone(plain))
    system.services.notifications.deliver(news(system, english, matter))
    assert system.push.to(spanish)[0].body == "Nuevo mensaje sobre su expediente. Toque para leerlo."
    assert system.push.to(brazilian)[0].body == "Nova mensagem sobre o seu processo. Toque para ler."
    assert system.push.to(plain)[0].body == "A new message about your case. Tap to read it."


def test_held_notifications_are_one_push_per_phone_at_the_release(system: FakeSystem, english: OpenFirm) -> None:
    client, me, matter = a_client_with_a_matter(system, english)
    token = fcm()
    system.services.devices.register(me, phone(token))
    for text in ("Hearing set", "Expert appointed", "Fees paid"):
        assert system.services.notifications.deliver(news(system, english, matter, text)) == []
    assert system.push.sent == []
    system.release_held()
    [push] = system.push.to(token)
    assert push.body == "You have 3 updates on the client portal. Tap to see them."
    assert push.deep_link == PORTAL and push.kind == "digest" and push.matter_id is None


def test_a_dead_token_is_removed_and_the_other_phones_still_get_theirs(system: FakeSystem, english: OpenFirm) -> None:
    client, me, matter = a_client_with_a_matter(system, english)
    pace(system, english, digest_minutes=0)
    dead, alive = fcm(), fcm()
    gone = system.services.devices.register(me, phone(dead))
    system.services.devices.register(me, phone(alive))
    system.push.disable(dead)  # the phone was reset: FCM says so, SNS disables the endpoint

    system.services.notifications.deliver(news(system, english, matter))

    assert system.push.to(dead) == [] and len(system.push.to(alive)) == 1
    assert gone.id not in [d.id for d in system.services.devices.of_client(english.id, client.id)]
    assert gone.endpoint not in system.push.endpoints


def test_a_push_the_platform_cannot_take_now_leaves_the_e_mail_sent_once_and_the_phone_kept(
    system: FakeSystem, english: OpenFirm
) -> None:
    client, me, matter = a_client_with_a_matter(system, english)
    pace(system, english, digest_minutes=0)
    token = fcm()
    device = system.services.devices.register(me, phone(token))
    system.push.unavailable = True  # SNS throttling or failing
    email = system.accesses.get(english.id, client.id).email  # type: ignore[union-attr]
    before = len(system.mailer.to(email))

    sent = system.services.notifications.deliver(news(system, english, matter))

    # The e-mail went and the delivery succeeded: no retry sends her the same e-mail again.
    assert len(sent) == 1 and len(system.mailer.to(email)) == before + 1
    assert system.push.sent == []
    assert [d.id for d in system.services.devices.of_client(english.id, client.id)] == [device.id]
    system.push.unavailable = False
    system.services.notifications.deliver(news(system, english, matter, "Expert appointed"))
    assert len(system.push.to(token)) == 1


def test_a_token_another_client_registered_since_stops_pushing_to_the_first(
    system: FakeSystem, english: OpenFirm
) -> None:
    client, me, matter = a_client_with_a_matter(system, english)
    pace(system, english, digest_minutes=0)
    shared = fcm()
    system.services.devices.register(me, phone(shared))
    other, tokens = invited_client(system, english, name="Paulo Lima")
    theirs = system.services.devices.register(caller(system, tokens), phone(shared))  # the phone changed hands

    system.services.notifications.deliver(news(system, english, matter))

    assert system.push.sent == []  # not to the phone's new owner
    assert system.services.devices.of_client(english.id, client.id) == []
    assert system.services.devices.of_client(english.id, other.id) == [theirs]
    assert theirs.endpoint in system.push.endpoints


def test_a_topic_chosen_none_pushes_nothing_and_one_by_sms_still_pushes(system: FakeSystem, english: OpenFirm) -> None:
    client, me, matter = a_client_with_a_matter(system, english)
    pace(system, english, digest_minutes=0)
    token = fcm()
    system.services.devices.register(me, phone(token))
    nothing = NotificationPreferences.defaults(english.id, client.id).with_channels({Topic.NEWS: ChannelChoice.NONE})
    system.preferences.save(nothing)
    assert system.services.notifications.deliver(news(system, english, matter)) == []
    assert system.push.sent == []

    by_sms = nothing.model_copy(update={"mobile": VerifiedMobile(number=MOBILE, verified_at=system.clock.now())})
    system.preferences.save(by_sms.with_channels({Topic.NEWS: ChannelChoice.SMS}))
    assert system.services.notifications.deliver(news(system, english, matter)) == ["sms-1", "push-1"]
    assert len(system.sms.to(MOBILE)) == 1 and len(system.push.to(token)) == 1


def test_the_same_notification_again_after_a_sign_out_pushes_nowhere(system: FakeSystem, english: OpenFirm) -> None:
    client, me, matter = a_client_with_a_matter(system, english)
    pace(system, english, digest_minutes=0)
    system.services.devices.register(me, phone())
    notification = news(system, english, matter)
    system.services.auth.sign_out(me)
    system.clock.advance(timedelta(seconds=1))
    sent = system.services.notifications.deliver(notification)
    assert len(sent) == 1 and system.push.sent == []  # the e-mail only


# --- the pure rules ---------------------------------------------------------------------------


def test_a_device_id_is_the_platform_and_token_s_own() -> None:
    from chalicelib.domain.devices import device_id

    token = fcm()
    assert device_id(PushPlatform.FCM, token) == device_id(PushPlatform.FCM, token)
    assert device_id(PushPlatform.FCM, token) != device_id(PushPlatform.APNS, token)
    assert device_id(PushPlatform.FCM, token) != device_id(PushPlatform.FCM, token + "x")
    assert len(device_id(PushPlatform.FCM, token)) == 32


@pytest.mark.parametrize(
    ("platform", "token", "valid"),
    [
        (PushPlatform.APNS, "ab" * 32, True),
        (PushPlatform.APNS, "AB" * 32, True),
        (PushPlatform.APNS, "ab" * 31, False),
        (PushPlatform.APNS, "zz" * 32, False),
        (PushPlatform.FCM, "dGhpcyBpcyBhIHRva2Vu:APA91bH" + "x" * 100, True),
        (PushPlatform.FCM, "short", False),
        (PushPlatform.FCM, "has spaces in it, which no token has", False),
    ],
)
def test_a_token_must_look_like_its_platform_s(platform: PushPlatform, token: str, valid: bool) -> None:
    from chalicelib.domain.devices import check_token

    if valid:
        check_token(platform, token)
    else:
        with pytest.raises(InvalidInput) as refused:
            check_token(platform, token)
        what = "a Firebase registration token" if platform is PushPlatform.FCM else "64 hexadecimal digits"
        message = f"This is not a push token of this platform ({what})."
        assert refused.value.message == message
        assert refused.value.details == [{"path": "token", "message": message}]


def test_a_read_only_session_cannot_remove_a_phone_and_an_unknown_one_says_so(
    system: FakeSystem, english: OpenFirm
) -> None:
    client, me, _ = a_client_with_a_matter(system, english)
    mine = system.services.devices.register(me, phone())
    simulation = caller(system, system.services.auth.simulate(caller(system, english.admin_tokens), client.id))
    with pytest.raises(Forbidden) as refused:
        system.services.devices.remove(simulation, mine.id)
    assert refused.value.code == "read_only_session" and refused.value.message == "This session is read-only."
    assert system.services.devices.mine(me) == [mine]
    with pytest.raises(NotFound) as unknown:
        system.services.devices.remove(me, "nosuchdevice")
    assert unknown.value.code == "device_not_found"
    assert unknown.value.message == "This phone is not registered for notifications."
    with pytest.raises(Forbidden) as staff:
        system.services.devices.mine(caller(system, english.admin_tokens))
    assert staff.value.message == "Only a client registers phones for notifications."


def test_the_sns_message_carries_every_platform_s_payload_and_the_data() -> None:
    import json

    from chalicelib.domain.devices import Push

    push = Push(
        title="Silva", body="Olá", deep_link="https://x/#/matters/m1", kind="news", matter_id="m1", update_id="u1"
    )
    message = json.loads(push.sns_message())
    assert message["default"] == "Olá"
    data = {"deep_link": "https://x/#/matters/m1", "kind": "news", "matter_id": "m1", "update_id": "u1"}
    assert json.loads(message["GCM"]) == {"notification": {"title": "Silva", "body": "Olá"}, "data": data}
    apns = {"aps": {"alert": {"title": "Silva", "body": "Olá"}, "sound": "default"}, **data}
    assert json.loads(message["APNS"]) == apns and json.loads(message["APNS_SANDBOX"]) == apns
    for key in ("GCM", "APNS", "APNS_SANDBOX"):
        assert "Olá" in message[key]  # each payload in its own words, not escaped to \\u sequences
    assert '"default": "Olá"' in push.sns_message()
    bare = Push(title="Silva", body="2 novidades", deep_link="https://x", kind="digest")
    assert bare.data() == {"deep_link": "https://x", "kind": "digest"}
