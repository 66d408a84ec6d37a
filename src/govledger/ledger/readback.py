"""Encoding an event for the store, refusing anything that would not read back as itself.

:func:`encoded` is what :class:`~govledger.ledger.recorder.Recorder` (and a what-if)
runs on every new event before the rules see it.
"""

from __future__ import annotations

import attrs

from ..codec import decode, encode, encode_checked
from ..codec_checks import Checker, NotAsDecoded, checker, quick
from ..errors import GovLedgerError, InvalidEvent
from ..events import event_type
from ..store import MAX_PAYLOAD_BYTES

__all__ = ["encoded"]


def encoded(event: object) -> tuple[str, int, str]:
    """Encode *event* for the store, refusing anything that would not read back as itself.

    The event is validated once, in place: every nested object's field validators and
    class checks run on its values as they are now, and every value must be of exactly
    the type decoding its canonical JSON builds (:func:`govledger.codec_checks.checker`).
    That proves the stored bytes read back as this event without decoding them.
    """
    name = event_type(event)  # InvalidEvent for anything that is not an event
    check = checker(type(event))
    try:
        if check is None:
            attrs.validate(event)  # type: ignore[arg-type]
        else:
            _checked(event, name, check)
    except GovLedgerError as exc:
        if check is not None and not _own_field_problem(event, exc):
            raise InvalidEvent(f"{name} would not read back from the ledger: {exc}") from exc
        raise
    except NotAsDecoded as exc:
        raise InvalidEvent(
            f"{name} would not read back unchanged: {exc}; it holds a value its fields do "
            "not allow; build it again from plain values"
        ) from None
    try:
        writer = encode if check is None else encode_checked  # checked: exact types
        encoded = writer(event)  # type: ignore[arg-type]
        payload = encoded[2]
        size = len(payload.encode("utf-8"))
    except GovLedgerError:
        raise
    except UnicodeEncodeError:
        raise InvalidEvent(
            f"{name} holds text that cannot be stored as UTF-8 (a lone surrogate); remove it"
        ) from None
    except Exception as exc:
        raise InvalidEvent(f"{name} could not be encoded: {type(exc).__name__}: {exc}") from exc
    if size > MAX_PAYLOAD_BYTES:
        raise InvalidEvent(
            f"{name} is {size:,} bytes when encoded, more than the {MAX_PAYLOAD_BYTES:,}-byte "
            "limit for one event; record it as several smaller events"
        )
    if check is None:  # a class the checker does not know: prove it by decoding
        try:
            readback = decode(*encoded)
        except GovLedgerError as exc:
            raise InvalidEvent(f"{name} would not read back from the ledger: {exc}") from exc
        if readback != event:
            raise InvalidEvent(
                f"{name} would not read back unchanged: it holds a value its fields do not "
                "allow; build it again from plain values"
            )
    return encoded


def _checked(event: object, name: str, check: Checker) -> None:
    """Run *check* on *event*, quickly: the walk without its paths first
    (:func:`~govledger.codec_checks.quick`), and the checker itself only if that fails,
    to raise what it always did."""
    fast = quick(type(event))
    if fast is not None:
        try:
            fast(event)
        except Exception:  # the checker below says what is wrong
            pass
        else:
            return
    check(event, name)


def _own_field_problem(event: object, exc: GovLedgerError) -> bool:
    """Whether *exc* came from a field validator of *event* itself (said as it is)."""
    try:
        attrs.validate(event)  # type: ignore[arg-type]
    except GovLedgerError as again:
        return str(again) == str(exc)
    return False
