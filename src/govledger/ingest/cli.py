"""``govledger ingest`` and ``govledger apply``: from a minutes page to the ledger.

``ingest FILE --partnership P [--aliases FILE]`` writes the draft as JSON (by default
``FILE``'s name with ``.draft.json``) and prints what it read, quoting the words each
finding rests on. ``apply DRAFT [--review FILE]`` checks the whole draft against the
ledger's rules and appends it in one batch, or writes nothing and lists every problem.

Exit codes, as for the other commands: 0 done; 1 the ledger refused the draft (a rule
problem, a placeholder left in); 2 a mistake in the command or its input (a missing,
empty or binary file, a page with no decisions, a file that is not a draft).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..errors import GovLedgerError
from ..ledger import Ledger
from .aliases import Aliases, load_aliases
from .apply import ApplyFailed, Problem, apply_draft, check_draft
from .draft import Draft, Field, dump_draft, load_draft
from .errors import DraftError, IngestError
from .pipeline import check_partnership, ingest_document
from .review import apply_review, load_review
from .text import load

__all__ = ["apply_command", "ingest_command"]

#: Version of the JSON these commands print with ``--json``.
JSON_FORMAT = 1
_QUOTE = 70


class _BadInput(click.ClickException):
    exit_code = 2


class _Refused(click.ClickException):
    exit_code = 1


def _quote(raw: str, span: Any) -> str:
    if not span:
        return ""
    words = " ".join(raw[span[0] : span[1]].split())
    if len(words) > _QUOTE:
        words = words[: _QUOTE - 1] + "…"
    return f'[{span[0]}-{span[1]}] "{words}"'


def _describe(field: Field | None) -> str:
    if field is None:
        return "not found"
    value = field.value
    if isinstance(value, dict) and "latest" in value:
        text = (
            value["latest"]
            if value.get("earliest") is None
            else f"{value['earliest']}..{value['latest']}"
        )
        return f"{text} ({value.get('role', 'date')})"
    return str(value)


def _summary_lines(draft: Draft, raw: str) -> list[str]:
    lines = [f"Meeting: body {_describe(draft.body)}; decided {_describe(draft.decided)}"]
    for field in draft.dates:
        lines.append(f"  date {_describe(field)}  {_quote(raw, field.span)}")
    if draft.call_in is not None:
        lines.append(
            f"  subject to call-in: {draft.call_in.value}  {_quote(raw, draft.call_in.span)}"
        )
    for item in draft.items:
        number = item.number.value if item.number else "(no number)"
        title = item.title.value if item.title else "(no title)"
        lines.append(f"Item {number}: {title}")
        for vote in item.votes:
            lines.append(f"  vote on the item: {_vote_words(vote.value)}  {_quote(raw, vote.span)}")
        for part in item.parts:
            lines.append(
                f"  ({part.path}) {part.outcome.value} ({part.outcome.confidence:.2f})  "
                f"{_quote(raw, part.text.span)}"
            )
            for vote in part.votes:
                lines.append(f"      vote: {_vote_words(vote.value)}  {_quote(raw, vote.span)}")
            for condition in part.conditions:
                lines.append(
                    f"      condition ({condition.value['kind']})  {_quote(raw, condition.span)}"
                )
            for delegation in part.delegations:
                who = ", ".join(d["title"] for d in delegation.value["delegates"])
                lines.append(f"      delegation to {who}  {_quote(raw, delegation.span)}")
            for field in part.dates:
                lines.append(f"      date {_describe(field)}  {_quote(raw, field.span)}")
    lines.append(f"Proposed events: {len(draft.events)}")
    for event in draft.events:
        holes = f"  placeholders: {', '.join(event.placeholders)}" if event.placeholders else ""
        lines.append(f"  {event.id}{holes}")
    if draft.flags:
        lines.append(f"Flags for the reviewer: {len(draft.flags)}")
        for flag in draft.flags:
            lines.append(f"  {flag.where}: {flag.message}  {_quote(raw, flag.span)}")
    return lines


def _vote_words(value: dict[str, Any]) -> str:
    words = []
    if value.get("for") is not None:
        words.append(f"{value['for']} for, {value['against']} against")
        if value.get("abstained") is not None:
            words.append(f"{value['abstained']} abstained")
    if value.get("unanimous"):
        words.append("unanimous")
    if value.get("casting"):
        words.append("casting vote")
    return ", ".join(words) or "following a vote (no figures)"


def _ledger_path(ctx: click.Context, db: Path | None) -> Path:
    if db is not None:
        return db
    root = ctx.find_root()
    outer = root.params.get("db")
    return Path(outer) if outer else Path("govledger.db")


def _wants_json(ctx: click.Context, as_json: bool) -> bool:
    """Whether to print data: ``--json``, or ``--csv``/``--nl`` (which ``govledger`` adds)."""
    from ..cli.output import Format, chosen  # the command line registers these commands

    wanted = as_json or bool(ctx.find_root().params.get("as_json"))
    return chosen(wanted) is not Format.TEXT


def _emit(data: dict[str, Any], rows: list[dict[str, Any]] | None = None) -> None:
    """Print *data* as JSON, or its *rows* (else *data* as one row) for ``--csv``/``--nl``."""
    from ..cli.output import Format, chosen, emit

    fmt = chosen(False)
    emit(data, Format.JSON if fmt is Format.TEXT else fmt, rows=rows, version=JSON_FORMAT)


_INPUT_SUFFIXES = (".txt", ".html", ".htm", ".xhtml", ".text")


def _inputs(paths: tuple[Path, ...]) -> list[Path]:
    """The files to read: each FILE, and each text or HTML file inside each DIR."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _INPUT_SUFFIXES
            )
            if not inside:
                raise _BadInput(f"{path} holds no .txt or .html files to ingest")
            files.extend(inside)
        elif not path.exists():
            raise _BadInput(f"no file at {path}: give the path of a saved minutes page or text")
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def _write(target: Path, text: str) -> None:
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _BadInput(
            f"cannot write the draft to {target} ({exc.strerror or exc}): "
            "give --out a path in a writable directory"
        ) from None


def _targets(files: list[Path], out: Path | None) -> list[Path]:
    if len(files) == 1 and (out is None or not out.is_dir()):
        return [out or Path(f"{files[0].stem}.draft.json")]
    folder = out or Path(".")
    if out is not None and out.exists() and not out.is_dir():
        raise _BadInput(f"--out {out} is a file; with several inputs give a directory")
    if out is not None and not out.exists():
        try:
            out.mkdir(parents=True)
        except OSError as exc:
            raise _BadInput(f"cannot create the directory {out} ({exc.strerror or exc})") from None
    names: dict[str, int] = {}
    targets = []
    for file in files:
        stem = file.stem
        names[stem] = names.get(stem, 0) + 1
        suffix = f"-{names[stem]}" if names[stem] > 1 else ""
        targets.append(folder / f"{stem}{suffix}.draft.json")
    return targets


@click.command("ingest")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE|DIR..."
)
@click.option("--partnership", "-p", required=True, help="The partnership id the events are for.")
@click.option(
    "--aliases",
    "aliases_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="JSON mapping printed names (councils, bodies, services, posts) to your ids.",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write the draft (a directory for several inputs). Default: FILE's name "
    "with .draft.json, here.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html"]),
    default=None,
    help="Read FILE as plain text or HTML (default: guessed from its name and content).",
)
@click.option("--json", "as_json", is_flag=True, default=False, help="Print JSON, not text.")
@click.pass_context
def ingest_command(
    ctx: click.Context,
    files: tuple[Path, ...],
    partnership: str,
    aliases_file: Path | None,
    out: Path | None,
    fmt: str | None,
    as_json: bool,
) -> None:
    """Read minutes or decision pages (FILEs, or every page in DIRs) and write drafts.

    \b
    FILE is plain text (or text extracted from a PDF) or HTML saved from a
    modern.gov page; a file holding several pages is split into them. Nothing is
    written to any ledger: review each draft, then run `govledger apply DRAFT`.
    """
    try:
        check_partnership(partnership)
        aliases = load_aliases(aliases_file) if aliases_file is not None else Aliases()
    except GovLedgerError as exc:
        raise _BadInput(str(exc)) from None
    inputs = _inputs(files)
    targets = _targets(inputs, out)
    if len(inputs) == 1:
        _ingest_one(ctx, inputs[0], targets[0], partnership, aliases, fmt, as_json)
        return
    _ingest_many(ctx, inputs, targets, partnership, aliases, fmt, as_json)


def _ingest_one(
    ctx: click.Context,
    file: Path,
    target: Path,
    partnership: str,
    aliases: Aliases,
    fmt: str | None,
    as_json: bool,
) -> None:
    try:
        doc = load(file, format=fmt)
        draft = ingest_document(
            doc, partnership=partnership, aliases=aliases, source_name=file.name
        )
    except GovLedgerError as exc:
        raise _BadInput(str(exc)) from None
    data = draft.to_json()
    data["source"]["path"] = str(file)
    _write(target, dump_draft(data))
    if _wants_json(ctx, as_json):
        _emit({**_counts(draft), "draft": str(target)})
        return
    for line in _summary_lines(draft, doc.raw):
        click.echo(line)
    click.echo(f"Wrote the draft to {target}. Review it, then: govledger apply {target}")


def _counts(draft: Draft) -> dict[str, int]:
    return {
        "items": len(draft.items),
        "parts": sum(len(i.parts) for i in draft.items),
        "events": len(draft.events),
        "placeholders": sum(len(e.placeholders) for e in draft.events),
        "flags": len(draft.flags),
    }


def _shown(pair: tuple[Path, Path] | None) -> str | None:
    return pair[0].name if pair else None


def _ingest_many(
    ctx: click.Context,
    inputs: list[Path],
    targets: list[Path],
    partnership: str,
    aliases: Aliases,
    fmt: str | None,
    as_json: bool,
) -> None:
    """Draft every file, with a progress bar, then one summary of what needs review."""
    rows: list[dict[str, Any]] = []
    pairs: list[tuple[Path, Path]] = list(zip(inputs, targets, strict=True))
    errors = sys.stderr
    with click.progressbar(pairs, label="Ingesting", file=errors, item_show_func=_shown) as bar:
        for file, target in bar:
            try:
                doc = load(file, format=fmt)
                draft = ingest_document(
                    doc, partnership=partnership, aliases=aliases, source_name=file.name
                )
            except GovLedgerError as exc:
                rows.append({"file": str(file), "draft": None, "error": str(exc)})
                continue
            data = draft.to_json()
            data["source"]["path"] = str(file)
            _write(target, dump_draft(data))
            rows.append({"file": str(file), "draft": str(target), "error": None, **_counts(draft)})
    drafted = [r for r in rows if r["error"] is None]
    if _wants_json(ctx, as_json):
        _emit({"files": rows}, rows=rows)
    else:
        click.echo(f"Drafted {len(drafted)} of {len(rows)} files.")
        for row in rows:
            if row["error"] is not None:
                click.echo(f"  {row['file']}: not drafted: {row['error']}")
                continue
            review = row["placeholders"] + row["flags"]
            click.echo(
                f"  {row['file']} -> {row['draft']}: {row['items']} items, {row['parts']} parts, "
                f"{row['events']} events; to review: {row['placeholders']} placeholders, "
                f"{row['flags']} flags" + ("" if review else " (nothing)")
            )
        click.echo("Review each draft, then: govledger apply DRAFT")
    if len(drafted) < len(rows):
        ctx.exit(2)  # some file could not be drafted: say so to scripts too


def _source_text(data: dict[str, Any], draft_path: Path) -> str | None:
    source = data.get("source", {})
    candidate = source.get("path") if isinstance(source, dict) else None
    if not isinstance(candidate, str) or not candidate:
        return None
    for base in (Path.cwd(), draft_path.parent):
        path = base / candidate
        if path.is_file():
            try:
                return path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                return None
    return None


def _problem_lines(problems: tuple[Problem, ...] | list[Problem], raw: str | None) -> list[str]:
    lines = []
    for problem in problems:
        quoted = f"\n      {_quote(raw, problem.span)}" if raw and problem.span else ""
        lines.append(f"  - {problem}{quoted}")
    return lines


@click.command("apply")
@click.argument("draft_file", metavar="DRAFT", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--review",
    "review_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="A review file whose edits are made to the draft first.",
)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="PATH",
              help="The ledger file (default: ./govledger.db).")  # fmt: skip
@click.option(
    "--create", is_flag=True, default=False, help="Create the ledger if it does not exist."
)
@click.option("--check", "check_only", is_flag=True, default=False,
              help="Only check the draft against the ledger; write nothing.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, default=False, help="Print JSON, not text.")
@click.pass_context
def apply_command(
    ctx: click.Context,
    draft_file: Path,
    review_file: Path | None,
    db: Path | None,
    create: bool,
    check_only: bool,
    as_json: bool,
) -> None:
    """Check a reviewed DRAFT against the ledger's rules and append it in one batch.

    Either every event is appended, or nothing is written and every problem is
    listed with the characters of the source it came from.
    """
    path = _ledger_path(ctx, db)
    if not draft_file.is_file():
        raise _BadInput(f"no draft at {draft_file}; make one with `govledger ingest FILE -p P`")
    if not path.exists() and not create:
        raise _BadInput(f"no ledger at {path}; pass --db PATH, or --create to start a new ledger")
    try:
        data = load_draft(draft_file.read_text(encoding="utf-8"))
        if review_file is not None:
            data = apply_review(data, load_review(review_file))
    except (DraftError, IngestError, OSError, UnicodeDecodeError) as exc:
        raise _BadInput(str(exc)) from exc
    raw = _source_text(data, draft_file)
    try:
        if not path.exists():  # check against an empty ledger first: create it only to write
            with Ledger.open(":memory:") as empty:
                _, problems = check_draft(empty, data)
            if problems:
                raise ApplyFailed(problems)
            if check_only:
                if _wants_json(ctx, as_json):
                    _emit({"applied": 0, "check": True, "positions": []})
                    return
                click.echo(
                    f"The draft would apply cleanly to a new ledger at {path}; nothing written."
                )
                return
        with Ledger.open(path) as ledger:
            if check_only:
                _, problems = check_draft(ledger, data)
                if problems:
                    raise ApplyFailed(problems)
                recorded: tuple[Any, ...] = ()
            else:
                recorded = apply_draft(ledger, data)
    except ApplyFailed as exc:
        if _wants_json(ctx, as_json):
            listed: list[dict[str, Any]] = [
                {"where": p.where, "message": p.message, "span": list(p.span) if p.span else None}
                for p in exc.problems
            ]
            _emit({"applied": 0, "problems": listed}, rows=listed)
            ctx.exit(1)
        lines = "\n".join(_problem_lines(exc.problems, raw))
        raise _Refused(
            f"the draft was not applied; nothing was written. "
            f"{len(exc.problems)} problem(s):\n{lines}"
        ) from exc
    except GovLedgerError as exc:
        raise _Refused(str(exc)) from exc
    if _wants_json(ctx, as_json):
        positions = [r.position for r in recorded]
        _emit({"applied": len(recorded), "check": check_only, "positions": positions})
        return
    if check_only:
        click.echo(
            f"The draft applies cleanly to {path} ({len(data['events'])} events); nothing written."
        )
        return
    first, last = recorded[0].position, recorded[-1].position
    click.echo(f"Appended {len(recorded)} events to {path} (positions {first}-{last}).")
