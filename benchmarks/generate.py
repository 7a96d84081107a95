#!/usr/bin/env python3
"""Write a synthetic Minutebook site for benchmarks.

    python benchmarks/generate.py N DEST [--seed S] [--force]

DEST receives a ``minutebook.yaml`` (about 40 organisations and 30 topics, with
short names and aliases) and N meetings as ``content/<org-slug>/<YYYY-MM-DD>.md``
between 2005 and 2026. Each meeting looks like real minutes (see
docs/content-format.md): about 12 KiB of Markdown, 8-20 numbered agenda items
whose numbers continue per organisation across meetings, sub-headings, lists,
RESOLVED blocks, topic mentions in headings, ``Topics:``/``Action:`` lines, and
front matter with attendees, times, locations, next meetings and the odd
unconfirmed or draft status.

Two profiles (``--profile``): ``realistic`` (the default) adds what archives as
clerks really write them have and the first benchmark's archive had not: most
attending organisations unlisted in the config, topics outside the vocabulary on
``Topics:`` lines, a few popular topics with most of the items, a body meeting
twice on one day now and then (``2019-10-16-2.md``), and links to documents that
are not in the repository. ``classic`` is the first profile, byte for byte. Each
property has its own option, to measure one at a time.

The output depends only on N and the seed (one ``random.Random(seed)``, no
global state, no set iteration), so a corpus can be cached by ``(N, seed)``.
Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

# Bump when the output for a given (N, seed) changes, so cached corpora are rebuilt.
GENERATOR_VERSION = 2

FIRST_DATE = dt.date(2005, 1, 1)
LAST_DATE = dt.date(2026, 12, 31)
MIN_ITEMS, MAX_ITEMS = 8, 20
TARGET_BODY_BYTES = 12 * 1024

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

# (name, short_name, aliases)
ORGANISATIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Safer Halton Partnership", "SHP", ("Safer Halton",)),
    ("Halton Borough Council", "HBC", ("Halton BC", "Halton Council")),
    ("Halton Strategic Partnership Board", "HSPB", ("Halton Strategic Partnership",)),
    ("Cheshire Constabulary", "Cheshire Police", ("Cheshire Police Force",)),
    ("Cheshire Fire and Rescue Service", "CFRS", ("Cheshire Fire & Rescue Service",)),
    ("Cheshire Police Authority", "CPA", ()),
    ("Halton Clinical Commissioning Group", "Halton CCG", ("NHS Halton CCG",)),
    ("Halton and St Helens Primary Care Trust", "PCT", ("Halton & St Helens PCT",)),
    ("National Probation Service", "NPS", ("Probation Service",)),
    ("Cheshire Probation Trust", "CPT", ("Cheshire Probation",)),
    ("Halton Housing Trust", "HHT", ("Halton Housing",)),
    ("Halton Childrens Trust", "HCT", ("Children's Trust",)),
    ("Halton Safeguarding Adults Board", "HSAB", ()),
    ("Halton Safeguarding Children Board", "HSCB", ("LSCB",)),
    ("Halton Health and Wellbeing Board", "HWB", ("Health and Wellbeing Board",)),
    ("Halton Youth Offending Service", "YOS", ("YOT", "Youth Offending Team")),
    ("Drug and Alcohol Action Team", "DAAT", ()),
    ("Jobcentre Plus", "JCP", ("DWP/JCP", "Department for Work and Pensions")),
    ("UK Border Agency", "UKBA", ("Cheshire Immigration Team",)),
    ("Cheshire West and Chester Council", "CWaC", ("Cheshire West",)),
    ("Warrington Borough Council", "WBC", ("Warrington Council",)),
    ("Widnes and Hale Area Forum", "WHAF", ("Widnes Area Forum",)),
    ("Runcorn Area Forum", "RAF", ()),
    ("Liverpool City Region Combined Authority", "LCRCA", ("LCR", "Liverpool City Region")),
    ("Cheshire Police and Crime Panel", "PCP", ("Police and Crime Panel",)),
    ("Office of the Police and Crime Commissioner for Cheshire", "OPCC", ("PCC Office",)),
    ("Cheshire and Greater Manchester CRC", "CGM CRC", ("CRC",)),
    ("Halton Community Safety Team", "CST", ("Community Safety Team",)),
    ("Halton Trading Standards", "HTS", ("Trading Standards Service",)),
    ("Riverside College Halton", "RCH", ("Riverside College",)),
    ("Halton Voluntary Action", "HVA", ()),
    ("Bridgewater Community Healthcare NHS Trust", "BCH", ("Bridgewater",)),
    ("Warrington and Halton Hospitals NHS Foundation Trust", "WHH", ("Warrington Hospital",)),
    ("Merseyside Fire and Rescue Service", "MFRS", ("Merseyside Fire",)),
    ("Merseyside Police", "MerPol", ("Merseyside Constabulary",)),
    ("Halton Employment Partnership", "HEP", ()),
    ("Halton Domestic Abuse Forum", "HDAF", ("DA Forum",)),
    ("Halton Environment Partnership", "HEnvP", ("Environment Partnership",)),
    ("Halton Tenants Federation", "HTF", ("Tenants Federation",)),
    ("Mersey Gateway Crossings Board", "MGCB", ("Mersey Gateway Board",)),
)

# (name, aliases). Aliases include a comma and YAML-looking words on purpose.
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Anti-social behaviour", ("ASB", "anti social behaviour")),
    ("Substance misuse", ("drugs and alcohol", "drug misuse")),
    ("Alcohol", ("alcohol harm",)),
    ("Domestic abuse", ("domestic violence", "DA")),
    ("Hate crime", ("hate crimes",)),
    ("Community safety", ()),
    ("Public health", ("health improvement",)),
    ("Funding", ("budget", "grant funding")),
    ("Youth offending", ("youth justice",)),
    ("Housing", ("homelessness",)),
    ("Safeguarding adults", ("adult safeguarding", "vulnerable adults")),
    ("Safeguarding children", ("child protection", "children's safeguarding")),
    ("Knife crime", ("knives",)),
    ("Serious organised crime", ("SOC", "organised crime", "county lines")),
    ("Counter-terrorism", ("Prevent", "Channel", "CONTEST")),
    ("Road safety", ("speeding",)),
    ("Fire safety", ("home fire safety",)),
    ("Licensing", ("licensing enforcement",)),
    ("Employment and skills", ("ETE", "employment, training and education")),
    ("Mental health", ()),
    ("Child sexual exploitation", ("CSE",)),
    ("Modern slavery", ("human trafficking",)),
    ("Reducing reoffending", ("IOM", "integrated offender management", "PPO")),
    ("Trading standards", ("doorstep crime", "illicit tobacco")),
    ("Environmental crime", ("fly-tipping", "fly tipping")),
    ("Cyber crime", ("cybercrime", "online fraud")),
    ("Performance management", ("performance",)),
    ("Night-time economy", ("NTE", "town centres")),
    ("Looked after children", ("LAC", "children in care")),
    ("Restorative justice", ("RJ",)),
)

FIRST_NAMES: tuple[str, ...] = (
    "David", "Simon", "Steve", "Sarah", "Collette", "Rosie", "Mark", "Dwayne",
    "Christine", "Richard", "Phil", "Paul", "Lisa", "Chris", "Hayley", "John",
    "Martin", "Mike", "Patricia", "Rebecca", "Samantha", "Sharon", "Deana", "Ceri",
    "Angela", "Karen", "Neil", "Gerald", "Alan", "Ruth", "Helen", "Joanne",
    "Andrew", "Gareth", "Emma", "Claire", "Ian", "Peter", "Margaret", "Tony",
    "Julie", "Gill", "Kevin", "Lynn", "Stuart", "Wendy", "Dave", "Anne",
    "Michelle", "Jim", "Elaine", "Tom", "Nicola", "Barry", "Catherine", "Sue",
)  # fmt: skip
ACCENTED_FIRST_NAMES: tuple[str, ...] = (
    "Shélah", "Siân", "Zoë", "Chloé", "Seán", "Ciarán", "Renée", "José", "Bríd",
)  # fmt: skip
SURNAMES: tuple[str, ...] = (
    "Parr", "Blackwell", "Boycott", "Cargill", "Collins", "Eastwood", "Houghton",
    "Johnson", "Jones", "Lyden", "Myring", "Osborne", "Sharpe", "Thornden",
    "Walsh", "Weston", "Lucas", "Patino", "Schofield", "Perchard", "Dooley",
    "Bucknall", "Davidson", "Gill", "Cambell", "Andrews", "Clarke", "Preston",
    "Stokes", "Atkinson", "Bell", "Parsonage", "Morris", "Frazer", "Gorst",
    "Kilgour", "McWade", "Strachan", "Riley", "Meehan", "Thompson", "Cotgreave",
    "McCrorie", "Holmes", "Wharton", "Polhill", "Wright", "Nelson", "Harris",
    "Loftus", "Hignett", "Jones-Griffiths", "O'Neill", "McDermott", "Garner",
    "Swain", "Ratcliffe", "Hodgkinson", "Tierney", "Whitley", "Dennett", "Fry",
)  # fmt: skip
ACCENTED_SURNAMES: tuple[str, ...] = ("Semoff", "Núñez", "Brontë", "Müller", "Ó Súilleabháin")

ROLES: tuple[str, ...] = (
    "Chief Executive", "Operational Director", "Community Safety Manager",
    "Partnership Officer", "Chief Inspector", "Superintendent", "Station Manager",
    "Head of Service", "Commissioning Manager", "Strategic Director",
    "Portfolio Holder: Community Safety", "Group Manager", "Service Manager",
    "Divisional Manager", "Director of Public Health", "Area Manager",
)  # fmt: skip
OFFICER_ROLES: tuple[str, ...] = (
    "Democratic Services", "Policy Officer", "Performance Officer", "Minute Taker",
    "Communications Officer", "Legal Adviser",
)  # fmt: skip

LOCATIONS: tuple[str, ...] = (
    "Civic Suite, Town Hall, Runcorn",
    "Ground Floor Boardroom, Municipal Buildings, Widnes",
    "Council Chamber, Runcorn Town Hall",
    "Committee Room 1, Municipal Building, Widnes",
    "Karalius Suite, Stobart Stadium, Widnes",
    "The Heath Business and Technical Park, Runcorn",
    "Halton Lea Library, Runcorn",
    "Police Headquarters, Winsford",
)
REMOTE_LOCATION = "Online (Microsoft Teams)"

PLACES: tuple[str, ...] = (
    "Runcorn", "Widnes", "Hale", "Ditton", "Halton Lea", "Castlefields",
    "Windmill Hill", "Norton North", "Norton South", "Appleton", "Kingsway",
    "Halton Brook", "Beechwood", "Grange", "Hough Green", "Riverside",
)  # fmt: skip
OPERATIONS: tuple[str, ...] = (
    "Pistachio", "Facilitate", "Stay Safe", "Dragon's Den", "Nightjar", "Encompass",
    "Sceptre", "Tornado", "Lantern", "Harbour",
)  # fmt: skip
MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
QUARTER_PERIODS: tuple[str, ...] = (
    "January to March", "April to June", "July to September", "October to December",
)  # fmt: skip

# Sentence templates. Keys: p1 p2 (people), org, topic, place, amount, q, period,
# year, yy, month, date_text, n1..n4, op.
SENTENCES: tuple[str, ...] = (
    "{p1} presented the report and outlined progress on {topic} since the last meeting.",
    "It was noted that the number of incidents reported in {q} had fallen compared with the "
    "same period last year.",
    "Members welcomed the report and asked that their thanks be conveyed to the team.",
    "A query was raised as to whether the figures for {place} included incidents reported "
    "through the non-emergency number.",
    "{p2} agreed to look into this and would revert to the Partnership with findings.",
    "The group also noted that funding of {amount} had been secured for {year}/{yy}.",
    "It was commented that it was important to make the community aware of the outcomes "
    "through marketing and publicity.",
    "Partners were asked to consider appropriate indicators that would help monitor progress "
    "on delivery of the priorities.",
    "During debate, concern was expressed about the impact of reductions in funding on "
    "front-line services.",
    "{org} confirmed that it would continue to support the work on {topic} during the coming year.",
    "The report showed good results, and it was noted that the work here tied in with the "
    "health agenda.",
    "Following an enquiry, {p1} would flag up any statistics within the data that referred "
    "to {topic}.",
    "It was reported that out of {n1} incidents reported, {n2} had been found to meet the "
    "criteria, and all had been progressed satisfactorily.",
    "A paper was tabled which contained details of suggestions for discussion; any further "
    "relevant data should be sent to {p2}.",
    "The Partnership was advised that a detailed action plan would be presented at a future "
    "meeting.",
    "It was agreed that a task and finish group be established, chaired by {p1}, to take "
    "this forward.",
    "Colleagues in {place} were keeping a close eye on developments and would report back in "
    "{month}.",
    "There was some duplication between groups, and a model similar to that used for {topic} "
    "was being considered.",
    "{p1} thanked {p2} for an informative and detailed update.",
    "The key achievements over the last quarter included Operation {op} and the {place} days "
    "of action.",
    "Data from a research project showed a significant reduction across several areas once "
    "the new approach was introduced.",
    "Members requested that a copy of the newsletter be sent to all ward councillors in {place}.",
    "It was noted that the team would be increased from {n3} to {n4} staff from {month}.",
    "Concern was noted around young people aged 15 to 24 being admitted to hospital with "
    "related issues.",
    "The consultation would close on {date_text}, and partners were encouraged to respond "
    "individually as well as through the Partnership.",
    "In summary, {p1} advised that there were challenges ahead, including time pressures and "
    "uncertainty in the current climate.",
    "{org} had found employment for {n3} service users and had secured places with training "
    "providers.",
    "The letter set out Government intentions for {topic} and the role of local authorities "
    "and partnerships.",
    "Partners would need to meet to discuss how the money should be spent; in the meantime "
    "all were asked to send their views to {p2}.",
    "The reduction in the number of arrests for {q}, compared with this time last year, was "
    "welcomed.",
    "Councillor {p2} requested that councillors be given the opportunity to take part in "
    "some training.",
    "It was anticipated that demand would peak in the summer months, and resources would be "
    "planned accordingly.",
    "The work of the team was now being recognised at national level, with workshops hosted "
    "at a conference in {month}.",
    "Carers assessments were continuing, and the team had attended the {place} Area Forum to "
    "raise awareness.",
    "A monthly strategy group meeting was planned to look at the results.",
    "Representatives of {org} offered assistance on behalf of their organisation.",
)
BULLETS: tuple[str, ...] = (
    "A streamlined, integrated service for service users and carers",
    "Improved access routes for GPs and other stakeholders",
    "An improved response to the changing patterns of {topic} in the Borough",
    "Better value for money through combined contracts",
    "Timely access to services in {place}",
    "Closer working with {org}",
    "A single point of contact for residents",
    "Quarterly reporting to the Partnership on {topic}",
    "Training for front-line staff, starting in {month}",
    "A review of the information-sharing agreement",
    "Stronger links with the voluntary and community sector",
    "Opportunity for payment by results, with provider income linked to outcomes",
)
RESOLUTIONS: tuple[str, ...] = (
    "The report be noted",
    "{p1} be thanked for the informative presentation",
    "{p2} liaise with {org} and report back to the next meeting",
    "The action plan be approved",
    "Partners send their comments on the draft strategy to {p2} by the end of {month}",
    "A further report on {topic} be brought to a future meeting",
    "The funding allocation of {amount} be agreed",
    "The Partnership write to {org} to express its support",
    "Street patrol information be provided to the relevant elected Members",
)
INTRO_SENTENCES: tuple[str, ...] = (
    "At a meeting of the {body} held on {date_text} at {location}.",
    "Minutes of the meeting of the {body}, {date_text}.",
)

# Agenda item headings. "{t}" is a topic name or alias, "{t2}" a second one.
TOPIC_HEADINGS: tuple[str, ...] = (
    "Presentation: update on the {t} project",
    "{t} update",
    "{t} strategy",
    "{t} task group report",
    "Quarterly {t} report ({q} {year})",
    "{t} and {t2}",
    "Review of {t} services",
    "{t}: action plan {year}/{yy}",
    "Letter from the Home Office on {t}",
    "Consultation on {t}",
)
PLAIN_HEADINGS: tuple[str, ...] = (
    "Blue Lamp reports - Runcorn & Widnes",
    "Letter to local authority chief officers",
    "Partnership structure review",
    "Terms of reference",
    "Partnership funding",
    "Police and Crime Commissioner",
    "Annual report {year}/{yy}",
)
OPENING_ITEMS: tuple[tuple[str, str, float], ...] = (
    # (upper-case style, title-case style, probability)
    ("WELCOME & INTRODUCTIONS", "Welcome and Introductions", 0.7),
    ("APOLOGIES", "Apologies for Absence", 0.85),
    ("MINUTES FROM LAST MEETING", "Minutes of the Last Meeting and Matters Arising", 0.9),
)
CLOSING_ITEMS: tuple[tuple[str, str, float], ...] = (
    ("ANY OTHER BUSINESS", "AOB", 0.7),
    ("ITEMS FOR INFORMATION", "Information Items", 0.3),
    ("DATE OF NEXT MEETING", "Date and Time of Next Meeting", 0.5),
)

# Agencies that send someone to meetings but that no clerk lists in the config:
# "<place> <kind>", drawn once per world.
AGENCY_KINDS: tuple[str, ...] = (
    "Women's Aid", "Neighbourhood Watch", "Citizens Advice", "Foodbank", "Youth Club",
    "Residents Association", "Credit Union", "Carers Centre", "Pubwatch", "Street Pastors",
    "Community Church", "Academy", "High School", "Tenants Group", "Age Concern",
    "Scout Group", "Mosque", "Sports Club", "Business Forum", "Community Centre",
)  # fmt: skip
AGENCY_COUNT = 100
# Topics a clerk writes on `Topics:` lines that the config's vocabulary does not have.
UNLISTED_TOPICS: tuple[str, ...] = (
    "Skate park", "CCTV", "Street lighting", "Graffiti", "Dog fouling", "Parking",
    "Off-road bikes", "Bonfire night", "Scams", "Begging", "Knife amnesty", "Allotments",
    "Speed cameras", "Litter", "Noise nuisance", "Abandoned vehicles", "Rough sleeping",
    "Cuckooing", "Youth provision", "Festive campaign", "Shop theft", "Burglary",
    "Vehicle crime", "Arson", "Water safety", "Loan sharks", "Hoarding", "Nitrous oxide",
    "E-scooters", "Community payback", "Neighbourhood policing", "Problem families",
    "Air quality", "Town centre CCTV review", "Domestic homicide reviews", "Hate incidents",
    "Student safety", "Elderly victims", "Gambling harm", "Sanctuary scheme",
)  # fmt: skip
DEAD_LINK_DOCUMENTS: tuple[str, ...] = (
    "full report",
    "briefing note",
    "action plan",
    "performance report",
    "presentation slides",
)


@dataclass(frozen=True, slots=True)
class Profile:
    """What the archive looks like beyond each meeting's own shape (module docstring)."""

    unlisted_organisations: float = 0.0  # share of attendees from agencies not in the config
    unlisted_topics: float = 0.0  # share of `Topics:` line entries outside the vocabulary
    topics_lines: float = 0.2  # share of items with a `Topics:` line
    topic_skew: float = 0.0  # Zipf exponent of topic popularity (0: all alike)
    twins: float = 0.0  # share of meetings held on a day their body already met
    dead_links: float = 0.0  # share of items linking to a document not in the repository


PROFILES: dict[str, Profile] = {
    "classic": Profile(),
    "realistic": Profile(
        unlisted_organisations=0.6,
        unlisted_topics=0.5,
        topics_lines=0.45,
        topic_skew=1.0,
        twins=0.02,
        dead_links=0.08,
    ),
}
DEFAULT_PROFILE = "realistic"

# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

_YAML_PLAIN = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f .,'()&/:-]*")
_YAML_FLOW_PLAIN = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f .'()&/-]*")
# Plain scalars that YAML 1.1 would not read as text.
_YAML_11_WORDS = frozenset(("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"))


def yaml_scalar(text: str, *, flow: bool = False) -> str:
    """Return ``text`` as a YAML scalar: plain when that stays text, else double-quoted."""
    pattern = _YAML_FLOW_PLAIN if flow else _YAML_PLAIN
    if (
        pattern.fullmatch(text)
        and ": " not in text
        and not text.endswith((":", " "))
        and text.lower() not in _YAML_11_WORDS
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def yaml_flow_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(yaml_scalar(item, flow=True) for item in items) + "]"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def long_date(day: dt.date) -> str:
    """15 February 2011"""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def is_weekday(day: dt.date) -> bool:
    return day.weekday() < 5


def count_weekdays(first: dt.date, last: dt.date) -> int:
    return sum(
        1 for offset in range((last - first).days + 1) if is_weekday(first + dt.timedelta(offset))
    )


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------
# The world: organisations, people, topics
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str
    short_name: str
    aliases: tuple[str, ...]

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def item_prefix(self) -> str:
        """SHP for SHP, CC for Cheshire Constabulary (short name "Cheshire Police")."""
        if " " not in self.short_name and len(self.short_name) <= 5:
            return self.short_name.upper()
        return "".join(word[0] for word in self.name.split() if word[0].isupper())

    def references(self) -> tuple[str, ...]:
        return (self.name, self.short_name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Person:
    first: str
    last: str
    listed_as: str  # as written in the attendance list, e.g. "Cllr S. Osborne"
    organisation: Organisation
    role: str | None

    @property
    def spoken(self) -> str:  # as written in the minutes' text
        return f"{self.first} {self.last}"


@dataclass(frozen=True, slots=True)
class Body:
    """An organisation that holds meetings, with its house style and members."""

    organisation: Organisation
    upper_case_headings: bool
    members: tuple[Person, ...]
    chairs: tuple[Person, ...]  # one per era of CHAIR_ERA_YEARS
    officers: tuple[str, ...]
    locations: tuple[str, ...]
    usual_start: str
    weight: float


CHAIR_ERA_YEARS = 6


@dataclass(frozen=True, slots=True)
class PlannedMeeting:
    body: Body
    date: dt.date
    first_item: int
    item_count: int
    previous: dt.date | None
    following: dt.date | None
    suffix: str = ""  # "-2" for a body's second meeting of a day

    @property
    def file_name(self) -> str:
        return f"{self.date.isoformat()}{self.suffix}.md"


@dataclass(frozen=True, slots=True)
class World:
    organisations: tuple[Organisation, ...]  # listed in the config
    topics: tuple[Topic, ...]  # the config's vocabulary
    bodies: tuple[Body, ...]
    profile: Profile = Profile()
    agencies: tuple[Organisation, ...] = ()  # attend, but are not in the config
    unlisted_topics: tuple[Topic, ...] = ()
    topic_weights: tuple[float, ...] = ()  # of topics then unlisted_topics (empty: alike)


def pick_name(rng: random.Random, pool: Sequence[str], accented: Sequence[str]) -> str:
    return rng.choice(accented) if rng.random() < 0.04 else rng.choice(pool)


def make_person(
    rng: random.Random,
    organisations: Sequence[Organisation],
    agencies: Sequence[Organisation] = (),
    agency_share: float = 0.0,
) -> Person:
    first = pick_name(rng, FIRST_NAMES, ACCENTED_FIRST_NAMES)
    last = pick_name(rng, SURNAMES, ACCENTED_SURNAMES)
    councillor = rng.random() < 0.2
    listed = f"{first[0]}. {last}" if rng.random() < 0.6 else f"{first} {last}"
    if councillor:
        listed = f"Cllr {listed}"
    role = None if councillor or rng.random() < 0.3 else rng.choice(ROLES)
    # No draw at all without agencies, so the classic profile's output stays as it was.
    if agencies and rng.random() < agency_share:
        return Person(first, last, listed, rng.choice(agencies), role)
    return Person(first, last, listed, rng.choice(organisations), role)


def make_agencies(rng: random.Random) -> tuple[Organisation, ...]:
    """AGENCY_COUNT distinct "<place> <kind>" organisations, unlisted in the config."""
    names: list[str] = []
    while len(names) < AGENCY_COUNT:
        name = f"{rng.choice(PLACES)} {rng.choice(AGENCY_KINDS)}"
        if name not in names:
            names.append(name)
    return tuple(Organisation(name, name, ()) for name in names)


def zipf_weights(count: int, exponent: float) -> tuple[float, ...]:
    return tuple(1 / (rank**exponent) for rank in range(1, count + 1))


def make_world(rng: random.Random, profile: Profile = Profile()) -> World:
    organisations = tuple(Organisation(n, s, a) for n, s, a in ORGANISATIONS)
    topics = tuple(Topic(n, a) for n, a in TOPICS)
    agencies = make_agencies(rng) if profile.unlisted_organisations else ()
    unlisted = tuple(Topic(name, ()) for name in UNLISTED_TOPICS) if profile.unlisted_topics else ()
    weights: tuple[float, ...] = ()
    if profile.topic_skew:
        # Popularity by rank, the ranks shuffled so the popular topics are not the first listed.
        ranked = zipf_weights(len(topics) + len(unlisted), profile.topic_skew)
        weights = tuple(rng.sample(ranked, len(ranked)))
    bodies: list[Body] = []
    for organisation in organisations:
        seen: set[str] = set()
        members: list[Person] = []
        while len(members) < 36:
            person = make_person(rng, organisations, agencies, profile.unlisted_organisations)
            if person.listed_as not in seen:
                seen.add(person.listed_as)
                members.append(person)
        eras = (LAST_DATE.year - FIRST_DATE.year) // CHAIR_ERA_YEARS + 1
        officers = tuple(
            f"{make_person(rng, organisations).listed_as} ({rng.choice(OFFICER_ROLES)})"
            for _ in range(6)
        )
        bodies.append(
            Body(
                organisation=organisation,
                upper_case_headings=rng.random() < 0.5,
                members=tuple(members),
                chairs=tuple(members[:eras]),
                officers=officers,
                locations=tuple(rng.sample(LOCATIONS, 3)),
                usual_start=rng.choice(("09:30", "10:00", "10:30", "14:00", "18:30")),
                weight=rng.uniform(0.3, 2.0),
            )
        )
    return World(organisations, topics, tuple(bodies), profile, agencies, unlisted, weights)


# --------------------------------------------------------------------------
# Planning: who meets when, and with which item numbers
# --------------------------------------------------------------------------


def plan_meetings(
    rng: random.Random, bodies: Sequence[Body], n: int, twins: float = 0.0
) -> list[PlannedMeeting]:
    weekdays = count_weekdays(FIRST_DATE, LAST_DATE)
    if n > weekdays * len(bodies):
        raise ValueError(f"at most {weekdays * len(bodies)} meetings fit between 2005 and 2026")
    span = (LAST_DATE - FIRST_DATE).days
    taken: list[set[dt.date]] = [set() for _ in bodies]
    twinned: list[set[dt.date]] = [set() for _ in bodies]
    dates: list[list[tuple[dt.date, str]]] = [[] for _ in bodies]
    weights = [body.weight for body in bodies]
    indices = range(len(bodies))
    for _ in range(n):
        index = rng.choices(indices, weights)[0]
        while len(taken[index]) >= weekdays:  # this body is full: the next one
            index = (index + 1) % len(bodies)
        if twins and taken[index] - twinned[index] and rng.random() < twins:
            # A second meeting on a day the body already met (an extraordinary meeting).
            day = rng.choice(sorted(taken[index] - twinned[index]))
            twinned[index].add(day)
            dates[index].append((day, "-2"))
            continue
        while True:  # same body, same date: pick another date
            day = FIRST_DATE + dt.timedelta(rng.randrange(span + 1))
            if is_weekday(day) and day not in taken[index]:
                break
        taken[index].add(day)
        dates[index].append((day, ""))

    planned: list[PlannedMeeting] = []
    for body, body_dates in zip(bodies, dates, strict=True):
        body_dates.sort()
        number = rng.randint(1, 40)
        for position, (day, suffix) in enumerate(body_dates):
            count = rng.randint(MIN_ITEMS, MAX_ITEMS)
            planned.append(
                PlannedMeeting(
                    body=body,
                    date=day,
                    first_item=number,
                    item_count=count,
                    previous=body_dates[position - 1][0] if position else None,
                    following=(
                        body_dates[position + 1][0] if position + 1 < len(body_dates) else None
                    ),
                    suffix=suffix,
                )
            )
            number += count
    return planned


# --------------------------------------------------------------------------
# Writing one meeting
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Item:
    heading: str
    meta: list[str]  # "Topics: ..." / "Action: ..." lines right under the heading
    blocks: list[str]
    resolved: str | None
    fillable: bool  # substantive: may receive more paragraphs

    def render(self) -> str:
        parts = [self.heading]
        if self.meta:
            parts.append("\n".join(self.meta))
        parts.extend(self.blocks)
        if self.resolved:
            parts.append(self.resolved)
        return "\n\n".join(parts)


class MeetingWriter:
    """Writes the Markdown file of one planned meeting, drawing from one Random."""

    def __init__(self, rng: random.Random, world: World, meeting: PlannedMeeting) -> None:
        self.rng = rng
        self.world = world
        self.meeting = meeting
        self.body = meeting.body
        self.present = self.pick_present()
        self.apologies = self.pick_apologies()

    # -- people ----------------------------------------------------------

    def chair(self) -> Person:
        era = (self.meeting.date.year - FIRST_DATE.year) // CHAIR_ERA_YEARS
        return self.body.chairs[era]

    def pick_present(self) -> list[Person]:
        chair = self.chair()
        others = [person for person in self.body.members if person is not chair]
        present = [chair, *self.rng.sample(others, self.rng.randint(9, 19))]
        present.sort(key=lambda person: (person.last, person.first))
        return present

    def pick_apologies(self) -> list[str]:
        absent = [person for person in self.body.members if person not in self.present]
        return [person.listed_as for person in self.rng.sample(absent, self.rng.randint(0, 6))]

    # -- front matter ----------------------------------------------------

    def organisation_reference(self, organisation: Organisation, name_share: float) -> str:
        if self.rng.random() < name_share:
            return organisation.name
        return self.rng.choice(organisation.references()[1:] or (organisation.name,))

    def location(self) -> str:
        if self.meeting.date.year in (2020, 2021) and self.rng.random() < 0.7:
            return REMOTE_LOCATION
        return self.rng.choice(self.body.locations)

    def time_range(self) -> str:
        start = self.body.usual_start
        if self.rng.random() < 0.5:
            return start
        hours, minutes = map(int, start.split(":"))
        end = hours * 60 + minutes + self.rng.choice((90, 120, 150, 180))
        return f"{start}-{end // 60:02d}:{end % 60:02d}"

    def front_matter(self) -> str:
        rng = self.rng
        meeting = self.meeting
        organisation = self.body.organisation
        lines = [
            f"organisation: {yaml_scalar(self.organisation_reference(organisation, 0.85))}",
            f"date: {meeting.date.isoformat()}",
        ]
        if rng.random() < 0.25:
            title = f"{organisation.name}, {long_date(meeting.date)}"
            lines.append(f"title: {yaml_scalar(title)}")
        roll = rng.random()
        if roll < 0.35:
            lines.append(f"time: {self.body.usual_start}")
        elif roll < 0.55:
            lines.append(f"time: {self.time_range()}")
        if rng.random() < 0.8:
            lines.append(f"location: {yaml_scalar(self.location())}")
        roll = rng.random()
        status = "draft" if roll < 0.01 else "unconfirmed" if roll < 0.03 else "approved"
        if status != "approved":
            lines.append(f"status: {status}")
        elif meeting.following is not None and rng.random() < 0.3:
            lines.append(f"approved_at: {meeting.following.isoformat()}")
        lines.append("present:")
        chair = self.chair()
        for person in self.present:
            lines.append(f"  - name: {yaml_scalar(person.listed_as)}")
            reference = self.organisation_reference(person.organisation, 0.6)
            lines.append(f"    organisation: {yaml_scalar(reference)}")
            if person.role is not None:
                lines.append(f"    role: {yaml_scalar(person.role)}")
            if person is chair:
                lines.append("    chair: true")
        officers = rng.sample(self.body.officers, rng.randint(1, 4))
        lines.append("in_attendance:")
        lines.extend(f"  - {yaml_scalar(name)}" for name in officers)
        if self.apologies:
            lines.append("apologies:")
            lines.extend(f"  - {yaml_scalar(name)}" for name in self.apologies)
        if rng.random() < 0.25:
            names = [topic.name for topic in rng.sample(self.world.topics, rng.randint(1, 3))]
            lines.append(f"topics: {yaml_flow_list(names)}")
        if rng.random() < 0.2:
            following = meeting.following or meeting.date + dt.timedelta(days=91)
            lines.append("next_meeting:")
            lines.append(f"  date: {following.isoformat()}")
            lines.append(f"  time: {self.body.usual_start}")
            lines.append(f"  location: {yaml_scalar(self.rng.choice(self.body.locations))}")
        return "\n".join(lines) + "\n"

    # -- text ------------------------------------------------------------

    def topic_label(self, topic: Topic, *, comma: bool = True) -> str:
        """The topic's name or, sometimes, an alias (without a comma if ``comma`` is false)."""
        if topic.aliases and self.rng.random() < 0.4:
            alias = self.rng.choice(topic.aliases)
            if comma or "," not in alias:
                return alias
        return topic.name

    def item_context(self, topic: Topic) -> dict[str, str]:
        rng = self.rng
        year = self.meeting.date.year
        people = rng.sample(self.present, 2)
        n1 = rng.randint(12, 80)
        n3 = rng.randint(2, 6)
        return {
            "p1": people[0].spoken,
            "p2": people[1].spoken,
            "org": rng.choice(self.world.organisations).name,
            "topic": self.topic_label(topic),
            "place": rng.choice(PLACES),
            "amount": f"{rng.randint(20, 900) * 1000:,} pounds",
            "q": f"Q{rng.randint(1, 4)}",
            "period": f"{rng.choice(QUARTER_PERIODS)} {year - 1}",
            "year": str(year),
            "yy": f"{(year + 1) % 100:02d}",
            "month": f"{rng.choice(MONTHS)} {year}",
            "date_text": long_date(self.meeting.date + dt.timedelta(days=rng.randint(14, 60))),
            "n1": str(n1),
            "n2": str(rng.randint(1, n1)),
            "n3": str(n3),
            "n4": str(n3 + rng.randint(1, 3)),
            "op": rng.choice(OPERATIONS),
        }

    def paragraph(self, context: dict[str, str], sentences: tuple[int, int] = (2, 5)) -> str:
        chosen = self.rng.sample(SENTENCES, self.rng.randint(*sentences))
        return " ".join(sentence.format(**context) for sentence in chosen)

    def bullet_list(self, context: dict[str, str]) -> str:
        lead = self.rng.choice(
            (
                "The benefits of such a system were outlined:",
                "The following points were raised:",
                "Partners highlighted:",
            )
        )
        chosen = self.rng.sample(BULLETS, self.rng.randint(3, 7))
        entries = [entry.format(**context) for entry in chosen]
        lines = [f"- {entry};" for entry in entries[:-2]]
        lines += [f"- {entries[-2]}; and", f"- {entries[-1]}."]
        return lead + "\n\n" + "\n".join(lines)

    def numbered_list(self, context: dict[str, str]) -> str:
        steps = (
            'Define the "as is" and use all existing knowledge about current services',
            'Describe a future "to be" state and make recommendations in an options appraisal',
            "Procurement",
            "Implementation by {month}",
            "Review with {org} after twelve months",
        )
        count = self.rng.randint(3, len(steps))
        lines = [f"{n}. {step.format(**context)};" for n, step in enumerate(steps[:count], 1)]
        return "It was noted that the project would have these phases:\n\n" + "\n".join(lines)

    def resolution(self, context: dict[str, str]) -> str:
        if self.rng.random() < 0.5:
            return "RESOLVED: That the report be noted."
        chosen = self.rng.sample(RESOLUTIONS, self.rng.randint(2, 5))
        lines = [
            f"{n}) {text.format(**context)}{'; and' if n == len(chosen) - 1 else ';'}"
            for n, text in enumerate(chosen, 1)
        ]
        lines[-1] = lines[-1].rstrip(";") + "."
        return "RESOLVED: That\n\n" + "\n".join(lines)

    def action_owners(self) -> str:
        people = self.rng.sample(self.present, self.rng.randint(1, 2))
        return "/".join(person.first[0] + person.last[0] for person in people)

    def styled(self, heading: str) -> str:
        return heading.upper() if self.body.upper_case_headings else sentence_case(heading)

    def heading(self, number: int, title: str) -> str:
        return f"## {self.body.organisation.item_prefix}{number} {self.styled(title)}"

    # -- items -----------------------------------------------------------

    def opening_item(self, number: int, upper: str, title: str) -> Item:
        heading = f"## {self.body.organisation.item_prefix}{number} "
        heading += upper if self.body.upper_case_headings else title
        chair = self.chair()
        if upper.startswith("WELCOME"):
            text = f"{chair.spoken} welcomed everyone to the meeting and introductions were made."
        elif upper.startswith("APOLOGIES"):
            if self.apologies:
                names = self.apologies
                listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
                text = f"Apologies had been received from {listed}."
            else:
                text = "There were no apologies."
        else:
            previous = self.meeting.previous
            held = f" held on {long_date(previous)}" if previous else ""
            text = f"The minutes of the last meeting{held} were agreed as a correct record."
        return Item(heading, [], [text], None, fillable=False)

    def closing_item(self, number: int, upper: str, title: str) -> Item:
        heading = f"## {self.body.organisation.item_prefix}{number} "
        heading += upper if self.body.upper_case_headings else title
        if upper.startswith("DATE"):
            following = self.meeting.following or self.meeting.date + dt.timedelta(days=91)
            text = f"{long_date(following)} at {self.body.usual_start}: {self.body.locations[0]}."
        elif upper.startswith("ITEMS"):
            text = "All items were noted."
        else:
            text = self.rng.choice(
                (
                    "There was no other business.",
                    "A note of thanks was made to colleagues who were moving on to other posts.",
                    "Nothing to note.",
                )
            )
        return Item(heading, [], [text], None, fillable=False)

    def task_group_item(self, number: int) -> Item:
        rng = self.rng
        topics = rng.sample(self.world.topics, rng.randint(3, 7))
        blocks = ["The Partnership received the task group updates; these comments were noted:"]
        for letter, topic in zip("abcdefghijk", topics, strict=False):
            blocks.append(f"### {letter}) {sentence_case(self.topic_label(topic))}")
            blocks.append(self.paragraph(self.item_context(topic), (1, 2)))
        resolved = self.resolution(self.item_context(topics[0]))
        return Item(self.heading(number, "Task group updates"), [], blocks, resolved, fillable=True)

    def topic_item(self, number: int) -> Item:
        rng = self.rng
        topic, second = self.pick_topics(2)
        context = self.item_context(topic)
        template = rng.choice(TOPIC_HEADINGS if rng.random() < 0.8 else PLAIN_HEADINGS)
        title = template.format(
            t=self.topic_label(topic),
            t2=self.topic_label(second),
            q=context["q"],
            year=context["year"],
            yy=context["yy"],
        )
        meta: list[str] = []
        if rng.random() < self.world.profile.topics_lines:
            meta.append("Topics: " + ", ".join(self.topics_line(rng.randint(1, 3))))
        if rng.random() < 0.15:
            meta.append(f"Action: {self.action_owners()}")
        # Short to begin with: body_text() pads substantive items up to the target size.
        blocks = [self.paragraph(context, (1, 3))]
        roll = rng.random()
        if roll < 0.25:
            blocks.append(self.bullet_list(context))
        elif roll < 0.35:
            blocks.append(self.numbered_list(context))
        if rng.random() < 0.2:
            blocks.append(f"### a) {sentence_case(self.topic_label(second))}")
            blocks.append(self.paragraph(self.item_context(second), (1, 2)))
            blocks.append(f"### b) {sentence_case(self.topic_label(topic))}")
            blocks.append(self.paragraph(context, (1, 2)))
        if self.world.profile.dead_links and rng.random() < self.world.profile.dead_links:
            blocks.append(self.dead_link(title))
        resolved = self.resolution(context) if rng.random() < 0.75 else None
        return Item(self.heading(number, title), meta, blocks, resolved, fillable=True)

    def pick_topics(self, count: int) -> list[Topic]:
        """``count`` distinct topics of the vocabulary, the popular ones more often."""
        world = self.world
        if not world.topic_weights:
            return self.rng.sample(world.topics, count)
        weights = world.topic_weights[: len(world.topics)]
        chosen: list[Topic] = []
        while len(chosen) < count:
            topic = self.rng.choices(world.topics, weights)[0]
            if topic not in chosen:
                chosen.append(topic)
        return chosen

    def topics_line(self, count: int) -> list[str]:
        """What a `Topics:` line names: the vocabulary's topics, and topics outside it."""
        world = self.world
        if not world.unlisted_topics:
            return [self.topic_label(t, comma=False) for t in self.rng.sample(world.topics, count)]
        labels: list[str] = []
        for topic in self.pick_topics(count):
            if self.rng.random() < world.profile.unlisted_topics:
                pool = world.unlisted_topics
                weights = world.topic_weights[len(world.topics) :] or None
                label = self.rng.choices(pool, weights)[0].name
            else:
                label = self.topic_label(topic, comma=False)
            if label not in labels:
                labels.append(label)
        return labels

    def dead_link(self, title: str) -> str:
        """A sentence linking to a paper the clerk never put in the repository."""
        what = self.rng.choice(DEAD_LINK_DOCUMENTS)
        name = slugify(title)[:40].strip("-") or "paper"
        return f"The [{what}](papers/{name}.pdf) was circulated with the agenda."

    def items(self) -> list[Item]:
        rng = self.rng
        total = self.meeting.item_count
        openings = [entry for entry in OPENING_ITEMS if rng.random() < entry[2]]
        closings = [entry for entry in CLOSING_ITEMS if rng.random() < entry[2]]
        substantive = total - len(openings) - len(closings)
        has_task_groups = rng.random() < 0.5
        number = self.meeting.first_item
        items: list[Item] = []
        for upper, title, _ in openings:
            items.append(self.opening_item(number, upper, title))
            number += 1
        task_group_at = rng.randrange(substantive) if has_task_groups else -1
        for position in range(substantive):
            if position == task_group_at:
                items.append(self.task_group_item(number))
            else:
                items.append(self.topic_item(number))
            number += 1
        for upper, title, _ in closings:
            items.append(self.closing_item(number, upper, title))
            number += 1
        return items

    def body_text(self) -> str:
        rng = self.rng
        items = self.items()
        target = int(rng.triangular(10 * 1024, 14 * 1024, TARGET_BODY_BYTES))
        sizes = [len(item.render()) + 2 for item in items]
        size = sum(sizes)
        fillable = [index for index, item in enumerate(items) if item.fillable]
        contexts = {index: self.item_context(rng.choice(self.world.topics)) for index in fillable}
        while size < target:
            index = rng.choice(fillable)
            paragraph = self.paragraph(contexts[index], (3, 6))
            items[index].blocks.append(paragraph)
            size += len(paragraph) + 2
        parts: list[str] = []
        if rng.random() < 0.15:
            parts.append(
                rng.choice(INTRO_SENTENCES).format(
                    body=self.body.organisation.name,
                    date_text=long_date(self.meeting.date),
                    location=self.body.locations[0],
                )
            )
        parts.extend(item.render() for item in items)
        if rng.random() < 0.3:
            minutes = rng.choice(("00", "15", "30", "45"))
            parts.append(f"Meeting ended at {rng.randint(3, 5)}.{minutes} p.m.")
        return "\n\n".join(parts) + "\n"

    def write(self) -> str:
        # Front matter first so the draw order (and thus the output) is fixed.
        front = self.front_matter()
        return f"---\n{front}---\n\n{self.body_text()}"


# --------------------------------------------------------------------------
# The site
# --------------------------------------------------------------------------


def site_config(world: World, n: int, seed: int) -> str:
    lines = [
        f"title: Synthetic minutes archive ({n} meetings)",
        f"description: A generated archive for benchmarks (generate.py, seed {seed}).",
        "base_url: https://example.org/minutes/",
        "language: en-GB",
        "organisations:",
    ]
    for organisation in world.organisations:
        lines.append(f"  - name: {yaml_scalar(organisation.name)}")
        lines.append(f"    short_name: {yaml_scalar(organisation.short_name)}")
        if organisation.aliases:
            lines.append(f"    aliases: {yaml_flow_list(organisation.aliases)}")
    lines.append("topics:")
    for topic in world.topics:
        lines.append(f"  - name: {yaml_scalar(topic.name)}")
        if topic.aliases:
            lines.append(f"    aliases: {yaml_flow_list(topic.aliases)}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class GenerateReport:
    meetings: int
    organisations: int
    bytes_written: int
    seconds: float


def generate_site(
    n: int,
    dest: Path,
    seed: int = 1,
    *,
    profile: Profile = PROFILES["classic"],
    progress: Callable[[int], None] | None = None,
) -> GenerateReport:
    """Write a site of ``n`` meetings into ``dest`` (which should be empty)."""
    started = time.perf_counter()
    rng = random.Random(seed)
    world = make_world(rng, profile)
    planned = plan_meetings(rng, world.bodies, n, profile.twins)
    dest.mkdir(parents=True, exist_ok=True)
    config = site_config(world, n, seed)
    (dest / "minutebook.yaml").write_text(config, encoding="utf-8")
    written = len(config.encode())
    made_dirs: set[str] = set()
    for count, meeting in enumerate(planned, 1):
        slug = meeting.body.organisation.slug
        folder = dest / "content" / slug
        if slug not in made_dirs:
            folder.mkdir(parents=True, exist_ok=True)
            made_dirs.add(slug)
        data = MeetingWriter(rng, world, meeting).write().encode("utf-8")
        (folder / meeting.file_name).write_bytes(data)
        written += len(data)
        if progress is not None and count % 1000 == 0:
            progress(count)
    return GenerateReport(
        meetings=len(planned),
        organisations=len(made_dirs),
        bytes_written=written,
        seconds=time.perf_counter() - started,
    )


def clear_site(dest: Path) -> None:
    """Remove what generate_site writes, and nothing else."""
    shutil.rmtree(dest / "content", ignore_errors=True)
    (dest / "minutebook.yaml").unlink(missing_ok=True)


PROFILE_OPTIONS: dict[str, str] = {
    "unlisted_organisations": "share of attendees from agencies not in the config",
    "unlisted_topics": "share of Topics: line entries outside the vocabulary",
    "topics_lines": "share of items with a Topics: line",
    "topic_skew": "Zipf exponent of topic popularity (0: all topics alike)",
    "twins": "share of meetings held on a day their body already met",
    "dead_links": "share of items linking to a document not in the repository",
}


def add_profile_arguments(parser: argparse.ArgumentParser) -> None:
    """--profile, and one option per property of it (shared with bench_build.py)."""
    parser.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default=DEFAULT_PROFILE,
        help=f"what the archive looks like (default {DEFAULT_PROFILE}; classic: the first one)",
    )
    for name, what in PROFILE_OPTIONS.items():
        option = "--" + name.replace("_", "-")
        parser.add_argument(option, type=float, metavar="X", help=f"{what} (overrides --profile)")


def profile_from_arguments(args: argparse.Namespace) -> Profile:
    chosen = PROFILES[args.profile]
    overrides = {name: getattr(args, name) for name in PROFILE_OPTIONS}
    return replace(chosen, **{k: v for k, v in overrides.items() if v is not None})


def profile_label(profile: Profile) -> str:
    """The profile's name, or its values when options changed it (names cached corpora)."""
    for name, known in PROFILES.items():
        if known == profile:
            return name
    return "custom-" + "-".join(f"{getattr(profile, name):g}" for name in PROFILE_OPTIONS)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, metavar="N", help="number of meetings")
    parser.add_argument("dest", type=Path, metavar="DEST", help="folder to write the site into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    add_profile_arguments(parser)
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace DEST/content and DEST/minutebook.yaml if they exist",
    )
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be 0 or more")
    dest: Path = args.dest
    if (dest / "content").exists() or (dest / "minutebook.yaml").exists():
        if not args.force:
            print(f"error: {dest} already holds a site; use --force to replace it", file=sys.stderr)
            return 1
        clear_site(dest)
    try:
        report = generate_site(
            args.n,
            dest,
            args.seed,
            profile=profile_from_arguments(args),
            progress=lambda done: print(f"  {done}/{args.n} meetings", file=sys.stderr),
        )
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(
        f"wrote {report.meetings} meetings of {report.organisations} organisations "
        f"({report.bytes_written / 2**20:.1f} MiB) to {dest} in {report.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
