"""The tables' schema: every column of every table the export writes, with its kind and
what it holds.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Literal, TypeAlias

import attrs

__all__ = ["BY_NAME", "TABLES", "Cell", "Column", "Kind", "Row", "Table"]

#: What a column holds.
Kind: TypeAlias = Literal["text", "integer", "boolean", "date", "fraction", "list"]
#: One cell's value, typed as its column's kind says (``None`` for an empty cell).
Cell: TypeAlias = str | int | bool | date | Fraction | tuple[str, ...] | None
#: One row: every column's name and value, in the table's column order.
Row: TypeAlias = dict[str, Cell]


@attrs.frozen
class Column:
    """A column: its name, what it holds, and what it means."""

    name: str
    kind: Kind
    description: str


@attrs.frozen
class Table:
    """One table of rows, its columns in a fixed order."""

    name: str
    description: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name: str, kind: Kind, description: str) -> Column:
    return Column(name, kind, description)


def _spec(name: str, what: str) -> tuple[Column, Column, Column]:
    return (
        _c(f"{name}_earliest", "date", f"{what}: the earliest day it may be (ISO)"),
        _c(f"{name}_latest", "date", f"{what}: the latest day it may be (ISO)"),
        _c(
            f"{name}_words",
            "text",
            f"{what}: the words of the record when it gives only a period (empty when exact)",
        ),
    )


_PARTNERSHIP = _c("partnership", "text", "The partnership's id")
_DECISION = _c("decision", "text", "The decision's id (a resolution or a delegated decision)")
_AUTHORISED = _c(
    "authorised_by",
    "list",
    "The decisions (resolution parts such as cdc-exec-118(3)) or outside documents that "
    "authorised it",
)

#: Every table :func:`tables` returns, without rows, in order.
TABLES: tuple[Table, ...] = (
    Table(
        "decisions",
        "Every recorded decision: resolutions of councils, committees and joint bodies, "
        "and decisions taken under a delegation",
        (
            _PARTNERSHIP,
            _DECISION,
            _c("kind", "text", "resolution, or delegated_decision"),
            _c("item", "text", "The agenda item or minute number"),
            _c("title", "text", "The item's title (a delegated decision's summary)"),
            _c("decided_by", "text", "Who decided: a council's body, a joint body, one person"),
            _c("decided_by_type", "text", "council_body, joint_body or individual"),
            _c("council", "text", "The council whose body or officer decided, if one"),
            *_spec("decided", "The meeting or decision date"),
            _c("published", "date", "When the decision notice was published"),
            _c(
                "call_in",
                "text",
                "Whether it is subject to call-in, as the record says: subject, not_subject "
                "or not_stated (never guessed)",
            ),
            _c(
                "call_in_exemption",
                "text",
                "Why it is not subject to call-in: urgent, officer_decision, non_executive, "
                "constitution, other",
            ),
            _c("call_in_deadline", "date", "The last day to call the decision in"),
            _c("call_in_words", "text", "The record's words on call-in"),
            _c("awaiting_call_in", "boolean", "Whether, on the day, it waits for call-in to end"),
            *_spec("effective", "When the decision takes effect"),
            _c("key_decision", "boolean", "Whether it is a key decision"),
            _c("urgent", "boolean", "Taken as urgent: an urgency power, or urgent business"),
            _c("urgency", "text", "The urgency power used, in the record's words"),
            _c(
                "meeting_status",
                "text",
                "held, held_informally, inquorate or not_properly_convened (only held decides)",
            ),
            _c("confidential", "boolean", "Whether (part of) it is confidential or exempt"),
            _c("exempt_paragraphs", "list", "Schedule 12A LGA 1972 paragraphs it is exempt by"),
            _c("delegation", "text", "The delegation exercised (a delegated decision)"),
            _c("status", "text", "Whether it was in force on the day of the export"),
            _c("in_force_from", "date", "The day it came into force, if it has"),
            _c("source_document", "text", "Where the record came from"),
            _c("source_url", "text", "The published record's address"),
            _c("position", "integer", "The ledger position of the entry that records it"),
        ),
    ),
    Table(
        "parts",
        "Every numbered part of every resolution, nested parts included",
        (
            _PARTNERSHIP,
            _DECISION,
            _c("ref", "text", "The part as cited, such as cdc-exec-118(2)(b)"),
            _c("parent_ref", "text", "The part it is nested in, if any"),
            _c("number", "text", "Its number: 2, b, iv"),
            _c("depth", "integer", "1 for a top-level part, 2 for (2)(b), ..."),
            _c("summary", "text", "What was decided, in the recorder's words"),
            _c(
                "outcome",
                "text",
                "resolved, recommended, noted, lost, withdrawn, deferred or not_recorded",
            ),
            _c("in_principle", "boolean", "Agreed in principle, a final decision to follow"),
            _c("finalises", "text", "The in-principle part it makes final"),
            _c("mirrors", "list", "Other councils' parts it is this council's decision on"),
            _c("conditions", "list", "What it was made subject to: 'id: description'"),
            _c("recommended_to", "list", "The bodies it was recommended to"),
            _c("adopts", "text", "The recommendation (a part elsewhere) it adopts"),
        ),
    ),
    Table(
        "votes",
        "Every vote recorded on a decision or on one of its parts",
        (
            _PARTNERSHIP,
            _DECISION,
            _c("ref", "text", "What was voted on: the part, or the decision as a whole"),
            _c("vote", "integer", "Its number among the votes on that part (1, 2, ...)"),
            _c("motion", "text", "substantive, amendment or procedural"),
            _c(
                "purpose",
                "text",
                "What the motion asked for: decide, amend, refer, take_separately, adjourn, "
                "defer, move_to_vote, recorded_vote, exclude_public, suspend_rules, other",
            ),
            _c("description", "text", "The motion voted on, when recorded"),
            _c("mover", "text", "Who moved it, when recorded"),
            _c("seconder", "text", "Who seconded it, when recorded"),
            _c("in_favour", "integer", "Votes for"),
            _c("against", "integer", "Votes against"),
            _c("abstained", "integer", "Abstentions, when recorded"),
            _c("unanimous", "boolean", "Carried unanimously"),
            _c("casting_vote", "text", "The chair's casting vote on a tie: for or against"),
            _c(
                "result",
                "text",
                "The result the minutes state: carried, lost, withdrawn or fell",
            ),
            _c(
                "carried",
                "boolean",
                "Whether the motion was carried: the stated result, else the figures, never "
                "a partial named list (empty: not recorded)",
            ),
            _c("named_votes", "integer", "How many members' votes are recorded by name"),
            _c(
                "named_complete",
                "boolean",
                "Whether the names recorded are every member who voted (false: only some)",
            ),
        ),
    ),
    Table(
        "named_votes",
        "Every member's vote recorded by name",
        (
            _PARTNERSHIP,
            _DECISION,
            _c("ref", "text", "What was voted on: the part, or the decision as a whole"),
            _c("vote", "integer", "The vote's number among the votes on that part"),
            _c("member", "text", "The member, as the minutes name them"),
            _c("position", "text", "for, against or abstain"),
        ),
    ),
    Table(
        "arrangements",
        "Every joint arrangement the partnership has had, as it stood on the day",
        (
            _PARTNERSHIP,
            _c("arrangement", "text", "The arrangement's id"),
            _c("name", "text", "Its name"),
            _c("services", "list", "The services run under it"),
            _c("mechanism", "text", "Its legal mechanism, such as s113_agreement"),
            _c("mechanism_detail", "text", "More on the mechanism, as recorded"),
            _c("lead", "text", "The lead (host) council"),
            _c("notice_period", "text", "The notice period, as recorded"),
            _c("status", "text", "in_force, under_notice, decoupled or ended"),
            _c("since", "date", "When its latest change took effect"),
            _c("notice_given_by", "text", "The council that gave notice"),
            _c("notice_ends", "date", "When the notice runs out"),
            _c("closed_on", "date", "When it was decoupled or ended"),
            _c("decoupled_services", "list", "Services that have left it"),
            _c(
                "ending_stage",
                "text",
                "The latest step towards ending it: agreed_to_end, agreed_to_give_notice, "
                "termination_started, termination_clause_activated, notice_given, other",
            ),
            _c("ending_since", "date", "When that step was taken"),
            _c("ending_by", "list", "The councils taking it"),
            _c("ending_ends", "date", "The end date it set (empty: no end date yet)"),
            _c("ending_words", "text", "The record's words for that step"),
            _AUTHORISED,
        ),
    ),
    Table(
        "posts",
        "Every post the partnership has had, with its holder on the day",
        (
            _PARTNERSHIP,
            _c("post", "text", "The post's id"),
            _c("title", "text", "Its title on the day"),
            _c("employer", "text", "The employing council"),
            _c("shared_by", "list", "The councils sharing it"),
            _c("created", "date", "When it was created"),
            _c("deleted", "date", "When it was deleted"),
            _c("holder", "text", "Who held it on the day"),
            _c("holder_basis", "text", "substantive, acting, interim or seconded"),
            _c("holder_employer", "text", "The holder's employer"),
            _c("holder_since", "date", "Since when"),
            *_spec("term_ends", "When the holder's term ends"),
            *_spec("title_until", "When a temporary title ends"),
            _c("reverts_to", "text", "The title it reverts to then"),
            _c("term_expired", "boolean", "Whether the holder's term has run out"),
            _AUTHORISED,
        ),
    ),
    Table(
        "delegations",
        "Every delegation of authority, as it stood on the day",
        (
            _PARTNERSHIP,
            _c("delegation", "text", "The delegation's id"),
            _c("delegates", "list", "Who may decide"),
            _c("consultees", "list", "Who must be consulted"),
            _c("scope", "text", "What it covers"),
            _c("limits", "list", "The bounds it must stay within"),
            _c("jointly", "boolean", "Whether the delegates act jointly"),
            _c("through", "text", "A body the delegates work through"),
            *_spec("expires", "When it expires"),
            _c("granted", "date", "When it came into force"),
            _c("revoked", "date", "When it was revoked"),
            _c("in_force", "boolean", "Whether it could be exercised on the day"),
            _c("exercised", "list", "The decisions taken under it"),
            _AUTHORISED,
        ),
    ),
    Table(
        "cost_shares",
        "Each council's share of each cost (or saving, contribution) on the day",
        (
            _PARTNERSHIP,
            _c("scope", "text", "What is shared"),
            _c("description", "text", "As recorded"),
            _c("kind", "text", "costs, savings or contributions"),
            _c("council", "text", "The council"),
            _c("share", "fraction", "Its exact share, such as 1/2"),
            _c("since", "date", "When the agreement took effect"),
            _AUTHORISED,
        ),
    ),
)

BY_NAME = {t.name: t for t in TABLES}
