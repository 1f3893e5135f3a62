"""Open a firm on a deployed stack: the firm, its portal settings, and its first admin,
who is invited by e-mail (the operator never sees a password).

    python -m tools.open_firm --stack law-portal-prod --name "Silva & Associados" \
        --slug silva --admin-email ana@silva.com.br --admin-name "Ana Silva"

It reads the stack's API function environment, so it writes to exactly the tables and
queue the deployed code uses, through the same domain service the API uses."""

from __future__ import annotations

import argparse
import os

import boto3


def stack_environment(stack: str) -> dict[str, str]:
    resources = boto3.client("cloudformation").describe_stack_resources(StackName=stack)["StackResources"]
    function = next(r["PhysicalResourceId"] for r in resources if r["LogicalResourceId"] == "APIHandler")
    return boto3.client("lambda").get_function_configuration(FunctionName=function)["Environment"]["Variables"]


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tools.open_firm", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stack", required=True, help="the CloudFormation stack the portal was deployed as")
    parser.add_argument("--name", required=True, help="the firm's name")
    parser.add_argument("--slug", required=True, help="the portal's address: https://<slug>.<portal domain>")
    parser.add_argument("--display-name", help="the name clients see (default: --name)")
    parser.add_argument("--language", default="pt-BR", choices=["pt-BR", "es", "en"])
    parser.add_argument("--admin-email", required=True)
    parser.add_argument("--admin-name", required=True)
    args = parser.parse_args()

    os.environ.update(stack_environment(args.stack))
    from chalicelib.bootstrap import services
    from chalicelib.domain.common import Language
    from chalicelib.domain.firm import PortalSettings

    display = args.display_name or args.name
    portal = PortalSettings(
        enabled=False,
        slug=args.slug,
        display_name=display,
        sender_name=display,
        default_language=Language(args.language),
    )
    firm, admin = services().firm.open_firm(args.name, portal, args.admin_email, args.admin_name)
    print(
        f"Opened firm {firm.id} ({firm.name}); invitation queued for {admin.email}. The portal is off until an admin turns it on."
    )


if __name__ == "__main__":
    main()
