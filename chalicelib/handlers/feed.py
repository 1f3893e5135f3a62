"""A6, F22-F23: the client's home on the portal and the mobile app: what changed across
all of her matters, newest first, and what she has not read yet."""

from __future__ import annotations

from chalice.app import Blueprint

from ..bootstrap import services
from ..domain.feed import FeedPage, FeedQuery, UnreadCounts
from .http import Audience, RequestContext, endpoint

bp = Blueprint(__name__)


@endpoint(
    bp,
    "GET",
    "/portal/feed",
    operation_id="listMyFeed",
    audience=Audience.CLIENT,
    tag="portal",
    query=FeedQuery,
    response=FeedPage,
    summary="What changed across all of the client's matters, newest first, with her unread counts.",
)
def my_feed(ctx: RequestContext, query: FeedQuery) -> FeedPage:
    return services().feed.page(ctx.signed_in(), query.cursor, query.limit)


@endpoint(
    bp,
    "GET",
    "/portal/feed/unread",
    operation_id="getMyUnreadCounts",
    audience=Audience.CLIENT,
    tag="portal",
    response=UnreadCounts,
    summary="How many updates the client has not read, in all and per matter (for badges).",
)
def my_unread(ctx: RequestContext) -> UnreadCounts:
    return services().feed.unread(ctx.signed_in())


@endpoint(
    bp,
    "POST",
    "/portal/feed/read-all",
    operation_id="markMyFeedRead",
    audience=Audience.CLIENT,
    tag="portal",
    response=UnreadCounts,
    read_only_ok=True,
    summary="Mark every update of the client's feed as read (not as opened: staff's read receipts stay as they "
    "are); answers her unread counts after.",
)
def read_all(ctx: RequestContext) -> UnreadCounts:
    return services().feed.mark_all_read(ctx.signed_in())
