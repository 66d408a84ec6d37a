"""Changes over time: what changed in a partnership, on which day, on whose authority.

See :mod:`govledger.changes.run` for what counts as a change and when it takes effect.
"""

from __future__ import annotations

from .run import (
    ArrangementHistory,
    Change,
    ChangeKind,
    EntityState,
    EntityType,
    HolderSpell,
    MechanismSpell,
    PartnershipFacts,
    PostHistory,
    ServiceSpell,
    StatusSpell,
    TitleSpell,
    apply_changes,
    arrangement_history,
    diff,
    diff_states,
    post_history,
    timeline,
)

__all__ = [
    "ArrangementHistory",
    "Change",
    "ChangeKind",
    "EntityState",
    "EntityType",
    "HolderSpell",
    "MechanismSpell",
    "PartnershipFacts",
    "PostHistory",
    "ServiceSpell",
    "StatusSpell",
    "TitleSpell",
    "apply_changes",
    "arrangement_history",
    "diff",
    "diff_states",
    "post_history",
    "timeline",
]
