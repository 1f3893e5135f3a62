"""Issue 10: a client's notification choices, the verified mobile, SMS within the firm's
monthly cap, and one-click unsubscribe (the rules, and PreferencesService on fakes)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from pydantic import ValidationError

from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.common import Language
from chalicelib.domain.errors import Conflict, Expired, Forbidden, InvalidInput, NotFound, RateLimited, Unauthenticated
from chalicelib.domain.firm import Firm, NotificationSettings
from chalicelib.domain.notifications import Channel, Topic
from chalicelib.domain.preferences import (
    ChannelChoice,
    MobileChallenge,
    MobileCodeInput,
    MobileNumberInput,
    NotificationPreferences,
    NotificationPreferencesChange,
    Unsubscription,
    VerifiedMobile,
    code_text,
    default_region,
    list_unsubscribe_headers,
    normalize_mobile,
    sms_month,
)
from tests.support.fakes.system import FakeSystem
from tests.unit.builders import OpenFirm, caller, invited_client, link_client

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
MOBILE = "+5511987654321"


def prefs(**fields: object) -> NotificationPreferences:
    return NotificationPreferences.model_validate({"firm_id": "f1", "client_id": "c1", **fields})


def verified(**fields: object) -> NotificationPreferences:
    return prefs(mobile=VerifiedMobile(number=MOBILE, verified_at=NOW), **fields)


# --- the rules ------------------------------------------------------------------------------


def test_every_topic_goes_by_e_mail_unless_the_client_chose_otherwise() -> None:
    defaults = NotificationPreferences.defaults("f1", "c1")
    assert defaults.version == 0
    assert defaults.choices() == {topic: ChannelChoice.EMAIL for topic in Topic}
    assert all(defaults.channel_for(topic) is Channel.EMAIL for topic in Topic)


def test_none_is_no_channel_and_sms_needs_a_verified_mobile() -> None:
    chosen = {Topic.NEWS: ChannelChoice.NONE, Topic.BILLING: ChannelChoice.SMS}
    assert verified(channels=chosen).channel_for(Topic.NEWS) is None
    assert verified(channels=chosen).channel_for(Topic.BILLING) is Channel.SMS
    # Stored SMS with the number gone (it should not happen, but it must never text nobody).
    assert prefs(channels=chosen).channel_for(Topic.BILLING) is Channel.EMAIL
    assert verified(channels=chosen).channel_for(Topic.CASE_CHANGES) is Channel.EMAIL


def test_choosing_sms_without_a_verified_mobile_is_refused_on_that_topic() -> None:
    with pytest.raises(InvalidInput) as refused:
        prefs().with_channels({Topic.NEWS: ChannelChoice.EMAIL, Topic.BILLING: ChannelChoice.SMS})
    assert refused.value.details == [
        {"path": "channels.billing", "message": "Verify a mobile number before choosing text messages (SMS)."}
    ]
    changed = verified().with_channels({Topic.BILLING: ChannelChoice.SMS})
    assert changed.choice(Topic.BILLING) is ChannelChoice.SMS and changed.version == 1


def test_a_change_keeps_the_topics_it_does_not_name() -> None:
    first = prefs().with_channels({Topic.NEWS: ChannelChoice.NONE})
    second = first.with_channels({Topic.BILLING: ChannelChoice.NONE})
    assert second.choice(Topic.NEWS) is ChannelChoice.NONE and second.version == 2
    assert second.choice(Topic.CASE_CHANGES) is ChannelChoice.EMAIL


def test_removing_the_mobile_turns_every_sms_choice_back_to_e_mail() -> None:
    chosen = {Topic.NEWS: ChannelChoice.SMS, Topic.BILLING: ChannelChoice.NONE}
    removed = verified(channels=chosen, version=3).without_mobile()
    assert removed.mobile is None and removed.version == 4
    assert removed.choice(Topic.NEWS) is ChannelChoice.EMAIL
    assert removed.choice(Topic.BILLING) is ChannelChoice.NONE


def test_a_code_is_six_digits_kept_only_as_a_salted_hash_for_ten_minutes() -> None:
    code, challenge = MobileChallenge.issue(MOBILE, NOW)
    assert re.fullmatch(r"[0-9]{6}", code)
    assert code not in challenge.model_dump_json()
    assert challenge.matches(code) and challenge.matches(f" {code} ")
    assert not challenge.matches("000000" if code != "000000" else "111111")
    assert challenge.expires_at == NOW + timedelta(minutes=10)
    assert not challenge.expired(NOW + timedelta(minutes=9, seconds=59))
    assert challenge.expired(NOW + timedelta(minutes=10))
    _, other = MobileChallenge.issue(MOBILE, NOW)
    assert other.salt != challenge.salt


def test_five_tries_exhaust_a_code() -> None:
    _, challenge = MobileChallenge.issue(MOBILE, NOW)
    current = prefs(pending=challenge)
    for _ in range(4):
        current = current.tried()
        assert current.pending is not None and not current.pending.exhausted()
    current = current.tried()
    assert current.pending is not None and current.pending.exhausted()


@pytest.mark.parametrize(
    ("typed", "region", "expected"),
    [
        ("(11) 98765-4321", "BR", "+5511987654321"),
        ("11 98765 4321", "BR", "+5511987654321"),
        ("+55 11 98765-4321", None, "+5511987654321"),
        ("+56 9 6123 4567", "BR", "+56961234567"),
        ("9 6123 4567", "CL", "+56961234567"),
        ("612 34 56 78", "ES", "+34612345678"),
    ],
)
def test_numbers_are_kept_in_e164(typed: str, region: str | None, expected: str) -> None:
    assert normalize_mobile(typed, region) == expected


@pytest.mark.parametrize(
    ("typed", "region"),
    [("98765-4321", None), ("not a number", "BR"), ("+55 11 1234", None), ("(11) 3456-7890", "BR")],
)
def test_what_is_not_a_mobile_number_is_refused_on_the_number(typed: str, region: str | None) -> None:
    with pytest.raises(InvalidInput) as refused:
        normalize_mobile(typed, region)
    assert refused.value.details[0]["path"] == "number"


def a_firm(language: Language = Language.PT_BR, time_zone: str = "America/Sao_Paulo", cap: int = 500) -> Firm:
    return Firm.model_validate(
        {
            "id": "f1",
            "name": "Silva",
            "portal": {"slug": "silva", "display_name": "Silva", "sender_name": "Silva", "default_language": language},
            "notifications": NotificationSettings(time_zone=time_zone, sms_monthly_cap=cap).model_dump(),
            "created_at": NOW,
        }
    )


def test_the_default_region_is_the_firm_s_country() -> None:
    assert default_region(a_firm()) == "BR"
    assert default_region(a_firm(Language.ES, "Europe/Madrid")) == "ES"
    assert default_region(a_firm(Language.ES, "America/Santiago")) == "CL"
    assert default_region(a_firm(Language.ES, "Asia/Tokyo")) is None
    assert default_region(a_firm(Language.EN, "Europe/London")) is None


def test_a_text_counts_in_the_month_of_the_firm_s_time_zone() -> None:
    late = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 23:00 on 30 November in São Paulo
    assert sms_month(late, "America/Sao_Paulo") == "2026-11"
    assert sms_month(late, "Europe/Madrid") == "2026-12"


def test_the_code_text_names_the_firm_and_carries_the_code() -> None:
    assert code_text("Silva", "123456", Language.PT_BR) == (
        "Silva: seu código de verificação é 123456. Ele vale por 10 minutos."
    )


def test_the_one_click_headers() -> None:
    assert list_unsubscribe_headers("https://api.test/unsubscribe?token=t") == {
        "List-Unsubscribe": "<https://api.test/unsubscribe?token=t>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def test_a_change_names_known_topics_and_choices_and_a_version() -> None:
    NotificationPreferencesChange.model_validate({"channels": {"news": "none"}, "version": 0})
    for bad in (
        {"channels": {"gossip": "email"}, "version": 0},
        {"channels": {"news": "pigeon"}, "version": 0},
        {"channels": {"news": "email"}, "version": -1},
        {"channels": {"news": "email"}, "version": "1"},
        {"channels": {"news": "email"}},
    ):
        with pytest.raises(ValidationError):
            NotificationPreferencesChange.model_validate(bad)
    with pytest.raises(ValidationError):
        MobileCodeInput(code="12345")


# --- the service --------------------------------------------------------------------------------


def verify_mobile(system: FakeSystem, tokens: object, number: str = "(11) 98765-4321") -> str:
    """Start and confirm; returns the E.164 number."""
    service = system.services.preferences
    started = service.start_mobile_verification(caller(system, tokens), MobileNumberInput(number=number))  # type: ignore[arg-type]
    code = re.search(r"\b([0-9]{6})\b", system.sms.to(started.number)[-1])
    assert code
    service.confirm_mobile(caller(system, tokens), MobileCodeInput(code=code[1]))  # type: ignore[arg-type]
    return started.number


def test_nothing_stored_means_e_mail_for_everything(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    got = system.services.preferences.of(firm.id, client.id)
    assert got.version == 0 and got.choices() == {topic: ChannelChoice.EMAIL for topic in Topic}
    assert system.store.preferences == {}


def test_the_client_changes_choices_over_the_version_read(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    service = system.services.preferences
    change = NotificationPreferencesChange(channels={Topic.NEWS: ChannelChoice.NONE}, version=0)
    assert service.change(caller(system, tokens), change).version == 1
    with pytest.raises(Conflict):
        service.change(caller(system, tokens), change)  # version 0 again: stale
    assert service.of(firm.id, client.id).channel_for(Topic.NEWS) is None
    assert service.client_preferences(firm.id, client.id).choice(Topic.NEWS) is ChannelChoice.NONE


def test_staff_read_only_a_client_of_their_firm(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(NotFound):
        system.services.preferences.client_preferences(firm.id, "nosuchclient")


def test_a_code_by_sms_verifies_the_number(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    service = system.services.preferences
    started = service.start_mobile_verification(caller(system, tokens), MobileNumberInput(number="(11) 98765-4321"))
    assert started.number == MOBILE and started.expires_at == system.clock.now() + timedelta(minutes=10)
    (text,) = system.sms.to(MOBILE)
    assert text.startswith("Silva Advogados: seu código de verificação é ")
    code = re.search(r"\b([0-9]{6})\b", text)
    assert code and code[1] not in system.store.everything()
    done = service.confirm_mobile(caller(system, tokens), MobileCodeInput(code=code[1]))
    assert done.mobile == VerifiedMobile(number=MOBILE, verified_at=system.clock.now()) and done.pending is None
    chosen = service.change(
        caller(system, tokens),
        NotificationPreferencesChange(channels={Topic.BILLING: ChannelChoice.SMS}, version=done.version),
    )
    assert service.of(firm.id, client.id).channel_for(Topic.BILLING) is Channel.SMS
    removed = service.remove_mobile(caller(system, tokens))
    assert removed.mobile is None and removed.version == chosen.version + 1
    assert service.of(firm.id, client.id).channel_for(Topic.BILLING) is Channel.EMAIL


def test_wrong_codes_count_and_five_end_the_code(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    service = system.services.preferences
    with pytest.raises(InvalidInput) as first:
        service.confirm_mobile(caller(system, tokens), MobileCodeInput(code="123456"))
    assert first.value.details[0]["path"] == "code"  # no code asked for yet
    service.start_mobile_verification(caller(system, tokens), MobileNumberInput(number="+5511987654321"))
    code = re.search(r"\b([0-9]{6})\b", system.sms.to(MOBILE)[-1])
    assert code
    wrong = "000000" if code[1] != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(InvalidInput):
            service.confirm_mobile(caller(system, tokens), MobileCodeInput(code=wrong))
    with pytest.raises(Expired) as exhausted:
        service.confirm_mobile(caller(system, tokens), MobileCodeInput(code=code[1]))
    assert exhausted.value.code == "code_exhausted"


def test_a_code_expires_after_ten_minutes(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    service = system.services.preferences
    service.start_mobile_verification(caller(system, tokens), MobileNumberInput(number="+5511987654321"))
    code = re.search(r"\b([0-9]{6})\b", system.sms.to(MOBILE)[-1])
    assert code
    system.clock.advance(minutes=10)
    with pytest.raises(Expired) as late:
        service.confirm_mobile(caller(system, tokens), MobileCodeInput(code=code[1]))
    assert late.value.code == "code_expired"


def test_code_sends_are_rate_limited(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    service = system.services.preferences
    for _ in range(5):
        service.start_mobile_verification(caller(system, tokens), MobileNumberInput(number="+5511987654321"))
    with pytest.raises(RateLimited):
        service.start_mobile_verification(caller(system, tokens), MobileNumberInput(number="+5511987654321"))
    assert len(system.sms.sent) == 5


def test_an_opted_out_number_is_refused(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    with pytest.raises(InvalidInput) as refused:
        system.services.preferences.start_mobile_verification(
            caller(system, tokens), MobileNumberInput(number="+5511987654399")
        )
    assert refused.value.details[0]["path"] == "number" and refused.value.code == "sms_opted_out"
    assert system.sms.sent == []


def test_link_and_simulation_sessions_only_look(system: FakeSystem, firm: OpenFirm) -> None:
    _, link = link_client(system, firm)
    session = system.services.auth.open_access_link(firm.slug, link, FakeSystem.ADDRESS)
    client, _ = invited_client(system, firm)
    simulation = system.services.auth.simulate(caller(system, firm.admin_tokens), client.id)
    service = system.services.preferences
    for tokens in (session, simulation):
        assert service.mine(caller(system, tokens)).version == 0
        attempts = [
            lambda c: service.change(
                c, NotificationPreferencesChange(channels={Topic.NEWS: ChannelChoice.NONE}, version=0)
            ),
            lambda c: service.start_mobile_verification(c, MobileNumberInput(number=MOBILE)),
            lambda c: service.confirm_mobile(c, MobileCodeInput(code="123456")),
            service.remove_mobile,
        ]
        for attempt in attempts:
            with pytest.raises(Forbidden) as refused:
                attempt(caller(system, tokens))
            assert refused.value.code == "read_only_session"
    assert system.store.preferences == {} and system.sms.sent == []


def test_staff_have_no_preferences_of_their_own(system: FakeSystem, firm: OpenFirm) -> None:
    with pytest.raises(Forbidden):
        system.services.preferences.mine(caller(system, firm.admin_tokens))


def test_texts_stop_at_the_firm_s_monthly_cap_and_start_again_next_month(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.preferences
    system.clock.set(datetime(2026, 11, 30, 12, 0, tzinfo=UTC))
    capped = firm.firm.model_copy(update={"notifications": NotificationSettings(sms_monthly_cap=2)})
    assert service.send_sms(capped, MOBILE, "one") == "sms-1"
    assert service.send_sms(capped, MOBILE, "two") == "sms-2"
    assert service.send_sms(capped, MOBILE, "three") is None
    assert service.send_sms(capped, "+5511900000099", "opted out") is None
    system.clock.set(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
    assert service.send_sms(capped, MOBILE, "four") == "sms-3"
    none = firm.firm.model_copy(update={"notifications": NotificationSettings(sms_monthly_cap=0)})
    assert service.send_sms(none, MOBILE, "zero") is None
    assert [m.text for m in system.sms.sent] == ["one", "two", "four"]


def test_a_code_past_the_cap_is_not_sent(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    system.firms.save(
        firm.firm.model_copy(update={"notifications": NotificationSettings(sms_monthly_cap=0), "version": 2}),
        firm.firm,
        _audit(firm),
    )
    with pytest.raises(Conflict) as capped:
        system.services.preferences.start_mobile_verification(caller(system, tokens), MobileNumberInput(number=MOBILE))
    assert capped.value.code == "sms_cap_reached" and system.sms.sent == []


def _audit(firm: OpenFirm) -> AuditEntry:
    return AuditEntry.record(firm.actor, "firm.notifications_changed", f"firm:{firm.id}", NOW)


def test_an_unsubscribe_link_stops_its_topic_once(system: FakeSystem, firm: OpenFirm) -> None:
    client, _ = invited_client(system, firm)
    service = system.services.preferences
    url = service.unsubscribe_url(firm.firm, client.id, Topic.NEWS)
    assert url.startswith("https://api.portal.test/unsubscribe?token=")
    token = parse_qs(urlsplit(url).query)["token"][0]
    assert (
        service.unsubscribe_page_url(firm.firm, client.id, Topic.NEWS)
        == f"https://silva.portal.test/#/unsubscribe/{token}"
    )
    assert service.unsubscribe_page(token) == f"https://silva.portal.test/#/unsubscribe/{token}"
    assert service.unsubscribe(token).channel is ChannelChoice.NONE
    assert service.unsubscribe(token).topic is Topic.NEWS  # again: the same answer
    stored = service.of(firm.id, client.id)
    assert stored.version == 1 and stored.channel_for(Topic.NEWS) is None
    assert stored.channel_for(Topic.CASE_CHANGES) is Channel.EMAIL


def test_a_tampered_or_foreign_token_unsubscribes_nobody(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    service = system.services.preferences
    token = system.signer.sign_unsubscribe(Unsubscription(firm_id=firm.id, client_id=client.id, topic=Topic.NEWS))
    header, payload, signature = token.split(".")
    forged = [
        f"{header}.{payload}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}",
        tokens.access_token,  # a session token is not an unsubscribe token
        "nonsense",
        system.signer.sign_unsubscribe(Unsubscription(firm_id=firm.id, client_id="nosuchclient", topic=Topic.NEWS)),
        system.signer.sign_unsubscribe(Unsubscription(firm_id="nosuchfirm", client_id=client.id, topic=Topic.NEWS)),
    ]
    for bad in forged:
        with pytest.raises(NotFound) as refused:
            service.unsubscribe(bad)
        assert refused.value.code == "invalid_link"
    with pytest.raises(Unauthenticated):  # and an unsubscribe token is no session
        caller(system, token)
    assert system.store.preferences == {}


# --- what each refusal says, and the edges the mutation run found unpinned ---------------------


def test_each_refusal_says_what_to_do(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    service = system.services.preferences
    with pytest.raises(Conflict) as stale:
        service.change(caller(system, tokens), NotificationPreferencesChange(channels={}, version=3))
    assert (stale.value.message, stale.value.code) == (
        "Your preferences were changed meanwhile. Reload and try again.",
        "conflict",
    )
    with pytest.raises(InvalidInput) as first:
        service.confirm_mobile(caller(system, tokens), MobileCodeInput(code="123456"))
    assert first.value.message == "Ask for a code first."
    with pytest.raises(InvalidInput) as opted:
        service.start_mobile_verification(caller(system, tokens), MobileNumberInput(number="+5511987654399"))
    assert opted.value.message == "This number asked not to receive text messages; use another one."
    assert opted.value.details == [{"path": "number", "message": opted.value.message}]
    with pytest.raises(NotFound) as missing:
        service.client_preferences(firm.id, "nosuchclient")
    assert missing.value.message == "Client not found."
    with pytest.raises(NotFound) as invalid:
        service.unsubscribe_page("nonsense")
    assert (invalid.value.message, invalid.value.code) == ("This unsubscribe link is not valid.", "invalid_link")
    gone = system.signer.sign_unsubscribe(Unsubscription(firm_id="nosuchfirm", client_id=client.id, topic=Topic.NEWS))
    for attempt in (service.unsubscribe, service.unsubscribe_page):
        with pytest.raises(NotFound) as refused:
            attempt(gone)
        assert (refused.value.message, refused.value.code) == ("This unsubscribe link is not valid.", "invalid_link")


def test_the_code_s_refusals_say_why(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    service = system.services.preferences
    service.start_mobile_verification(caller(system, tokens), MobileNumberInput(number=MOBILE))
    code = re.search(r"\b([0-9]{6})\b", system.sms.to(MOBILE)[-1])
    assert code
    wrong = "000000" if code[1] != "000000" else "111111"
    with pytest.raises(InvalidInput) as refused:
        service.confirm_mobile(caller(system, tokens), MobileCodeInput(code=wrong))
    assert refused.value.details == [{"path": "code", "message": "This code is not right."}]
    stored = system.services.preferences.mine(caller(system, tokens))
    assert stored.pending is not None and stored.pending.attempts == 1
    for _ in range(4):
        with pytest.raises(InvalidInput):
            service.confirm_mobile(caller(system, tokens), MobileCodeInput(code=wrong))
    with pytest.raises(Expired) as exhausted:
        service.confirm_mobile(caller(system, tokens), MobileCodeInput(code=code[1]))
    assert exhausted.value.message == "Too many wrong codes. Ask for a new one."
    system.clock.advance(minutes=11)
    with pytest.raises(Expired) as late:
        service.confirm_mobile(caller(system, tokens), MobileCodeInput(code=code[1]))
    assert late.value.message == "This code has expired. Ask for a new one."


def test_a_code_goes_in_the_client_s_language(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    system.services.clients.set_language(caller(system, tokens).actor, client.id, Language.ES)
    system.services.preferences.start_mobile_verification(caller(system, tokens), MobileNumberInput(number=MOBILE))
    assert system.sms.to(MOBILE)[-1].startswith("Silva Advogados: su código de verificación es ")


def test_codes_are_limited_per_client_and_per_number(system: FakeSystem, firm: OpenFirm) -> None:
    service = system.services.preferences
    _, first = invited_client(system, firm, "Ana Primeira")
    _, second = invited_client(system, firm, "Bia Segunda")
    for ending in range(5):  # five numbers for one client
        service.start_mobile_verification(caller(system, first), MobileNumberInput(number=f"+551198765432{ending}"))
    with pytest.raises(RateLimited):
        service.start_mobile_verification(caller(system, first), MobileNumberInput(number="+5511987654325"))
    for _ in range(5):  # and one number for others, who are not limited by the first client's count
        service.start_mobile_verification(caller(system, second), MobileNumberInput(number="+5511912345678"))
    _, third = invited_client(system, firm, "Carla Terceira")
    with pytest.raises(RateLimited):  # five codes to that number already, whoever asks
        service.start_mobile_verification(caller(system, third), MobileNumberInput(number="+5511912345678"))


def test_each_firm_has_its_own_monthly_cap(system: FakeSystem, firm: OpenFirm) -> None:
    from tests.unit.builders import open_firm

    other = open_firm(system, slug="costa", name="Costa")
    service = system.services.preferences
    capped = {"notifications": NotificationSettings(sms_monthly_cap=1)}
    assert service.send_sms(firm.firm.model_copy(update=capped), MOBILE, "one")
    assert service.send_sms(other.firm.model_copy(update=capped), MOBILE, "one")
    assert not service.send_sms(firm.firm.model_copy(update=capped), MOBILE, "two")


def test_removing_drops_a_waiting_code_too(system: FakeSystem, firm: OpenFirm) -> None:
    _, tokens = invited_client(system, firm)
    service = system.services.preferences
    assert service.remove_mobile(caller(system, tokens)).version == 0  # nothing to remove: nothing written
    service.start_mobile_verification(caller(system, tokens), MobileNumberInput(number=MOBILE))
    removed = service.remove_mobile(caller(system, tokens))
    assert removed.pending is None and removed.version == 2
    assert service.mine(caller(system, tokens)).pending is None


def test_an_unsubscribe_racing_another_change_still_stops_the_topic(system: FakeSystem, firm: OpenFirm) -> None:
    client, tokens = invited_client(system, firm)
    service = system.services.preferences
    token = parse_qs(urlsplit(service.unsubscribe_url(firm.firm, client.id, Topic.BILLING)).query)["token"][0]
    real_save = system.preferences.save
    raced = []

    def save_after_a_rival(preferences: NotificationPreferences) -> None:
        if not raced:  # the client saves something else just before
            raced.append(True)
            service.change(
                caller(system, tokens),
                NotificationPreferencesChange(channels={Topic.NEWS: ChannelChoice.NONE}, version=0),
            )
        real_save(preferences)

    system.preferences.save = save_after_a_rival  # type: ignore[method-assign]
    assert service.unsubscribe(token).topic is Topic.BILLING
    stored = service.of(firm.id, client.id)
    assert stored.choice(Topic.BILLING) is ChannelChoice.NONE and stored.choice(Topic.NEWS) is ChannelChoice.NONE
    assert stored.version == 2


def test_an_api_url_with_a_trailing_slash_makes_the_same_link(system: FakeSystem, firm: OpenFirm) -> None:
    from dataclasses import replace

    client, _ = invited_client(system, firm)
    plain = system.services.preferences.unsubscribe_url(firm.firm, client.id, Topic.NEWS)
    system.adapters = replace(system.adapters, urls=replace(system.urls, api="https://api.portal.test/"))
    from chalicelib.services.composition import Services

    slashed = Services(system.adapters).preferences.unsubscribe_url(firm.firm, client.id, Topic.NEWS)
    assert slashed == plain and "//unsubscribe" not in slashed
