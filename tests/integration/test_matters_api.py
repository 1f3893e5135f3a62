"""F12 "notify later" through the API against moto: the firm's pending notifications, the
most recently changed first, and "notify all"."""

from __future__ import annotations

from tests.support.portal import PortalDriver


def test_published_changes_are_listed_latest_first_and_notify_all_tells_every_client(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    maria, _ = portal.invited_client(firm)
    joao, _ = portal.invited_client(firm)
    rent = portal.open_matter(firm, [maria], title="Contrato de locação", number="Proc 10/2026")
    labour = portal.open_matter(firm, [joao], title="Reclamação trabalhista")
    portal.publish(firm, rent, [maria])
    portal.publish(firm, labour, [joao])
    assert [p["title"] for p in portal.ok("GET", "/matters/pending-notifications", firm.admin_token)["items"]] == [
        "Reclamação trabalhista",
        "Contrato de locação",
    ]

    # A published movement on the older one moves it to the top.
    portal.add_update(firm, rent, "manual_movement", "Audiência marcada")
    page = portal.ok("GET", "/matters/pending-notifications?limit=1", firm.admin_token)
    (first,) = page["items"]
    assert (first["matter_id"], first["title"], first["number"], first["client_names"]) == (
        rent["id"],
        "Contrato de locação",
        "Proc 10/2026",
        [maria["name"]],
    )
    rest = portal.ok("GET", f"/matters/pending-notifications?cursor={page['next_cursor']}", firm.admin_token)
    assert [p["matter_id"] for p in rest["items"]] == [labour["id"]] and rest.get("next_cursor") is None

    result = portal.ok("POST", "/matters/notify-pending", firm.admin_token)

    assert result == {"notified_matters": 2, "notified_clients": 2, "more": False}
    assert portal.ok("GET", "/matters/pending-notifications", firm.admin_token)["items"] == []
    assert any("Contrato de locação" in m["subject"] for m in portal.mails_to(maria["emails"][0]))
    assert any("Reclamação trabalhista" in m["subject"] for m in portal.mails_to(joao["emails"][0]))
    assert portal.ok("GET", f"/matters/{rent['id']}", firm.admin_token)["notification_pending"] is False
    (entry,) = [e for e in portal.ok("GET", "/audit", firm.admin_token)["items"] if e["action"] == "matters.notified"]
    assert sorted(entry["details"]["matter_ids"]) == sorted([rent["id"], labour["id"]])


def test_notifying_one_matter_takes_it_off_the_list_and_notify_all_with_none_pending_does_nothing(
    portal: PortalDriver,
) -> None:
    firm = portal.open_firm()
    maria, _ = portal.invited_client(firm)
    matter = portal.open_matter(firm, [maria])
    portal.publish(firm, matter, [maria])

    portal.ok("POST", f"/matters/{matter['id']}/notify", firm.admin_token)

    assert portal.ok("GET", "/matters/pending-notifications", firm.admin_token)["items"] == []
    assert portal.ok("POST", "/matters/notify-pending", firm.admin_token) == {
        "notified_matters": 0,
        "notified_clients": 0,
        "more": False,
    }


def test_staff_who_are_not_admins_may_see_and_notify_the_pending_list_and_clients_may_not(
    portal: PortalDriver,
) -> None:
    firm = portal.open_firm()
    maria, maria_token = portal.invited_client(firm)
    _, staff_token = portal.staff_member(firm)
    portal.publish(firm, portal.open_matter(firm, [maria]), [maria])

    assert len(portal.ok("GET", "/matters/pending-notifications", staff_token)["items"]) == 1
    assert portal.ok("POST", "/matters/notify-pending", staff_token)["notified_matters"] == 1
    assert portal.call("GET", "/matters/pending-notifications", maria_token).status_code == 403
