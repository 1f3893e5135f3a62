"""B3 through the API against moto: the admins set how the firm's notifications are paced."""

from __future__ import annotations

from tests.support.portal import PortalDriver


def test_an_admin_sets_the_notification_pacing_over_the_firms_version(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    current = portal.ok("GET", "/firm", firm.admin_token)
    assert current["notifications"] == {
        "digest_minutes": 10,
        "quiet_hours": True,
        "quiet_from": "20:00",
        "quiet_until": "08:00",
        "time_zone": "America/Sao_Paulo",
        "sms_monthly_cap": 500,
    }
    change = {
        "digest_minutes": 0,
        "quiet_hours": False,
        "quiet_from": "21:30",
        "quiet_until": "07:00",
        "time_zone": "America/Manaus",
        "sms_monthly_cap": 0,
        "version": current["version"],
    }

    changed = portal.ok("PUT", "/firm/notification-settings", firm.admin_token, change)

    assert changed["version"] == current["version"] + 1
    assert changed["notifications"] == {k: v for k, v in change.items() if k != "version"}
    assert portal.ok("GET", "/firm", firm.admin_token)["notifications"] == changed["notifications"]
    stale = portal.call("PUT", "/firm/notification-settings", firm.admin_token, change)
    assert stale.status_code == 409
    for wrong in ({"time_zone": "Mars/Olympus"}, {"quiet_from": "21:30:00Z"}, {"quiet_until": "7h"}):
        refused = portal.call(
            "PUT", "/firm/notification-settings", firm.admin_token, {**change, **wrong, "version": changed["version"]}
        )
        assert refused.status_code == 422, wrong
    (entry,) = [
        e
        for e in portal.ok("GET", "/audit", firm.admin_token)["items"]
        if e["action"] == "firm.notification_settings_changed"
    ]
    assert "time_zone" in entry["details"]["fields"]


def test_staff_who_are_not_admins_may_not_change_it(portal: PortalDriver) -> None:
    firm = portal.open_firm()
    _, staff_token = portal.staff_member(firm)
    current = portal.ok("GET", "/firm", staff_token)

    refused = portal.call(
        "PUT", "/firm/notification-settings", staff_token, {**current["notifications"], "version": current["version"]}
    )

    assert refused.status_code == 403
