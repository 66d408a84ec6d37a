"""Plain-text reports of partnership state, for terminals and examples.

An edge module: it reads the core's types and is never imported by the core.
"""

from __future__ import annotations

from collections.abc import Iterable

from .events import Authority, describe
from .projections import PartnershipState

__all__ = ["format_authorities", "format_state"]


def format_authorities(authorities: Iterable[Authority]) -> str:
    """``"bdc-cabinet-2009-07-29(4)"``-style references, comma separated."""
    return ", ".join(str(a) for a in authorities) or "no authority recorded"


def format_state(state: PartnershipState) -> str:
    """A readable, multi-line account of *state*."""
    lines = [
        f"{state.name or state.partnership} [{state.partnership}] on "
        f"{state.as_of.day} {state.as_of:%B %Y}"
    ]
    if state.formed is None:
        lines.append("  not yet formed on this date")
        lines.extend(_uncertain(state))
        return "\n".join(lines)
    if state.dissolved is not None:
        lines.append(f"  dissolved on {state.dissolved}")
    lines.append("  members: " + ", ".join(f"{m.name} ({m.council})" for m in state.members))
    if state.bodies:
        lines.append("  bodies:")
        for body in state.bodies:
            status = "active" if body.active else f"disbanded {body.disbanded}"
            lines.append(f"    - {body.name} [{body.body}]: {status}")
    if state.arrangements:
        lines.append("  arrangements:")
        for arr in state.arrangements:
            mechanism = arr.mechanism.value.replace("_", " ")
            if arr.mechanism_detail:
                mechanism += f" ({arr.mechanism_detail})"
            status = arr.status.value.replace("_", " ")
            if arr.notice_ends is not None and arr.in_force:
                status += f" until {arr.notice_ends}"
            if arr.closed_on is not None:
                status += f" on {arr.closed_on}"
            services = ", ".join(arr.services) or "-"
            lines.append(f"    - {arr.name} [{arr.arrangement}]: {status}; {mechanism}")
            lines.append(f"        services: {services}")
            if arr.decoupled_services:
                lines.append(f"        decoupled: {', '.join(arr.decoupled_services)}")
            lines.append(f"        authorised by {format_authorities(arr.authorised_by)}")
    if state.posts:
        lines.append("  posts:")
        for post in state.posts:
            status = "" if post.active else f" (deleted {post.deleted})"
            lines.append(f"    - {post.title} [{post.post}]{status}")
            if post.title_until is not None:
                lines.append(
                    f"        title held until {describe(post.title_until)}, "
                    f"then {post.reverts_to!r}"
                )
            if post.holder is not None:
                holder = post.holder
                who = holder.holder or "holder not named"
                term = f", term ends {describe(holder.term_ends)}" if holder.term_ends else ""
                expired = " (term expired)" if post.term_expired else ""
                lines.append(f"        held by {who} ({holder.basis.value}){term}{expired}")
            lines.append(f"        authorised by {format_authorities(post.authorised_by)}")
    for designation in state.designations:
        who = designation.person or designation.post or "not named"
        role = str(designation.role).replace("_", " ")
        lines.append(f"  {designation.council.upper()} {role}: {who}")
    delegations = state.delegations_in_force
    if delegations:
        lines.append("  delegations in force:")
        for delegation in delegations:
            joiner = " jointly with " if delegation.jointly else " and "
            delegates = joiner.join(str(d) for d in delegation.delegates)
            lines.append(f"    - [{delegation.delegation}] {delegates}: {delegation.scope}")
            if delegation.consultees:
                consultees = ", ".join(str(c) for c in delegation.consultees)
                lines.append(f"        in consultation with {consultees}")
            if delegation.limits:
                lines.append(f"        limits: {'; '.join(delegation.limits)}")
    if state.cost_shares:
        lines.append("  cost shares:")
        for share in state.cost_shares:
            parts = ", ".join(f"{s.council.upper()} {s.fraction}" for s in share.shares)
            lines.append(f"    - {share.scope}: {parts}")
    outstanding = state.outstanding_actions
    if outstanding:
        lines.append("  outstanding actions:")
        for action in outstanding:
            due = f" (due {describe(action.due)})" if action.due is not None else ""
            lines.append(f"    - [{action.action}] {action.description}{due}")
    if state.pending:
        lines.append("  not yet in force:")
        for pending in state.pending:
            lines.append(f"    - {pending.description}")
            lines.extend(f"        {reason}" for reason in pending.reasons)
    if state.lapsed:
        lines.append("  never in force:")
        lines.extend(f"    - {lapsed.description}: {lapsed.reason}" for lapsed in state.lapsed)
    lines.extend(_uncertain(state))
    return "\n".join(lines)


def _uncertain(state: PartnershipState) -> list[str]:
    if not state.uncertain:
        return []
    lines = ["  uncertain on this date:"]
    for fact in state.uncertain:
        lines.append(f"    - {fact.description} ({fact.period})")
    return lines
