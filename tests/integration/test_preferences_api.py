"""Issue 10 over HTTP against moto: a client's notification choices, the mobile number
verified with a code sent through SNS (read back from moto's captured texts), staff's
read-only view, and the e-mails' one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.support.portal import PortalDriver

TOPICS = ("news", "case_changes", "document_requests", "billing")


def code_sent_to(portal: PortalDriver, phone: str) -> str:
    texts = portal.texts_to(phone)
    assert texts, f"no text to {phone}"
    found = re.search(r"\b([0-9]{6})\b", texts[-1])
    assert found, texts[-1]
    return found[1]


def unique_mobile() -> str:
    import secrets

    # São Paulo mobiles: +55 11 9xxxx-xxxx; never ending in 99 (moto's opted-out numbers).
    return f"+55119{secrets.randbelow(10**7):07d}" + str(secrets.choice("012345678"))


def test_choices_default_to_e_mail_and_change_over_the_version(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, token = portal.invited_client(firm)
    got = portal.ok("GET", "/portal/notification-preferences", token)
    assert got == {"channels": dict.fromkeys(TOPICS, "email"), "mobile": None, "pending": None, "version": 0}

    changed = portal.ok("PUT", "/portal/notification-preferences", token, {"channels": {"news": "none"}, "version": 0})
    assert changed["channels"]["news"] == "none" and changed["version"] == 1
    stale = portal.call(
        "PUT", "/portal/notification-preferences", token, {"channels": {"billing": "none"}, "version": 0}
    )
    assert stale.status_code == 409 and stale.json_body["error"]["code"] == "conflict"

    sms = portal.call("PUT", "/portal/notification-preferences", token, {"channels": {"billing": "sms"}, "version": 1})
    assert sms.status_code == 422
    assert sms.json_body["error"]["details"][0]["path"] == "channels.billing"
    bad = portal.call("PUT", "/portal/notification-preferences", token, {"channels": {"gossip": "sms"}, "version": 1})
    assert bad.status_code == 422

    staff_view = portal.ok("GET", f"/clients/{client['id']}/notification-preferences", firm.admin_token)
    assert staff_view["channels"]["news"] == "none" and staff_view["version"] == 1
    assert portal.call("GET", "/portal/notification-preferences", firm.admin_token).status_code == 403
    assert portal.call("GET", "/clients/nosuchclient/notification-preferences", firm.admin_token).status_code == 404


def test_a_mobile_verified_by_a_code_sent_through_sns(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, token = portal.invited_client(firm)
    phone = unique_mobile()
    typed = f"({phone[3:5]}) {phone[5:10]}-{phone[10:]}"  # as a Brazilian types it, without +55
    started = portal.ok("POST", "/portal/mobile", token, {"number": typed}, status=202)
    assert started["number"] == phone
    (text,) = portal.texts_to(phone)
    assert text.startswith("Silva Advogados: seu código de verificação é ")
    pending = portal.ok("GET", "/portal/notification-preferences", token)["pending"]
    assert pending["number"] == phone and pending["attempts_left"] == 5
    assert "code" not in str(pending) and code_sent_to(portal, phone) not in str(pending)

    wrong = "000000" if code_sent_to(portal, phone) != "000000" else "111111"
    refused = portal.call("POST", "/portal/mobile/verify", token, {"code": wrong})
    assert refused.status_code == 422 and refused.json_body["error"]["details"][0]["path"] == "code"
    assert portal.ok("GET", "/portal/notification-preferences", token)["pending"]["attempts_left"] == 4

    verified = portal.ok("POST", "/portal/mobile/verify", token, {"code": code_sent_to(portal, phone)})
    assert verified["mobile"]["number"] == phone and verified["pending"] is None
    chosen = portal.ok(
        "PUT",
        "/portal/notification-preferences",
        token,
        {"channels": {"billing": "sms", "case_changes": "sms"}, "version": verified["version"]},
    )
    assert chosen["channels"] == {
        "news": "email",
        "case_changes": "sms",
        "document_requests": "email",
        "billing": "sms",
    }
    staff_view = portal.ok("GET", f"/clients/{client['id']}/notification-preferences", firm.admin_token)
    assert staff_view["mobile"]["number"] == phone and staff_view["channels"]["billing"] == "sms"

    removed = portal.ok("DELETE", "/portal/mobile", token)
    assert removed["mobile"] is None and set(removed["channels"].values()) == {"email"}


def test_an_opted_out_or_invalid_number_gets_no_code(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    _, token = portal.invited_client(firm)
    opted_out = portal.call("POST", "/portal/mobile", token, {"number": "+5511987654399"})
    assert opted_out.status_code == 422 and opted_out.json_body["error"]["details"][0]["path"] == "number"
    assert portal.texts_to("+5511987654399") == []
    landline = portal.call("POST", "/portal/mobile", token, {"number": "(11) 3456-7890"})
    assert landline.status_code == 422


def test_code_sends_are_rate_limited(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    _, token = portal.invited_client(firm)
    phone = unique_mobile()
    for _ in range(5):
        portal.ok("POST", "/portal/mobile", token, {"number": phone}, status=202)
    limited = portal.call("POST", "/portal/mobile", token, {"number": phone})
    assert limited.status_code == 429 and "Retry-After" in limited.headers
    assert len(portal.texts_to(phone)) == 5


def test_link_and_simulation_sessions_may_only_look(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, _ = portal.invited_client(firm)
    simulation = portal.ok("POST", f"/clients/{client['id']}/access/simulation", firm.admin_token)["access_token"]
    linked = portal.add_client(firm, "Luiza Link")
    portal.grant(firm, linked["id"], "link")
    link_token = portal.token_of(portal.link_in_last_mail(linked["emails"][0]))
    session = portal.ok("POST", "/auth/client/link-session", body={"portal": firm.slug, "token": link_token})[
        "access_token"
    ]
    for token in (simulation, session):
        assert portal.ok("GET", "/portal/notification-preferences", token)["version"] == 0
        writes: list[tuple[str, str, Any]] = [
            ("PUT", "/portal/notification-preferences", {"channels": {"news": "none"}, "version": 0}),
            ("POST", "/portal/mobile", {"number": "+5511987654321"}),
            ("POST", "/portal/mobile/verify", {"code": "123456"}),
            ("DELETE", "/portal/mobile", None),
        ]
        for method, path, body in writes:
            refused = portal.call(method, path, token, body)
            assert refused.status_code == 403, (method, path, refused.body)
            assert refused.json_body["error"]["code"] == "read_only_session"


def unsubscribe_url(firm_id: str, client_id: str, topic: str) -> str:
    from chalicelib.bootstrap import services
    from chalicelib.domain.notifications import Topic

    preferences = services().preferences
    firm = services().adapters.firms.get(firm_id)
    assert firm is not None
    return preferences.unsubscribe_url(firm, client_id, Topic(topic))


def test_one_click_unsubscribe_stops_the_topic_and_a_get_never_does(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, token = portal.invited_client(firm)
    url = unsubscribe_url(firm.id, client["id"], "news")
    parts = urlsplit(url)
    assert parts.scheme == "https" and parts.netloc == "api.test" and parts.path == "/unsubscribe"
    path = f"{parts.path}?{parts.query}"

    # A browser (or a mail scanner) opening the link is sent on to the portal's page; nothing changes.
    opened = portal.http.http.request("GET", path)
    assert opened.status_code == 303
    assert opened.headers["Location"] == (
        f"http://portal.test/p/{firm.slug}/#/unsubscribe/{parse_qs(parts.query)['token'][0]}"
    )
    assert portal.ok("GET", "/portal/notification-preferences", token)["channels"]["news"] == "email"

    # The mail app's one-click POST (RFC 8058).
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    done = portal.http.http.request("POST", path, headers=form, body=b"List-Unsubscribe=One-Click")
    assert done.status_code == 200, done.body
    assert done.json_body == {"topic": "news", "channel": "none"}
    again = portal.http.http.request("POST", path, headers=form, body=b"List-Unsubscribe=One-Click")
    assert again.status_code == 200 and again.json_body == done.json_body
    after = portal.ok("GET", "/portal/notification-preferences", token)
    assert after["channels"]["news"] == "none" and after["version"] == 1
    assert after["channels"]["case_changes"] == "email"

    # The portal's page confirms with a JSON POST.
    billing = urlsplit(unsubscribe_url(firm.id, client["id"], "billing"))
    assert portal.ok("POST", f"{billing.path}?{billing.query}", body={})["topic"] == "billing"


def test_a_tampered_token_is_refused_with_the_one_error_shape(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    client, token = portal.invited_client(firm)
    url = unsubscribe_url(firm.id, client["id"], "news")
    query = urlsplit(url).query
    tampered = query[:-3] + ("AAA" if not query.endswith("AAA") else "BBB")
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for attempt in (f"/unsubscribe?{tampered}", "/unsubscribe?token=nonsense", f"/unsubscribe?token={token}"):
        refused = portal.http.http.request("POST", attempt, headers=form, body=b"List-Unsubscribe=One-Click")
        assert refused.status_code == 404, refused.body
        assert refused.json_body["error"]["code"] == "invalid_link"
        assert portal.http.http.request("GET", attempt).status_code == 404
    missing = portal.http.http.request("POST", "/unsubscribe", headers=form, body=b"List-Unsubscribe=One-Click")
    assert missing.status_code == 422
    assert portal.ok("GET", "/portal/notification-preferences", token)["version"] == 0


def test_the_local_mailbox_shows_texts_beside_the_e_mails(portal: PortalDriver) -> None:
    from devstack.mailbox import Mailbox, _page

    firm = portal.open_firm()
    client, token = portal.invited_client(firm)
    phone = unique_mobile()
    portal.ok("POST", "/portal/mobile", token, {"number": phone}, status=202)
    mailbox = Mailbox(portal.moto_url)
    (text,) = [t for t in mailbox.texts() if t["to"] == phone]
    assert text["text"].startswith("Silva Advogados:") and text["received_at"]
    invitation = [m for m in mailbox.messages() if client["emails"][0] in m["to"]][-1]
    assert invitation["text"] and "http://portal.test" in invitation["text"]  # the text part, kept
    page = _page(mailbox.messages(), mailbox.texts())
    assert f"SMS to {phone}" in page and "Text version" in page
