"""Words that make generated histories read like real minutes.

Councils, successor authorities, services, posts, bodies and the phrases clerks use.
Plain data: no hypothesis, no govledger imports.
"""

from __future__ import annotations

from datetime import date, timedelta

#: English councils that might share services: (id, name, short name).
COUNCILS: tuple[tuple[str, str, str], ...] = (
    ("bdc", "Bromsgrove District Council", "Bromsgrove"),
    ("rbc", "Redditch Borough Council", "Redditch"),
    ("cdc", "Cherwell District Council", "Cherwell"),
    ("occ", "Oxfordshire County Council", "Oxfordshire"),
    ("snc", "South Northamptonshire Council", "South Northamptonshire"),
    ("sdc", "Stratford-on-Avon District Council", "Stratford-on-Avon"),
    ("mhdc", "Malvern Hills District Council", "Malvern Hills"),
    ("wdc", "Wychavon District Council", "Wychavon"),
    ("adc", "Adur District Council", "Adur"),
    ("wbc", "Worthing Borough Council", "Worthing"),
    ("bmsdc", "Babergh District Council", "Babergh"),
    ("msdc", "Mid Suffolk District Council", "Mid Suffolk"),
    ("hdc", "Hambleton District Council", "Hambleton"),
    ("rdc", "Richmondshire District Council", "Richmondshire"),
)

#: Authorities created by reorganisation, which succeed a member council.
SUCCESSORS: tuple[tuple[str, str], ...] = (
    ("wnc", "West Northamptonshire Council"),
    ("nnc", "North Northamptonshire Council"),
    ("nyc", "North Yorkshire Council"),
    ("bcp", "Bournemouth, Christchurch and Poole Council"),
    ("dorset", "Dorset Council"),
    ("somerset", "Somerset Council"),
    ("cumberland", "Cumberland Council"),
    ("westmorland", "Westmorland and Furness Council"),
)

#: Services councils run jointly: (id, name).
SERVICES: tuple[tuple[str, str], ...] = (
    ("ict", "ICT"),
    ("digital", "Digital Services"),
    ("customer-services", "Customer Services"),
    ("legal", "Legal Services"),
    ("democratic-services", "Democratic Services"),
    ("hr-payroll", "HR and Payroll"),
    ("revenues-benefits", "Revenues and Benefits"),
    ("waste-collection", "Waste Collection"),
    ("building-control", "Building Control"),
    ("planning-policy", "Planning Policy"),
    ("internal-audit", "Internal Audit"),
    ("procurement", "Procurement"),
    ("land-charges", "Land Charges"),
    ("environmental-health", "Environmental Health"),
    ("communications", "Communications"),
    ("property-facilities", "Property and Facilities Management"),
)

#: Shared posts: (id stem, title, alternative titles it may be retitled to).
POSTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("jce", "Joint Chief Executive", ("Acting Joint Chief Executive", "Chief Executive")),
    (
        "resources-director",
        "Director of Resources",
        ("Executive Director of Resources", "Strategic Director (Resources)"),
    ),
    (
        "legal-head",
        "Head of Legal and Democratic Services",
        ("Head of Law and Governance", "Shared Head of Legal Services"),
    ),
    ("ict-head", "Shared Head of ICT", ("Head of ICT and Digital", "Chief Digital Officer")),
    (
        "operations-director",
        "Director of Operational Delivery",
        ("Corporate Director (Place)", "Director of Communities"),
    ),
    ("finance-head", "Head of Finance", ("Chief Finance Officer", "Head of Finance and Assets")),
)

#: Officers and members named in delegations and actions.
OFFICER_ROLES: tuple[str, ...] = (
    "Chief Executive",
    "Director of Resources",
    "Head of Legal and Democratic Services",
    "Monitoring Officer",
    "Section 151 Officer",
    "Shared Head of ICT",
    "Director of Operational Delivery",
)
#: Designations beyond the three statutory ones, as records name them.
OTHER_DESIGNATIONS: tuple[str, ...] = (
    "Returning Officer",
    "Electoral Registration Officer",
    "Deputy Monitoring Officer",
    "Section 151 Officer",
)

MEMBER_ROLES: tuple[str, ...] = (
    "Leader of the Council",
    "Deputy Leader",
    "Portfolio Holder for Finance",
    "Portfolio Holder for Customers and Transformation",
)
PEOPLE: tuple[str, ...] = (
    "Sue Smith",
    "Kevin Dicks",
    "Yvonne Rees",
    "Jo Pitman",
    "Claire Taylor",
    "Adrian Colwell",
    "Sunita Patel",
    "Gareth Jones",
)
COUNCILLORS: tuple[str, ...] = (
    "Cllr Baker",
    "Cllr Cooper",
    "Cllr Dhillon",
    "Cllr Evans",
    "Cllr Forbes",
    "Cllr Green",
    "Cllr Hussain",
)

#: Bodies the partnership sets up: (id stem, name).
JOINT_BODIES: tuple[tuple[str, str], ...] = (
    ("joint-committee", "Joint Shared Services Committee"),
    ("jssp-committee", "Joint Shared Services and Personnel Committee"),
    ("shared-services-board", "Shared Services Board"),
    ("joint-appointments", "Joint Appointments Committee"),
    ("transformation-group", "Transformation Working Group"),
)

#: Topics of agenda items: (title, summary of the main resolution).
TOPICS: tuple[tuple[str, str], ...] = (
    ("Shared ICT service: business case", "approve the business case for a shared ICT service"),
    ("Joint Customer Service Team", "agree to establish a joint customer service team"),
    ("Senior management review", "approve the shared senior management structure"),
    ("Shared legal service", "agree that legal services be provided jointly"),
    ("Revenues and benefits partnership", "approve the revenues and benefits partnership"),
    ("Joint working: phase 2", "approve phase 2 of the shared services programme"),
    ("Section 113 agreement", "authorise the section 113 agreement between the councils"),
    ("Budget 2024/25: shared services", "approve the shared services budget"),
)

#: Words for parts that do not change anything.
OTHER_SUMMARIES: tuple[str, ...] = (
    "note the report",
    "note the progress of the programme",
    "receive the minutes of the joint committee",
    "consider the options appraisal",
    "request a further report in six months",
)

CALL_IN_REQUESTERS: tuple[str, ...] = (
    "five non-executive members",
    "the Chair of Overview and Scrutiny",
    "three members of the Overview and Scrutiny Committee",
)

EVIDENCE: tuple[str, ...] = (
    "the partner's Cabinet approved the same recommendations",
    "the section 113 agreement was signed by both councils",
    "the business case was approved by the Shared Services Board",
    "no material change was reported to members",
)

LAPSE_REASONS: tuple[str, ...] = (
    "the partner's Cabinet did not approve the proposals",
    "no agreement could be reached on the terms",
    "the business case was withdrawn",
)

ACTIONS: tuple[tuple[str, str], ...] = (
    ("draft-agreement", "draft the section 113 agreement"),
    ("consult-staff", "consult affected staff and trade unions"),
    ("report-back", "report back to Cabinet on implementation"),
    ("transfer-contracts", "novate the ICT contracts to the lead council"),
    ("publish-notice", "publish the decision notice"),
)

DOCUMENTS: tuple[str, ...] = (
    "Memorandum of Agreement",
    "Section 113 agreement",
    "Inter-authority agreement",
    "Joint working agreement",
    "Service level agreement",
)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date) -> str:
    """A date as the minutes write it: ``"8 February 2016"``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def month_words(day: date) -> str:
    """``"in November 2020"``."""
    return f"in {_MONTHS[day.month - 1]} {day.year}"


def first_week_words(day: date) -> str:
    """``"the first week of September 2009"``."""
    return f"the first week of {_MONTHS[day.month - 1]} {day.year}"


def year_end_words(day: date) -> str:
    """``"the end of 2012/13"`` for 31 March 2013."""
    return f"the end of {day.year - 1}/{day.year % 100:02d}"


def month_end(day: date) -> date:
    """The last day of *day*'s month."""
    first_of_next = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first_of_next - timedelta(days=1)
