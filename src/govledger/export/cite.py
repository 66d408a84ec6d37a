"""Text citations of the decisions behind a fact, shared by every export.

A :class:`Decisions` index is built from a partnership's standing entries; it says,
for a :class:`~govledger.events.ResolutionRef` or an outside
:class:`~govledger.events.Citation`, in words, which decision it is (who decided,
when, which item and part, what the part says) and where the published record is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from ..events import (
    Authority,
    BodyEstablished,
    Citation,
    DecisionMaker,
    DelegatedDecisionTaken,
    Event,
    JointBody,
    ResolutionPassed,
    ResolutionRef,
    describe,
)

__all__ = ["Decisions", "slug"]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """*text* as a lower-case id part: ``"Ms A. Smith"`` -> ``"ms-a-smith"``."""
    found = _NOT_SLUG.sub("-", text.casefold()).strip("-")
    return found or "x" + format(sum(map(ord, text)) % 65536, "04x")


@attrs.frozen
class Decisions:
    """The decisions of one partnership, by id, to cite them in words."""

    partnership: str
    by_id: dict[str, ResolutionPassed | DelegatedDecisionTaken]
    bodies: dict[str, str] = attrs.field(factory=dict)

    @classmethod
    def of(cls, partnership: str, standing: Iterable[tuple[int, Event]]) -> Decisions:
        found: dict[str, ResolutionPassed | DelegatedDecisionTaken] = {}
        bodies: dict[str, str] = {}
        for _, event in standing:
            if isinstance(event, BodyEstablished):
                bodies[event.body] = event.name
            elif isinstance(event, ResolutionPassed):
                found[event.resolution] = event
            elif isinstance(event, DelegatedDecisionTaken):
                found[event.decision] = event
        return cls(partnership, found, bodies)

    def heading(self, decision: str) -> str:
        """Who decided what, when: ``CDC Executive, 2016-02-01, item 118: Joint ...``."""
        event = self.by_id.get(decision)
        if event is None:
            return f"decision {decision} (not recorded in this ledger)"
        if isinstance(event, DelegatedDecisionTaken):
            when = describe(event.decided) if event.decided else describe(event.effective)
            return f"{event.taken_by}, {when}, under delegation {event.delegation}: {event.summary}"
        when = describe(event.decided)
        return f"{self.maker(event.decided_by)}, {when}, item {event.item}: {event.title}"

    def maker(self, maker: DecisionMaker) -> str:
        """Who decided, by name: a joint body by the name it was established with."""
        if isinstance(maker, JointBody):
            return self.bodies.get(maker.body, maker.body)
        return str(maker)

    def cite(self, authority: Authority) -> str:
        """*authority* in words, with the part's own summary when it names a part."""
        if isinstance(authority, Citation):
            return str(authority)
        text = f"{authority} — {self.heading(authority.resolution)}"
        event = self.by_id.get(authority.resolution)
        if isinstance(event, ResolutionPassed) and authority.part:
            part = event.part(authority.part)
            if part is not None:
                text += f"; part ({')('.join(authority.part)}): {part.summary}"
        return text

    def url(self, authority: Authority) -> str | None:
        """The published record's address, when the ledger holds one."""
        if isinstance(authority, Citation):
            return authority.url
        event = self.by_id.get(authority.resolution)
        if event is not None and event.source is not None:
            return event.source.url
        return None

    def uri(self, authority: Authority) -> str:
        """An address for *authority*: its record's URL, else a ``urn:govledger:`` name."""
        found = self.url(authority)
        if found:
            return found
        if isinstance(authority, ResolutionRef):
            return f"urn:govledger:{self.partnership}:decision:{authority.resolution}"
        return f"urn:govledger:{self.partnership}:document:{slug(authority.document)}"
