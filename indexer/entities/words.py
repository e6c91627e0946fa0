"""Word lists and text patterns the rules share: titles, organisation heads, portfolio words, months, legal
forms, the shapes of a capitalised word and of a name token. No list names a particular person or body."""

from __future__ import annotations

import re

# Words that precede a name as a title, rank, office or honorific (lower case, without dots).
TITLE_WORDS = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady shri smt shrimati sheikh sheik
    gen general lt lieutenant col colonel maj major capt captain cpt adm admiral brig brigadier cmdr commander
    sgt sergeant cpl corporal pvt marshal field air vice rear
    president vp premier chancellor minister ministers secretary secretaries undersecretary
    spokesperson spokesman spokeswoman ambassador envoy senator sen rep representative congressman
    congresswoman governor gov mayor chairman chairwoman chair ceo cfo coo director
    judge justice king queen prince princess emperor pope father rev reverend bishop archbishop cardinal
    rabbi imam mullah ayatollah coach manager chief deputy assistant under acting former
    adviser advisor coordinator commissioner officer counsellor counselor attorney chancellor treasurer
    foreign defence defense home finance interior external prime nsa fm pm cm mp mla
    head leader boss chairperson president-elect dr.""".split()
)
# Words that make a capitalised phrase an organisation when they are its head.
ORG_HEADS = frozenset(
    """ministry department agency council committee commission group force forces bank party
    association union corporation corp company co inc ltd plc llc institute university college
    organisation organization fund board authority office bureau service services court network
    army navy police federation foundation league club society front movement alliance
    assembly parliament senate congress administration exchange airlines airways house""".split()
)
# Heads that take an "of/on/for" complement inside the name.
EXTENSIBLE_HEADS = frozenset(
    """ministry department council committee group board commission university institute bank office
    bureau association federation union organisation organization league society court fund agency
    authority house service forces force army party front alliance movement chamber""".split()
)
# Office and portfolio words: a phrase made only of these is a role, not an organisation.
PORTFOLIO_WORDS = frozenset(
    """state defence defense foreign home finance interior external affairs national security
    international political arms control counter-terrorism counterterrorism terrorism trade commerce
    economic economy public relations information
    intelligence homeland internal legal military strategic planning policy and for of the
    cooperation development""".split()
)
# Single words that are never a facet value on their own.
GENERIC_ORGS = frozenset(
    """state government ministry department office agency council committee court police army navy
    parliament administration congress house senate cabinet bank party group force military
    agencies company firm union""".split()
)
# Last words of a competition or event name: never an organisation ("UEFA Cup", "PGA Tour").
EVENT_WORDS = frozenset("cup series open tour trophy final finals games masters classic grand prix".split())
# Last words of a law or a tax: never an organisation ("Arms Export Control Act", "Petroleum Revenue Tax").
LAW_WORDS = frozenset("act acts law tax treaty bill amendment".split())
NAME_PARTICLES = frozenset(
    "de da di du del della der den van von bin ibn al el la le ul ur e y dos das".split()
)
MONTHS_DAYS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday""".split()
)
ACRONYM_SKIP = frozenset("of the and for on in at to a an & de du des la le".split())


WS = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # spaces with at most one line break: wire copy is hard-wrapped
CAPW = r"[A-Z][\w'\u2019\-]*(?:\.[A-Z])*\.?(?<![a-z]\.)"  # a capitalised word; "U.S." but not "Pakistan."


NAME_TOKEN = re.compile(
    r"^(?:[A-Z][a-z\u00E0-\u024F'\u2019]+(?:-[A-Z]?[a-z\u00E0-\u024F]+)*|[A-Z]\.?|[A-Z]\.[A-Z]\.?)$"
)


# words that make a name a company's ("Harbert Solar Inc")
COMPANY_WORDS = frozenset("co cos corp inc ltd plc llc ag sa nv gmbh spa bv oy corporation incorporated".split())


# legal forms that may stand alone after a name ("H.J. Meyers and Co Inc")
LEGAL_FORMS = frozenset("co cos corp inc ltd plc llc ag sa nv company corporation limited".split())


# the last word of a firm named after a person, never of a person's name ("Lehman Brothers", "Sikorsky Aircraft")
FIRM_NOUNS = frozenset(
    """brothers partners associates holdings securities industries group trust energy research systems motors
    investors bancorp financial aircraft helicopter helicopters airlines airways foods""".split()
)
# words of a company or body that are never part of a person's name ("Lehman Brothers")
NOT_NAME_WORDS = (
    ORG_HEADS
    | TITLE_WORDS
    | PORTFOLIO_WORDS
    | MONTHS_DAYS
    | FIRM_NOUNS
    | frozenset(
        """capital international chambers merchants growers producers exporters importers bankers dealers traders
        workers farmers""".split()
    )
)


# a results table is told from a trade or price table by the sports words around it
SPORT_WORDS = re.compile(
    r"\b(?:halftime|half-time|standings|innings|wickets?|goals?|scorers?|drawn|league|championship"
    r"|cup|matche?s?|games?|tournament|fixtures?)\b",
    re.I,
)


def sporty(text: str) -> bool:
    """Two different sports words or more: a sports story, whose results tables name teams."""
    return len({w.lower() for w in SPORT_WORDS.findall(text)}) >= 2
