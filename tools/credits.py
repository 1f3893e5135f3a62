"""Add language-model credits to a firm (F25), on a deployed stack or the local one.

    python -m tools.credits --stack law-portal-prod --firm <firm id> --add 500
    python -m tools.credits --local --firm <firm id> --add 500     # the stack of `make run`

Prints the balance and the use per month after the grant. It writes through the same
adapter the worker charges through, so the balance stays atomic."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from tools.open_firm import stack_environment
from tools.redrive import LOCAL

# Written by `make run` (devstack) when it starts: the local stack's tables and queues.
LOCAL_ENVIRONMENT = Path(__file__).resolve().parents[1] / ".devstack" / "environment.json"


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tools.credits", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--stack", help="the CloudFormation stack the portal was deployed as")
    where.add_argument("--local", action="store_true", help="the local stack of `make run`")
    parser.add_argument("--firm", required=True, help="the firm's id")
    parser.add_argument("--add", type=int, required=True, help="how many credits to add")
    args = parser.parse_args()
    if args.add <= 0:
        parser.error("--add takes a positive number of credits")
    if args.local:
        if not LOCAL_ENVIRONMENT.exists():
            raise SystemExit("The local stack is not running: start it with `make run`.")
        os.environ.update(LOCAL | json.loads(LOCAL_ENVIRONMENT.read_text()))
    else:
        os.environ.update(stack_environment(args.stack))
    from chalicelib.bootstrap import services

    translations = services().translations
    if translations.firms.get(args.firm) is None:
        raise SystemExit(f"No firm {args.firm} there.")
    translations.credits.grant(args.firm, args.add)
    account = translations.credits.account(args.firm)
    print(f"Firm {args.firm}: {account.balance} credits.")
    for month in account.usage:
        print(f"  {month.month}: {month.model_calls} model calls, {month.credits} credits used")


if __name__ == "__main__":
    main()
