"""The SQL of the readable views :mod:`govledger.store.views` installs in a SQLite ledger.

One ``CREATE VIEW`` body per view, built from small JSON-reading helpers; see
:mod:`govledger.store.views` for what each view shows and how they are installed.
"""

from __future__ import annotations

from typing import Final

__all__ = ["VIEWS", "VIEWS_VERSION"]

#: Version of the set of views below; bumped whenever one changes. Set 3: the full-text
#: index is extended by the store on append, not by a trigger.
VIEWS_VERSION: Final = 3
# Every view and the index read payloads only where json_valid(): the store accepts any
# text, and a payload that is not JSON (a test's, a damaged row) must not stop an append.


def _spec(expr: str, name: str) -> str:
    """Three columns for a date that may be a period at JSON path *expr* (``$.decided``)."""
    return (
        f"CASE json_type(payload, '{expr}') WHEN 'object' "
        f"THEN json_extract(payload, '{expr}.earliest') "
        f"ELSE json_extract(payload, '{expr}') END AS {name}_earliest, "
        f"CASE json_type(payload, '{expr}') WHEN 'object' "
        f"THEN json_extract(payload, '{expr}.latest') "
        f"ELSE json_extract(payload, '{expr}') END AS {name}_latest, "
        f"CASE json_type(payload, '{expr}') WHEN 'object' "
        f"THEN json_extract(payload, '{expr}.words') END AS {name}_words"
    )


def _latest(expr: str) -> str:
    """The latest bound of a date or period at JSON path *expr*: the day it is certain."""
    return (
        f"CASE json_type(payload, '{expr}') WHEN 'object' "
        f"THEN json_extract(payload, '{expr}.latest') ELSE json_extract(payload, '{expr}') END"
    )


def _bound(expr: str, bound: str) -> str:
    """One bound (``earliest``, ``latest``) or the ``words`` of a date or period."""
    if bound == "words":
        return (
            f"CASE json_type(payload, '{expr}') WHEN 'object' "
            f"THEN json_extract(payload, '{expr}.words') END"
        )
    return (
        f"CASE json_type(payload, '{expr}') WHEN 'object' "
        f"THEN json_extract(payload, '{expr}.{bound}') ELSE json_extract(payload, '{expr}') END"
    )


def _ref(value: str) -> str:
    """A resolution reference object as cited: ``res(2)(b)``."""
    return (
        f"json_extract({value}, '$.resolution') || coalesce((SELECT group_concat("
        f"'(' || n.value || ')', '') FROM json_each({value}, '$.part') AS n), '')"
    )


def _authorities(source: str) -> str:
    """The authorities at ``$.authorised_by`` of *source*'s payload, as ``a(1); b``."""
    return (
        "(SELECT group_concat(CASE json_extract(a.value, '$.type') WHEN 'resolution' THEN "
        f"{_ref('a.value')} ELSE json_extract(a.value, '$.document') END, '; ') "
        f"FROM json_each({source}.payload, '$.authorised_by') AS a)"
    )


def _maker(value: str) -> str:
    """A decision maker object (a council's body, a joint body, one person), readably."""
    return (
        f"CASE json_extract({value}, '$.type') "
        f"WHEN 'council_body' THEN upper(json_extract({value}, '$.council')) || ' ' || "
        f"json_extract({value}, '$.name') "
        f"WHEN 'joint_body' THEN coalesce((SELECT json_extract(b.payload, '$.name') FROM "
        "govledger_standing AS b WHERE b.type = 'BodyEstablished' AND "
        f"json_extract(b.payload, '$.body') = json_extract({value}, '$.body') LIMIT 1), "
        f"json_extract({value}, '$.body')) "
        f"ELSE json_extract({value}, '$.role') || coalesce(' (' || "
        f"upper(json_extract({value}, '$.council')) || ')', '') END"
    )


def _role(value: str) -> str:
    """A role object: ``Name, Title (CDC)``."""
    return (
        f"coalesce(json_extract({value}, '$.name') || ', ', '') || "
        f"json_extract({value}, '$.title') || "
        f"coalesce(' (' || upper(json_extract({value}, '$.council')) || ')', '')"
    )


def _roles(path: str) -> str:
    return f"(SELECT group_concat({_role('r.value')}, '; ') FROM json_each(payload, '{path}') AS r)"


def _texts(path: str) -> str:
    return f"(SELECT group_concat(t.value, '; ') FROM json_each(payload, '{path}') AS t)"


_STANDING = """
CREATE VIEW govledger_standing AS
SELECT position, partnership, type, payload, recorded_at FROM events
WHERE type <> 'EntryRetracted' AND json_valid(payload)
  AND position NOT IN (
    SELECT json_extract(payload, '$.retracts') FROM events
    WHERE type = 'EntryRetracted' AND json_valid(payload))
UNION ALL
SELECT position, partnership, json_extract(payload, '$.replacement.type'),
       json_extract(payload, '$.replacement.event'), recorded_at FROM events
WHERE type = 'EntryRetracted' AND json_valid(payload)
  AND json_type(payload, '$.replacement') = 'object'
  AND position NOT IN (
    SELECT json_extract(payload, '$.retracts') FROM events
    WHERE type = 'EntryRetracted' AND json_valid(payload))
"""

_DECISIONS = f"""
CREATE VIEW decisions AS
SELECT partnership,
       json_extract(payload, '$.resolution') AS decision,
       'resolution' AS kind,
       json_extract(payload, '$.item') AS item,
       json_extract(payload, '$.title') AS title,
       {_maker("json_extract(d.payload, '$.decided_by')")} AS decided_by,
       json_extract(payload, '$.decided_by.type') AS decided_by_type,
       json_extract(payload, '$.decided_by.council') AS council,
       {_spec("$.decided", "decided")},
       json_extract(payload, '$.published') AS published,
       coalesce(json_extract(payload, '$.call_in'),
                CASE WHEN json_extract(payload, '$.call_in_deadline') IS NOT NULL
                       THEN 'subject'
                     WHEN json_extract(payload, '$.urgent') THEN 'not_subject'
                     ELSE 'not_stated' END) AS call_in,
       coalesce(json_extract(payload, '$.call_in_exemption'),
                CASE WHEN json_type(payload, '$.call_in') IS NULL
                      AND json_extract(payload, '$.urgent') THEN 'urgent' END)
         AS call_in_exemption,
       json_extract(payload, '$.call_in_deadline') AS call_in_deadline,
       json_extract(payload, '$.call_in_words') AS call_in_words,
       {_spec("$.effective", "effective")},
       json_extract(payload, '$.key_decision') AS key_decision,
       json_extract(payload, '$.urgent') AS urgent,
       json_extract(payload, '$.urgency') AS urgency,
       coalesce(json_extract(payload, '$.meeting_status'), 'held') AS meeting_status,
       coalesce(json_extract(payload, '$.exempt.confidential'), 0) AS confidential,
       json_extract(payload, '$.exempt.applies_to') AS exempt_applies_to,
       NULL AS delegation,
       (SELECT count(*) FROM json_tree(payload, '$.parts') WHERE key = 'summary') AS parts,
       (SELECT group_concat(value, ' / ') FROM json_tree(payload, '$.parts')
         WHERE key = 'summary') AS summaries,
       json_extract(payload, '$.source.document') AS source_document,
       json_extract(payload, '$.source.url') AS source_url,
       position, recorded_at
FROM govledger_standing AS d WHERE type = 'ResolutionPassed'
UNION ALL
SELECT partnership,
       json_extract(payload, '$.decision'),
       'delegated_decision',
       NULL,
       json_extract(payload, '$.summary'),
       {_role("json_extract(payload, '$.taken_by')")},
       'individual',
       json_extract(payload, '$.taken_by.council'),
       {_spec("$.decided", "decided")},
       NULL, NULL, NULL, NULL, NULL,
       {_spec("$.effective", "effective")},
       0, 0, NULL, NULL, 0, NULL,
       json_extract(payload, '$.delegation'),
       0,
       json_extract(payload, '$.summary'),
       json_extract(payload, '$.source.document'),
       json_extract(payload, '$.source.url'),
       position, recorded_at
FROM govledger_standing WHERE type = 'DelegatedDecisionTaken'
"""

_PART_TREE = """
CREATE VIEW govledger_part_tree AS
WITH RECURSIVE walk(position, partnership, decision, ref, parent_ref, number, depth, part) AS (
  SELECT d.position, d.partnership, json_extract(d.payload, '$.resolution'),
         json_extract(d.payload, '$.resolution') || '(' || json_extract(p.value, '$.number')
           || ')',
         NULL, json_extract(p.value, '$.number'), 1, p.value
  FROM govledger_standing AS d, json_each(d.payload, '$.parts') AS p
  WHERE d.type = 'ResolutionPassed'
  UNION ALL
  SELECT w.position, w.partnership, w.decision,
         w.ref || '(' || json_extract(c.value, '$.number') || ')', w.ref,
         json_extract(c.value, '$.number'), w.depth + 1, c.value
  FROM walk AS w, json_each(w.part, '$.parts') AS c
)
SELECT * FROM walk
"""

_PARTS = f"""
CREATE VIEW parts AS
SELECT partnership, decision, ref, parent_ref, number, depth,
       json_extract(part, '$.summary') AS summary,
       json_extract(part, '$.outcome') AS outcome,
       coalesce(json_extract(part, '$.in_principle'), 0) AS in_principle,
       CASE WHEN json_type(part, '$.finalises') = 'object'
         THEN {_ref("json_extract(part, '$.finalises')")} END AS finalises,
       (SELECT group_concat({_ref("r.value")}, '; ')
        FROM json_each(part, '$.mirrors') AS r) AS mirrors,
       (SELECT group_concat(json_extract(c.value, '$.id') || ': ' ||
          json_extract(c.value, '$.description'), '; ')
        FROM json_each(part, '$.conditions') AS c) AS conditions,
       (SELECT group_concat({_maker("m.value")}, '; ')
        FROM json_each(part, '$.recommended_to') AS m) AS recommended_to,
       CASE WHEN json_type(part, '$.adopts') = 'object'
         THEN {_ref("json_extract(part, '$.adopts')")} END AS adopts,
       (SELECT count(*) FROM json_each(part, '$.votes')) AS votes,
       position
FROM govledger_part_tree
"""

_VOTE_LIST = """
CREATE VIEW govledger_vote_list AS
SELECT s.partnership, json_extract(s.payload, '$.resolution') AS decision,
       json_extract(s.payload, '$.resolution') AS ref, v.key + 1 AS vote, v.value AS body,
       s.position
FROM govledger_standing AS s, json_each(s.payload, '$.votes') AS v
WHERE s.type = 'ResolutionPassed'
UNION ALL
SELECT t.partnership, t.decision, t.ref, v.key + 1, v.value, t.position
FROM govledger_part_tree AS t, json_each(t.part, '$.votes') AS v
"""

_VOTES = """
CREATE VIEW votes AS
SELECT partnership, decision, ref, vote,
       json_extract(body, '$.motion') AS motion,
       json_extract(body, '$.purpose') AS purpose,
       json_extract(body, '$.description') AS description,
       json_extract(body, '$.mover') AS mover,
       json_extract(body, '$.seconder') AS seconder,
       json_extract(body, '$.tally.in_favour') AS in_favour,
       json_extract(body, '$.tally.against') AS against,
       json_extract(body, '$.tally.abstained') AS abstained,
       json_extract(body, '$.unanimous') AS unanimous,
       json_extract(body, '$.casting_vote') AS casting_vote,
       json_extract(body, '$.result') AS result,
       CASE
         WHEN json_extract(body, '$.result') IS NOT NULL
           THEN json_extract(body, '$.result') = 'carried'
         WHEN json_extract(body, '$.unanimous') THEN 1
         WHEN json_type(body, '$.tally') = 'object' THEN
           CASE WHEN json_extract(body, '$.tally.in_favour')
                     = json_extract(body, '$.tally.against')
                THEN coalesce(json_extract(body, '$.casting_vote') = 'for', 0)
                ELSE json_extract(body, '$.tally.in_favour')
                     > json_extract(body, '$.tally.against') END
         WHEN json_array_length(body, '$.named') > 0
              AND coalesce(json_extract(body, '$.named_complete'), 1) THEN
           (SELECT sum(json_extract(n.value, '$.position') = 'for')
                   > sum(json_extract(n.value, '$.position') = 'against')
            FROM json_each(body, '$.named') AS n)
       END AS carried,
       json_array_length(body, '$.named') AS named_votes,
       coalesce(json_extract(body, '$.named_complete'), 1) AS named_complete,
       position
FROM govledger_vote_list
"""

_NAMED_VOTES = """
CREATE VIEW named_votes AS
SELECT l.partnership, l.decision, l.ref, l.vote,
       json_extract(n.value, '$.member') AS member,
       json_extract(n.value, '$.position') AS position
FROM govledger_vote_list AS l, json_each(l.body, '$.named') AS n
"""

_ARRANGEMENT_TYPES = (
    "'ArrangementEstablished', 'ArrangementVaried', 'NoticeGiven', 'EndingStageReached', "
    "'ArrangementDecoupled', 'ArrangementEnded'"
)
# A change that puts an arrangement under notice: notice given, or an ending stage with
# an end date (the arrangement stays in force until then, and has ended after it).
_NOTICE = (
    "({x}.type = 'NoticeGiven' OR ({x}.type = 'EndingStageReached' "
    "AND json_extract({x}.payload, '$.ends') IS NOT NULL))"
)
_NOTICE_ENDS = (
    "CASE {x}.type WHEN 'NoticeGiven' THEN json_extract({x}.payload, '$.notice_ends') "
    "ELSE json_extract({x}.payload, '$.ends') END"
)
_NOTICE_BY = (
    "CASE {x}.type WHEN 'NoticeGiven' THEN json_extract({x}.payload, '$.given_by') "
    "ELSE json_extract({x}.payload, '$.by[0]') END"
)
# A step towards ending it: notice given, or any ending stage (with or without an end).
_STEP = "{x}.type IN ('NoticeGiven', 'EndingStageReached')"
_STAGE = (
    "CASE {x}.type WHEN 'NoticeGiven' THEN 'notice_given' "
    "ELSE json_extract({x}.payload, '$.stage') END"
)

_ARRANGEMENT_EVENTS = f"""
CREATE VIEW govledger_arrangement_events AS
SELECT position, partnership, type, payload,
       json_extract(payload, '$.arrangement') AS arrangement,
       {_latest("$.effective")} AS day,
       {_spec("$.effective", "from")},
       {_authorities("govledger_standing")} AS authorised_by
FROM govledger_standing WHERE type IN ({_ARRANGEMENT_TYPES})
"""

_ARRANGEMENT_SPELLS = f"""
CREATE VIEW arrangement_spells AS
SELECT e.partnership, e.arrangement,
       (SELECT json_extract(x.payload, '$.name') FROM govledger_arrangement_events AS x
        WHERE x.partnership = e.partnership AND x.arrangement = e.arrangement
          AND x.type = 'ArrangementEstablished' ORDER BY x.day, x.position LIMIT 1) AS name,
       CASE e.type WHEN 'ArrangementEstablished' THEN 'established'
         WHEN 'ArrangementVaried' THEN 'varied' WHEN 'NoticeGiven' THEN 'notice given'
         WHEN 'EndingStageReached' THEN
           'ending: ' || replace(json_extract(e.payload, '$.stage'), '_', ' ')
         WHEN 'ArrangementDecoupled' THEN
           CASE WHEN json_array_length(e.payload, '$.services') > 0
             THEN 'services decoupled' ELSE 'decoupled' END
         ELSE 'ended' END AS change,
       CASE
         WHEN e.type = 'ArrangementEstablished' THEN 'in_force'
         WHEN {_NOTICE.format(x="e")} THEN 'under_notice'
         WHEN e.type = 'ArrangementEnded' THEN 'ended'
         WHEN e.type = 'ArrangementDecoupled' AND (
           json_array_length(e.payload, '$.services') = 0 OR NOT EXISTS (
             SELECT 1 FROM service_spells AS v
             WHERE v.partnership = e.partnership AND v.arrangement = e.arrangement
               AND (v.from_latest < e.day OR (v.from_latest = e.day AND v.position <= e.position))
               AND (v.left_at IS NULL OR v.until_latest > e.day
                    OR (v.until_latest = e.day AND v.left_at > e.position))))
           THEN 'decoupled'
         ELSE coalesce((
           SELECT CASE WHEN {_NOTICE.format(x="x")} THEN 'under_notice'
                    WHEN x.type = 'ArrangementEnded' THEN 'ended' ELSE 'in_force' END
           FROM govledger_arrangement_events AS x
           WHERE x.partnership = e.partnership AND x.arrangement = e.arrangement
             AND (x.type IN ('ArrangementEstablished', 'ArrangementEnded')
                  OR {_NOTICE.format(x="x")})
             AND (x.day < e.day OR (x.day = e.day AND x.position < e.position))
           ORDER BY x.day DESC, x.position DESC LIMIT 1), 'in_force')
       END AS status,
       (SELECT json_extract(x.payload, '$.mechanism') FROM govledger_arrangement_events AS x
        WHERE x.partnership = e.partnership AND x.arrangement = e.arrangement
          AND json_extract(x.payload, '$.mechanism') IS NOT NULL
          AND (x.day < e.day OR (x.day = e.day AND x.position <= e.position))
        ORDER BY x.day DESC, x.position DESC LIMIT 1) AS mechanism,
       (SELECT json_extract(x.payload, '$.lead') FROM govledger_arrangement_events AS x
        WHERE x.partnership = e.partnership AND x.arrangement = e.arrangement
          AND json_extract(x.payload, '$.lead') IS NOT NULL
          AND (x.day < e.day OR (x.day = e.day AND x.position <= e.position))
        ORDER BY x.day DESC, x.position DESC LIMIT 1) AS lead,
       (SELECT group_concat(s.value, '; ') FROM json_each(e.payload, '$.services') AS s)
         AS services_named,
       (SELECT group_concat(s.value, '; ') FROM json_each(e.payload, '$.services_added') AS s)
         AS services_added,
       (SELECT group_concat(s.value, '; ')
        FROM json_each(e.payload, '$.services_removed') AS s) AS services_removed,
       CASE WHEN {_NOTICE.format(x="e")} THEN {_NOTICE_BY.format(x="e")} END
         AS notice_given_by,
       (SELECT {_NOTICE_ENDS.format(x="x")} FROM govledger_arrangement_events AS x
        WHERE x.partnership = e.partnership AND x.arrangement = e.arrangement
          AND {_NOTICE.format(x="x")}
          AND (x.day < e.day OR (x.day = e.day AND x.position <= e.position))
        ORDER BY x.day DESC, x.position DESC LIMIT 1) AS notice_ends,
       CASE WHEN {_STEP.format(x="e")} THEN {_STAGE.format(x="e")} END AS ending_stage,
       json_extract(e.payload, '$.words') AS ending_words,
       e.from_earliest, e.from_latest, e.from_words,
       lead(e.from_earliest) OVER next AS until_earliest,
       lead(e.from_latest) OVER next AS until_latest,
       lead(e.from_words) OVER next AS until_words,
       e.authorised_by, e.position
FROM govledger_arrangement_events AS e
WINDOW next AS (PARTITION BY e.partnership, e.arrangement ORDER BY e.day, e.position)
"""

_SERVICE_SPELLS = """
CREATE VIEW service_spells AS
WITH joined AS (
  SELECT e.partnership, e.arrangement, s.value AS service, e.day, e.position,
         e.from_earliest, e.from_latest, e.from_words, e.authorised_by
  FROM govledger_arrangement_events AS e,
       json_each(e.payload, CASE e.type WHEN 'ArrangementEstablished' THEN '$.services'
                                ELSE '$.services_added' END) AS s
  WHERE e.type IN ('ArrangementEstablished', 'ArrangementVaried')
),
left_by AS (
  SELECT j.partnership, j.arrangement, j.service, j.position AS joined_at, e.type,
         e.day, e.position, e.from_earliest, e.from_latest, e.from_words, e.authorised_by
  FROM joined AS j JOIN govledger_arrangement_events AS e
    ON e.partnership = j.partnership AND e.arrangement = j.arrangement
   AND (e.day > j.day OR (e.day = j.day AND e.position > j.position))
  WHERE e.type = 'ArrangementEnded'
     OR (e.type = 'ArrangementDecoupled' AND (json_array_length(e.payload, '$.services') = 0
         OR j.service IN (SELECT value FROM json_each(e.payload, '$.services'))))
     OR (e.type = 'ArrangementVaried'
         AND j.service IN (SELECT value FROM json_each(e.payload, '$.services_removed')))
)
SELECT j.partnership, j.arrangement, j.service,
       j.from_earliest, j.from_latest, j.from_words,
       l.from_earliest AS until_earliest, l.from_latest AS until_latest,
       l.from_words AS until_words,
       CASE l.type WHEN 'ArrangementEnded' THEN 'arrangement ended'
         WHEN 'ArrangementDecoupled' THEN 'decoupled' WHEN 'ArrangementVaried' THEN 'varied out'
       END AS left_by,
       j.authorised_by, l.authorised_by AS ended_by, j.position, l.position AS left_at
FROM joined AS j LEFT JOIN left_by AS l
  ON l.partnership = j.partnership AND l.arrangement = j.arrangement
 AND l.service = j.service AND l.joined_at = j.position
 AND l.position = (SELECT m.position FROM left_by AS m
                   WHERE m.partnership = j.partnership AND m.arrangement = j.arrangement
                     AND m.service = j.service AND m.joined_at = j.position
                   ORDER BY m.day, m.position LIMIT 1)
"""

_ARRANGEMENTS_NOW = f"""
CREATE VIEW arrangements_now AS
SELECT s.partnership, s.arrangement, s.name,
       CASE WHEN s.status = 'under_notice' AND s.notice_ends < date('now') THEN 'ended'
         ELSE s.status END AS status,
       s.mechanism, s.lead,
       (SELECT group_concat(v.service, '; ') FROM service_spells AS v
        WHERE v.partnership = s.partnership AND v.arrangement = s.arrangement
          AND v.until_latest IS NULL) AS services,
       (SELECT group_concat(v.service, '; ') FROM service_spells AS v
        WHERE v.partnership = s.partnership AND v.arrangement = s.arrangement
          AND v.until_latest IS NOT NULL) AS services_left,
       s.change AS last_change, s.from_earliest AS since_earliest,
       s.from_latest AS since_latest, s.from_words AS since_words,
       (SELECT {_NOTICE_BY.format(x="x")} FROM govledger_arrangement_events AS x
        WHERE x.partnership = s.partnership AND x.arrangement = s.arrangement
          AND {_NOTICE.format(x="x")} ORDER BY x.day DESC, x.position DESC LIMIT 1)
         AS notice_given_by,
       (SELECT {_NOTICE_ENDS.format(x="x")} FROM govledger_arrangement_events AS x
        WHERE x.partnership = s.partnership AND x.arrangement = s.arrangement
          AND {_NOTICE.format(x="x")} ORDER BY x.day DESC, x.position DESC LIMIT 1)
         AS notice_ends,
       (SELECT {_STAGE.format(x="x")} FROM govledger_arrangement_events AS x
        WHERE x.partnership = s.partnership AND x.arrangement = s.arrangement
          AND {_STEP.format(x="x")} ORDER BY x.day DESC, x.position DESC LIMIT 1)
         AS ending_stage,
       (SELECT json_extract(x.payload, '$.words') FROM govledger_arrangement_events AS x
        WHERE x.partnership = s.partnership AND x.arrangement = s.arrangement
          AND {_STEP.format(x="x")} ORDER BY x.day DESC, x.position DESC LIMIT 1)
         AS ending_words,
       s.authorised_by, s.position
FROM arrangement_spells AS s
WHERE s.position = (SELECT x.position FROM govledger_arrangement_events AS x
                    WHERE x.partnership = s.partnership AND x.arrangement = s.arrangement
                    ORDER BY x.day DESC, x.position DESC LIMIT 1)
"""

_POST_TYPES = (
    "'PostCreated', 'PostRetitled', 'PostHolderAppointed', 'PostVacated', "
    "'PostTermExtended', 'PostDeleted'"
)

_POST_EVENTS = f"""
CREATE VIEW govledger_post_events AS
SELECT position, partnership, type, payload,
       json_extract(payload, '$.post') AS post,
       {_latest("$.effective")} AS day,
       {_spec("$.effective", "from")},
       {_authorities("govledger_standing")} AS authorised_by
FROM govledger_standing WHERE type IN ({_POST_TYPES})
"""

_POSTS_SPELLS = f"""
CREATE VIEW posts_spells AS
WITH titles AS (
  SELECT e.*, 'title' AS aspect,
         CASE e.type WHEN 'PostCreated' THEN json_extract(e.payload, '$.title')
           ELSE json_extract(e.payload, '$.new_title') END AS value,
         NULL AS basis, NULL AS employer
  FROM govledger_post_events AS e WHERE e.type IN ('PostCreated', 'PostRetitled')
),
title_ends AS (
  SELECT e.* FROM govledger_post_events AS e WHERE e.type IN ('PostRetitled', 'PostDeleted')
),
holders AS (
  SELECT e.*, 'holder' AS aspect, coalesce(json_extract(e.payload, '$.holder'),
         '(holder not named)') AS value,
         json_extract(e.payload, '$.basis') AS basis,
         json_extract(e.payload, '$.employer') AS employer
  FROM govledger_post_events AS e WHERE e.type = 'PostHolderAppointed'
),
holder_ends AS (
  SELECT e.* FROM govledger_post_events AS e
  WHERE e.type IN ('PostHolderAppointed', 'PostVacated', 'PostDeleted')
),
spells AS (
  SELECT t.*, (SELECT x.position FROM title_ends AS x
               WHERE x.partnership = t.partnership AND x.post = t.post
                 AND (x.day > t.day OR (x.day = t.day AND x.position > t.position))
               ORDER BY x.day, x.position LIMIT 1) AS ended_at
  FROM titles AS t
  UNION ALL
  SELECT h.*, (SELECT x.position FROM holder_ends AS x
               WHERE x.partnership = h.partnership AND x.post = h.post
                 AND (x.day > h.day OR (x.day = h.day AND x.position > h.position))
               ORDER BY x.day, x.position LIMIT 1)
  FROM holders AS h
)
SELECT s.partnership, s.post,
       (SELECT json_extract(c.payload, '$.title') FROM govledger_post_events AS c
        WHERE c.partnership = s.partnership AND c.post = s.post AND c.type = 'PostCreated'
        LIMIT 1) AS created_as,
       s.aspect, s.value, s.basis, s.employer,
       s.from_earliest, s.from_latest, s.from_words,
       e.from_earliest AS until_earliest, e.from_latest AS until_latest,
       e.from_words AS until_words,
       {_spec("$.until", "temporary_until").replace("payload", "s.payload")},
       {_spec("$.term_ends", "term_ends").replace("payload", "s.payload")},
       s.authorised_by, e.authorised_by AS ended_by, s.position
FROM spells AS s LEFT JOIN govledger_post_events AS e ON e.position = s.ended_at
"""

_DELEGATIONS = f"""
CREATE VIEW delegations AS
SELECT g.partnership,
       json_extract(g.payload, '$.delegation') AS delegation,
       {_roles("$.delegates").replace("payload", "g.payload")} AS delegates,
       {_roles("$.consultees").replace("payload", "g.payload")} AS consultees,
       json_extract(g.payload, '$.scope') AS scope,
       {_texts("$.limits").replace("payload", "g.payload")} AS limits,
       json_extract(g.payload, '$.jointly') AS jointly,
       json_extract(g.payload, '$.through') AS through,
       {_spec("$.effective", "granted").replace("payload", "g.payload")},
       {_spec("$.expires", "expires").replace("payload", "g.payload")},
       (SELECT {_bound("$.effective", "earliest")} FROM govledger_standing AS r
        WHERE r.partnership = g.partnership AND r.type = 'DelegationRevoked'
          AND json_extract(r.payload, '$.delegation') = json_extract(g.payload, '$.delegation')
        ORDER BY r.position LIMIT 1) AS revoked_earliest,
       (SELECT {_bound("$.effective", "latest")} FROM govledger_standing AS r
        WHERE r.partnership = g.partnership AND r.type = 'DelegationRevoked'
          AND json_extract(r.payload, '$.delegation') = json_extract(g.payload, '$.delegation')
        ORDER BY r.position LIMIT 1) AS revoked_latest,
       (SELECT {_bound("$.effective", "words")} FROM govledger_standing AS r
        WHERE r.partnership = g.partnership AND r.type = 'DelegationRevoked'
          AND json_extract(r.payload, '$.delegation') = json_extract(g.payload, '$.delegation')
        ORDER BY r.position LIMIT 1) AS revoked_words,
       (SELECT count(*) FROM govledger_standing AS x
        WHERE x.partnership = g.partnership AND x.type = 'DelegatedDecisionTaken'
          AND json_extract(x.payload, '$.delegation') = json_extract(g.payload, '$.delegation'))
         AS exercised,
       {_authorities("g")} AS authorised_by,
       g.position
FROM govledger_standing AS g WHERE g.type = 'DelegationGranted'
"""

_COST_SHARES = f"""
CREATE VIEW cost_shares AS
SELECT c.partnership,
       json_extract(c.payload, '$.scope') AS scope,
       json_extract(c.payload, '$.description') AS description,
       json_extract(c.payload, '$.kind') AS kind,
       json_extract(s.value, '$.council') AS council,
       json_extract(s.value, '$.fraction') AS share,
       CAST(substr(json_extract(s.value, '$.fraction'), 1,
                   instr(json_extract(s.value, '$.fraction'), '/') - 1) AS REAL)
         / CAST(substr(json_extract(s.value, '$.fraction'),
                       instr(json_extract(s.value, '$.fraction'), '/') + 1) AS REAL)
         AS share_decimal,
       {_spec("$.effective", "from").replace("payload", "c.payload")},
       {_authorities("c")} AS authorised_by,
       c.position
FROM govledger_standing AS c, json_each(c.payload, '$.shares') AS s
WHERE c.type = 'CostShareAgreed'
"""

#: Every view, in the order they are created (later ones read earlier ones).
VIEWS: Final[dict[str, str]] = {
    "govledger_standing": _STANDING,
    "decisions": _DECISIONS,
    "govledger_part_tree": _PART_TREE,
    "parts": _PARTS,
    "govledger_vote_list": _VOTE_LIST,
    "votes": _VOTES,
    "named_votes": _NAMED_VOTES,
    "govledger_arrangement_events": _ARRANGEMENT_EVENTS,
    "service_spells": _SERVICE_SPELLS,
    "arrangement_spells": _ARRANGEMENT_SPELLS,
    "arrangements_now": _ARRANGEMENTS_NOW,
    "govledger_post_events": _POST_EVENTS,
    "posts_spells": _POSTS_SPELLS,
    "delegations": _DELEGATIONS,
    "cost_shares": _COST_SHARES,
}
