"""A state value as it stands on a later day, with no event in between: a title held
until a date reverts, a notice runs out."""

from __future__ import annotations

from datetime import date

import attrs

from ..events import certain_from
from .state import ArrangementState, ArrangementStatus, PostState


def settle_post(post: PostState, day: date) -> PostState:
    """The post as it stands on *day*: a title held only ``until`` a date reverts after it."""
    if post.title_until is not None and day > certain_from(post.title_until):
        post = attrs.evolve(
            post, title=post.reverts_to or post.title, title_until=None, reverts_to=None
        )
    expired = (
        post.holder is not None
        and post.holder.term_ends is not None
        and day > certain_from(post.holder.term_ends)
    )
    return attrs.evolve(post, term_expired=expired) if expired != post.term_expired else post


def settle_arrangement(arrangement: ArrangementState, day: date) -> ArrangementState:
    """The arrangement on *day*: once its notice has run out, it has ended."""
    if (
        arrangement.status is ArrangementStatus.UNDER_NOTICE
        and arrangement.notice_ends is not None
        and day > arrangement.notice_ends
    ):
        return attrs.evolve(
            arrangement, status=ArrangementStatus.ENDED, closed_on=arrangement.notice_ends
        )
    return arrangement
