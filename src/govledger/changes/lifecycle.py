"""Comparing two days' entities: one comparer per kind of entity, emitting changes."""

from __future__ import annotations

from collections.abc import Callable

from ..events import (
    Authority,
    EndingStage,
    certain_from,
    describe,
)
from ..projections import (
    ArrangementState,
    ArrangementStatus,
    Holding,
    PostState,
)
from .emit import Emitter, gone, holder_words, mechanism_words
from .model import (
    ChangeKind,
    EntityType,
)

# ---------------------------------------------------------------- arrangements


def compare_arrangement(
    out: Emitter, key: str, before: ArrangementState | None, after: ArrangementState | None
) -> None:
    if after is None:
        if before is not None:
            gone(out, EntityType.ARRANGEMENT, key, before)
        return
    base = before if before is not None and before.since == after.since else None
    count = len(out.found)

    def emit(
        kind: ChangeKind, description: str, fallback: tuple[Authority, ...], **kw: bool
    ) -> None:
        out.emit(kind, EntityType.ARRANGEMENT, key, before, after, description, fallback, **kw)

    if base is None:
        services = ", ".join(after.services) or "no services"
        lead = f", led by {after.lead.upper()}" if after.lead else ""
        emit(
            ChangeKind.ARRANGEMENT_ESTABLISHED,
            f"arrangement {key!r} ({after.name}) established for {services} under "
            f"{mechanism_words(after.mechanism, after.mechanism_detail)}{lead}",
            after.authorised_by,
        )
    else:
        variations = _variations(base, after)
        if variations:
            emit(
                ChangeKind.ARRANGEMENT_VARIED,
                f"arrangement {key!r} varied: {'; '.join(variations)}",
                after.authorised_by,
            )
    previous = base.decoupled_services if base is not None else ()
    leaving = tuple(s for s in after.decoupled_services if s not in previous)
    closed = after.status is ArrangementStatus.DECOUPLED and (
        base is None or base.status is not ArrangementStatus.DECOUPLED
    )
    if leaving or closed:
        what = ", ".join(leaving) or "its last services"
        rest = "; no services remain, so it is decoupled" if closed else ""
        emit(
            ChangeKind.ARRANGEMENT_DECOUPLED,
            f"{what} decoupled from arrangement {key!r}{rest}",
            after.authorised_by if closed else (),
        )
    if after.status is ArrangementStatus.UNDER_NOTICE and (
        base is None
        or base.status is not ArrangementStatus.UNDER_NOTICE
        or (base.notice_ends, base.notice_given_by) != (after.notice_ends, after.notice_given_by)
    ):
        ends = after.notice_ends.isoformat() if after.notice_ends else "a date not recorded"
        emit(
            ChangeKind.NOTICE_GIVEN,
            f"{(after.notice_given_by or 'a member').upper()} gave notice on arrangement "
            f"{key!r}, ending {ends}",
            after.authorised_by,
        )
    staged = after.ending[len(base.ending) :] if base is not None else after.ending
    for step in staged:
        if step.stage is EndingStage.NOTICE_GIVEN and step.ends is not None:
            continue  # reported as notice given above
        emit(ChangeKind.ENDING_STAGE, f"arrangement {key!r} {step}", step.authorised_by)
    if after.status is ArrangementStatus.ENDED and (
        base is None or base.status is not ArrangementStatus.ENDED
    ):
        by_notice = (
            after.notice_ends is not None
            and after.closed_on == after.notice_ends
            and out.on > after.notice_ends
        )
        if by_notice:
            description = (
                f"arrangement {key!r} ended when the notice given by "
                f"{(after.notice_given_by or 'a member').upper()} ran out on "
                f"{after.closed_on.isoformat() if after.closed_on else 'its end date'}"
            )
        else:
            description = f"arrangement {key!r} ended"
        emit(
            ChangeKind.ARRANGEMENT_ENDED,
            description,
            (base or after).authorised_by if by_notice else after.authorised_by,
            by_time=by_notice,
        )
    if len(out.found) == count:
        emit(
            ChangeKind.ARRANGEMENT_VARIED,
            f"arrangement {key!r} varied (its terms restated)",
            after.authorised_by,
        )


# ---------------------------------------------------------------- posts


def compare_post(out: Emitter, key: str, before: PostState | None, after: PostState | None) -> None:
    if after is None:
        if before is not None:
            gone(out, EntityType.POST, key, before)
        return
    base = before if before is not None and before.created == after.created else None
    count = len(out.found)

    def emit(
        kind: ChangeKind, description: str, fallback: tuple[Authority, ...], **kw: bool
    ) -> None:
        out.emit(kind, EntityType.POST, key, before, after, description, fallback, **kw)

    if base is None:
        emit(
            ChangeKind.POST_CREATED,
            f"post {key!r} created as {after.title!r}",
            after.authorised_by,
        )
    else:
        _titles(out, key, base, after, emit)
    held = base.holder if base is not None else None
    now = after.holder
    if now is not None and (held is None or not _same_holding(held, now)):
        term = f", term ending {describe(now.term_ends)}" if now.term_ends else ""
        emit(
            ChangeKind.HOLDER_APPOINTED,
            f"{holder_words(now)} appointed to post {key!r} ({now.basis.value}){term}",
            now.authorised_by,
        )
    elif now is not None and held is not None and now.term_ends != held.term_ends:
        emit(
            ChangeKind.TERM_EXTENDED,
            f"term of {holder_words(now)} in post {key!r} extended to {describe(now.term_ends)}",
            (),
        )
    if (
        now is not None
        and after.term_expired
        and not (base is not None and base.term_expired and held is not None and held == now)
    ):
        emit(
            ChangeKind.TERM_EXPIRED,
            f"term of {holder_words(now)} in post {key!r} expired ({describe(now.term_ends)})",
            now.authorised_by,
            by_time=True,
        )
    deleted = after.deleted is not None and (base is None or base.deleted is None)
    if now is None and held is not None and not deleted:
        emit(ChangeKind.POST_VACATED, f"post {key!r} vacated by {holder_words(held)}", ())
    if deleted:
        emit(ChangeKind.POST_DELETED, f"post {key!r} deleted", ())
    if len(out.found) == count:
        emit(ChangeKind.AMENDED, f"post {key!r} amended", after.authorised_by)


def _titles(
    out: Emitter,
    key: str,
    base: PostState,
    after: PostState,
    emit: Callable[..., None],
) -> None:
    title, until = base.title, base.title_until
    if until is not None and out.on > certain_from(until):
        reverted = base.reverts_to or base.title
        if reverted != base.title:
            emit(
                ChangeKind.TITLE_REVERTED,
                f"post {key!r} title reverted from {base.title!r} to {reverted!r} after "
                f"{describe(until)}",
                base.authorised_by,
                by_time=True,
            )
        title, until = reverted, None
    if (title, until) != (after.title, after.title_until):
        held = f" until {describe(after.title_until)}" if after.title_until else ""
        emit(
            ChangeKind.POST_RETITLED,
            f"post {key!r} retitled from {title!r} to {after.title!r}{held}",
            after.authorised_by,
        )
    elif after.former_titles != base.former_titles:
        # Retitled and back within the day: the title stands, but the post was
        # known by another for a moment, and keeps it among its former titles.
        gained = [
            t for t in after.former_titles if t not in base.former_titles and t != after.title
        ]
        passing = " as " + ", ".join(repr(t) for t in gained) if gained else ""
        emit(
            ChangeKind.POST_RETITLED,
            f"post {key!r} retitled{passing} and back to {after.title!r}",
            after.authorised_by,
        )


def _same_holding(one: Holding, other: Holding) -> bool:
    """The same appointment (its term may differ)."""
    return (one.holder, one.basis, one.employer, one.since) == (
        other.holder,
        other.basis,
        other.employer,
        other.since,
    )


def _variations(before: ArrangementState, after: ArrangementState) -> list[str]:
    """What an arrangement's variation changed, in words (decoupling aside)."""
    found: list[str] = []
    if after.name != before.name:
        found.append(f"renamed {after.name!r}")
    if (after.mechanism, after.mechanism_detail) != (before.mechanism, before.mechanism_detail):
        found.append(
            f"mechanism changed from {mechanism_words(before.mechanism, before.mechanism_detail)} "
            f"to {mechanism_words(after.mechanism, after.mechanism_detail)}"
        )
    if after.lead != before.lead:
        old = before.lead.upper() if before.lead else "none"
        new = after.lead.upper() if after.lead else "none"
        found.append(f"lead changed from {old} to {new}")
    added = [s for s in after.services if s not in before.services]
    removed = [
        s for s in before.services if s not in after.services and s not in after.decoupled_services
    ]
    if added:
        found.append(f"{', '.join(added)} added")
    if removed and after.status is not ArrangementStatus.DECOUPLED:
        found.append(f"{', '.join(removed)} removed")
    if after.notice_period != before.notice_period:
        found.append(f"notice period now {after.notice_period or 'not stated'}")
    return found
