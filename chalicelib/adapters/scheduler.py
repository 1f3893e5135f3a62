"""EventBridge Scheduler puts held notifications' releases on the notifications queue when
they are due: one one-time schedule per release (`at(...)`, in UTC), deleted by the
scheduler once it has run. Its name is the release's, so scheduling a release again (a
redelivered message) leaves the one schedule there is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..domain.notifications import HeldRelease
from ..domain.ports import ReleaseScheduler
from . import aws

# A one-time schedule's moment must lie ahead; a release already due goes a minute from now.
SOONEST = timedelta(minutes=1)


def schedule_name(release: HeldRelease) -> str:
    return f"release-{release.id}"


class EventBridgeReleaseScheduler:
    def __init__(self, group: str, queue_arn: str, role_arn: str) -> None:
        self.group = group
        self.queue_arn = queue_arn
        self.role_arn = role_arn

    def schedule(self, release: HeldRelease, at: datetime) -> None:
        from botocore.exceptions import ClientError

        moment = max(at.astimezone(UTC), datetime.now(UTC) + SOONEST).replace(microsecond=0, tzinfo=None)
        try:
            aws.client("scheduler").create_schedule(
                Name=schedule_name(release),
                GroupName=self.group,
                ScheduleExpression=f"at({moment.isoformat()})",
                ScheduleExpressionTimezone="UTC",
                FlexibleTimeWindow={"Mode": "OFF"},
                ActionAfterCompletion="DELETE",
                Target={
                    "Arn": self.queue_arn,
                    "RoleArn": self.role_arn,
                    "Input": release.model_dump_json(),
                    "RetryPolicy": {"MaximumEventAgeInSeconds": 86400, "MaximumRetryAttempts": 185},
                },
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "ConflictException":
                raise  # ConflictException: this release is scheduled already


# The port this adapter implements (chalicelib.domain.ports): mypy reports any drift here.
_release_scheduler: type[ReleaseScheduler] = EventBridgeReleaseScheduler
