"""The one exception hierarchy govledger raises.

Every error is a :class:`GovLedgerError`; each message says what was wrong and how
to put it right. :class:`~govledger.store.chain.ChainBroken` (a verification that
failed) lives with the hash chain in :mod:`govledger.store.chain`, so that this module
imports nothing from govledger; import it as ``govledger.ChainBroken``.
"""

from __future__ import annotations


class GovLedgerError(Exception):
    """Base of every error govledger raises."""


class InvalidEvent(GovLedgerError, ValueError):
    """An event (or a value inside one) is malformed: a bad id, a wrong type, a bad date."""


class UsageError(GovLedgerError, ValueError):
    """An API was called with arguments it cannot accept (a datetime for a date, ...)."""


class UnknownName(UsageError, LookupError):
    """A name printed in minutes is not an alias of any id; the message lists near matches."""


class RuleViolation(GovLedgerError, ValueError):
    """An event contradicts the domain rules or what the ledger already holds.

    ``rule`` names the rule, ``event`` is the offending event (when there is one) and
    ``reason`` says why, in words a clerk can act on.
    """

    rule: str = "rule"

    def __init__(self, reason: str, *, event: object | None = None) -> None:
        self.reason = reason
        self.event = event
        where = f" in {type(event).__name__}" if event is not None else ""
        super().__init__(f"[{self.rule}]{where}: {reason}")


class UnknownPartnership(RuleViolation):
    """The event names a partnership that has not been formed (or was dissolved)."""

    rule = "partnership-exists"


class DuplicateId(RuleViolation):
    """An id is already used by another entity of the same kind."""

    rule = "unique-id"


class UnknownReference(RuleViolation):
    """The event refers to a member, body, post, arrangement, delegation, condition
    or action that does not exist on the event's effective date."""

    rule = "reference-exists"


class NotAMember(RuleViolation):
    """The event names a council that is not a member of the partnership then."""

    rule = "member-exists"


class InvalidAuthority(RuleViolation):
    """The authorising resolution part does not exist, or cannot authorise a change
    (it was recommended, noted, lost, withdrawn or deferred, or decided too late)."""

    rule = "authorised-by-resolved-part"


class MissingAuthority(RuleViolation):
    """A change to a partnership names no resolution part or citation that authorised it."""

    rule = "authority-required"


class TitleMismatch(RuleViolation):
    """A retitle does not name the post's current title, or does not change it."""

    rule = "retitle-names-current-title"


class ArrangementClosed(RuleViolation):
    """The arrangement was already decoupled or ended."""

    rule = "arrangement-open"


class AlreadyDecoupled(ArrangementClosed):
    """The arrangement (or the service) was decoupled before."""

    rule = "not-already-decoupled"


class BodyDisbandedError(RuleViolation):
    """A disbanded body cannot pass resolutions or act afterwards."""

    rule = "body-active"


class DelegationNotInForce(RuleViolation):
    """A delegated decision was taken under a delegation that was not in force then,
    or by someone who is not one of its delegates."""

    rule = "delegation-in-force"


class InvalidCostShare(RuleViolation):
    """Cost shares must be positive, between members, and sum to exactly one."""

    rule = "shares-sum-to-one"


class VoteContradictsOutcome(RuleViolation):
    """The recorded votes do not support the part's outcome."""

    rule = "vote-supports-outcome"


class InvalidTransition(RuleViolation):
    """The event asks for a change the entity cannot make in its current status."""

    rule = "valid-transition"


class InvalidRetraction(RuleViolation):
    """An :class:`~govledger.events.EntryRetracted` names no entry it can withdraw: a
    position not in the ledger, another partnership's entry, an entry already
    retracted, or a retraction that carried no replacement."""

    rule = "retraction-target"


class RetractionHasDependants(RuleViolation):
    """Withdrawing the entry would leave later recorded entries invalid.

    ``dependants`` lists them as ``(position, summary)``; retract them in the same
    append, or correct the entry with a replacement they still fit.
    """

    rule = "retraction-dependants"

    def __init__(
        self,
        reason: str,
        *,
        event: object | None = None,
        dependants: tuple[tuple[int, str], ...] = (),
    ) -> None:
        super().__init__(reason, event=event)
        self.dependants = dependants


class ConcurrencyError(GovLedgerError):
    """Another writer appended first: the expected version no longer holds."""

    def __init__(self, *, partnership: str, expected: int, found: int) -> None:
        self.partnership = partnership
        self.expected = expected
        self.found = found
        super().__init__(
            f"partnership {partnership!r} is at version {found}, not the expected {expected}: "
            "another writer appended first. Re-read its history, re-check your events "
            "and append again with the new expected version."
        )


class StoreError(GovLedgerError):
    """The underlying database could not be used."""


class NotALedger(StoreError):
    """The file exists but is not a govledger database."""


class SchemaVersionError(StoreError):
    """The database was written by a different schema version of govledger."""


class LedgerBusy(StoreError):
    """Another process held the database's write lock for longer than the busy timeout."""


class DecodeError(GovLedgerError):
    """A stored event could not be decoded (unknown type, unknown version, bad payload)."""


class LedgerClosed(GovLedgerError):
    """The ledger was used after it was closed."""


class ReadOnlyLedger(StoreError):
    """The ledger's file or directory cannot be written, so nothing can be recorded in it."""


class CorruptLedger(StoreError):
    """The database file is damaged (truncated, overwritten or otherwise malformed)."""


class MigrationRequired(SchemaVersionError):
    """The database uses an older schema; it can be upgraded by an explicit migration."""


class MigrationFailed(SchemaVersionError):
    """A schema migration could not finish; the database was left as it was."""


class InternalError(GovLedgerError):
    """govledger itself failed unexpectedly; nothing was written. Please report it."""
