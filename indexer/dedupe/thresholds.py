"""The figures of near-duplicate and same-story detection, all in one place.

Figures are from bench/dedupe_bench.py and bench/reuters_pairs.py (see bench/README.md, section
"De-duplication"). The package's modules read them as `thresholds.NAME` at call time, so that a bench script
can try another value by setting it here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

# Index one shingle in SAMPLE_MOD (by hash value, so both texts sample the same shingles). With 3, a
# 26-shingle (30-word) copy still shares >= 2 sampled keys with its original 99.96% of the time
# (binomial), and the postings are a third of the shingles: 94 MB of index at 100k articles.
SAMPLE_MOD = 3
# Candidate needs this many shared sampled keys; texts with fewer than SHORT_DOC_KEYS keys need only
# one, so that short wire items are not lost. On Reuters, 1 for all gave 75,112 candidate pairs
# instead of 18,021 and the same 590 relations.
MIN_SHARED_KEYS = 2
SHORT_DOC_KEYS = 8
# Document frequency cut-off: a sampled shingle in more than DF_CUTOFF live articles is boilerplate / a
# stock phrase: it yields no candidate and its sentence counts for no same-story match. The cut-off is
# fixed, not a share of the archive: with max(50, 0.1% of N) a passage reused by a fixed share of the
# articles (recombined agency paragraphs, one topic's boilerplate) stayed under it and each article's
# candidate list grew with N (bench/generate.py corpus: 8.5 candidate pairs per article at 10k, 13.8
# at 20k; relations() 0.79 s -> 1.56 s per 1,000 articles). On Reuters (10k) the largest family of true
# near-duplicates has 11 members; 12 of 431,622 sampled keys are above 50 (the most common is in 321).
DF_CUTOFF = 50
# Candidate pairs are pre-filtered on their shared sampled keys (counted over keys under the cut-off)
# before any text comparison: a pair whose dates are known and more than SAME_STORY_MAX_DAYS apart can
# only be a duplicate, which needs containment >= 0.5 (Jaccard >= 0.5 implies it), so it is dropped
# when fewer than DUP_PREFILTER_SHARE of the smaller text's (non-common) sampled keys are shared and
# both texts have at least SHORT_DOC_KEYS keys. 0.2 leaves a wide margin for sampling noise: on the 10k
# generate.py corpus all 722 duplicates share >= 0.75, and 97% of the rejected pairs < 0.15.
DUP_PREFILTER_SHARE = 0.2
# At most this many candidates per article (per query chunk) are verified, the ones sharing most keys
# first, possible duplicates before the rest: MAX_CANDIDATES_PER_ARTICLE in all, of which at most
# MAX_STORY_CANDIDATES_PER_ARTICLE that can only be same-story (dates within the window or unknown). A
# pair is verified when it is within the limits of both its articles, so the verification work per
# article is bounded whatever the text (undated articles escape the date pre-filter; a topic's reused
# paragraphs give every article many weak candidates). A story told by many outlets still forms one
# group (story_groups joins the pairs), but an article then lists only its closest versions.
MAX_CANDIDATES_PER_ARTICLE = 30
MAX_STORY_CANDIDATES_PER_ARTICLE = 10
# Duplicate (same article edited): the definition, Jaccard >= ~0.5 or one text largely
# contained in the other. With these, all 489 Reuters truth pairs (computed with the same figures on
# whole-text shingles by bench/reuters_pairs.py) are found; same-story pairs lie far below (000/001:
# Jaccard 0.085, containment 0.16). Containment needs DUP_MIN_SHARED shared shingles so that a
# one-line item is not a "duplicate" of every text quoting it. (0.7 would also take 11 more Reuters
# pairs, e.g. an item re-sent with a longer ending; not needed for the goals, so left at 0.8.)
DUP_JACCARD = 0.5
DUP_CONTAINMENT = 0.8
DUP_MIN_SHARED = 8
# A sentence is "near-identical" in the other text when >= SENT_MATCH_FRACTION of its shingles occur
# there. 000/001's four shared statements match at 0.6-1.0 ("..., it said" appended, "cross -border"),
# their variant stock sentence ("Tensions flared up ...") at 0.3, and 003 (same topic) at <= 0.07.
# Sentences need SENT_MIN_SHINGLES shingles (7 words) so that datelines and "he said." fragments do
# not count.
SENT_MATCH_FRACTION = 0.5
SENT_MIN_SHINGLES = 3
# Same story: at least SAME_STORY_MIN_SENTENCES near-identical sentences on one side and
# SAME_STORY_MIN_SENTENCES_OTHER on the other (sentence cuts differ between outlets: one long sentence
# may hold two quoted ones). 000/001 share 4 both ways; a stock background sentence alone is 1.
# Requiring 3 both ways missed 6% of the 10k bench's planted rewrites (counted 2 on one side).
SAME_STORY_MIN_SENTENCES = 3
SAME_STORY_MIN_SENTENCES_OTHER = 2
# A same-story link whose near-identical sentences are a small share of both texts (below LEAD_CHECK_SHARE)
# needs the event itself in common: the lead of one text (its first LEAD_SENTENCES sentences: headline,
# byline, lead sentence) has at least LEAD_MIN_SHINGLES of its shingles in the other text. Without it the two
# share background only: two reports of one day's figures, each leading with another release and quoting
# the other's in its body. On the tuning half (even ids) every same-story link shares 0.33 or more (so the
# check costs nothing there); the shipped pair 000/001 shares 0.15 and its leads share a clause (16
# shingles: "Foreign Secretary Vijay Gokhale called on US Secretary of State Mike Pompeo").
LEAD_CHECK_SHARE = 0.25
LEAD_SENTENCES = 3
LEAD_MIN_SHINGLES = 2
# A site's closing furniture ("about the company", a show's information box, a newsletter's sign-off) is the
# same block at the end of each of its posts. Where both texts end with a run of near-identical sentences under
# a longer body of their own (verify._shared_ending), that run does not count: the link must stand on the
# sentences shared elsewhere. Off (False) is the product before this check (`without_ending_check`). On the
# tuning half (even ids) it removes no link: of its 17 same-story links, two end both texts with shared
# sentences, and in each one text has no more sentences of its own than its shared ending (3 against 3: a
# poll reported again; 2 against 2: a sale re-sent with the buyer's name corrected), so neither ending is set
# aside. Written from the two page errors of bench/story_unseen.py (an ad company's "about us", a theatre's
# information box); on the Reuters development set it changes no grouped pair.
ENDING_CHECK = True
# Opening furniture, the counterpart, in the lead check (LEAD_FURNITURE_CHECK): the lead counts only its countable
# sentences (a byline and a dateline are the same lines over one desk's stories of a day), and where both texts
# open with a run of near-identical sentences over a longer body of their own (verify._shared_opening: a site's
# disclaimer over each of its posts) the lead is read after it. The run still counts as shared sentences: setting
# it aside as the ending check does lost a true pair of the tuning half (a company's results sent twice, opening
# alike). On the tuning half (even ids) the check changes no link (every same-story link there shares 0.33 or
# more, above LEAD_CHECK_SHARE). False is the product before (issue 16, fifth round: `without_fifth_round`).
LEAD_FURNITURE_CHECK = True
# Where both dates are known, separately written reports of one story lie within this many days (one
# news day across time zones); a stock passage recurring months later does not merge stories, nor does a
# report days later that repeats the background and quotes of an earlier one: that is a follow-up, another
# event of one topic (a company's charge, then its possible sale four days later; a debt rescheduling
# with one creditor, then with another). Copies of one text re-sent days later are duplicates, which
# the window does not bound. On the Reuters development half used for tuning (even ids) no same-story
# link spans more than a day once the facts veto has run; with 7 days, the two such links left on the
# other half were both two stories (bench/README.md, issue 16, second round).
SAME_STORY_MAX_DAYS = 1
# Story groups are not the connected components of the relations: one article quoting two stories, or
# a chain of reports each quoting the previous one, would join everything it touches (the 100k
# generate.py corpus, whose articles recombine agency paragraphs, had one component of 9,562 articles
# with undated articles as bridges). Two groups merge only when they are linked by at least
# STORY_LINK_SHARE of all their cross pairs or STORY_LINKS_PER_MEMBER relations per member of the
# smaller group: a copy joining a wire story relates to several of its copies; a bridge relates to one.
# A single article also joins a group through the group's earliest version (its face): a report quoting
# the original of a wire story whose copies it was not compared with (planted bench, 10k: group recall
# 0.9888 without this, 0.9901 with connected components).
STORY_LINK_SHARE = 0.5
STORY_LINKS_PER_MEMBER = 3
# Formula items (one template, other facts: bond issues of two issuers, one fund family's payouts, a
# daily rate table of two days) pass both tests above on their template alone. Their facts veto the
# link: per slot (the two words before or after a number or a capitalised word inside a sentence,
# see fingerprints.Facts) both texts fill with a different value, a name counts FACT_NAME_WEIGHT and a
# number 1; publication dates more than FACT_SAME_DATE_DAYS apart count as a name (the daily rate item
# of another day, the weekly bill auction, the central bank's unchanged policy two weeks later: same
# text, another event); the link stands only when the distinctive facts both texts share (same value
# in the same slot) outweigh them. Slots in
# more than FACT_SLOT_MAX_DF articles ("and the ___") are too common to be a template's; a shared
# (slot, value) in more than FACT_PAIR_MAX_DF articles ("Pay March 31": every fund of the family that
# day) is template, not evidence. Tuned on the even-id half of the Reuters development set (bench/
# story_facts.py): the errors there need a name weight above 12.5 (two bond issuers sharing 15 facts)
# and the true pairs one below 20 (two versions of one story naming two outlets differently, 40 shared);
# for dates, the Fed's repurchase item of two days three weeks apart shares 2 distinctive facts, a
# coalition story re-sent two days later (over a weekend) 16. One day apart is the same news day
# across time zones.
FACT_NAME_WEIGHT = 16
# Between items of two days (both dates known, one day apart or more), a number stated differently in a
# template slot weighs FACT_OTHER_DAY_NUMBER_WEIGHT: the next day's rate, score or price in one template is
# another day's item; versions of one story sent within a day round or correct a figure (weight 1; 1 is the
# product before issue 16's fifth round). Tuned on the even-id half of the Reuters development set, where no
# link of two days has a number conflict: on its planted formula items (bench/story_facts.py, same day or the
# next) 2 keeps 0.983 apart against 0.970 with 1, and higher weights keep no more while they part an item re-sent
# the next day with one figure corrected (linked 0.923 with 1, 0.897 with 2, 0.777 with 4, 0.510 with 16).
FACT_OTHER_DAY_NUMBER_WEIGHT = 2
FACT_SAME_DATE_DAYS = 1
FACT_SLOT_MAX_DF = 20
# ... per FACT_SLOT_ARTICLES_PER_DF live articles, when the archive is bigger than the half it was tuned on (5,034
# articles: 20): a template's slots recur with the archive (the Fed's daily repurchase item fills "trading at ___"
# every day), so a fixed ceiling would lose the veto as the archive grows; common contexts ("and the ___": 8% of the
# Reuters set) stay far above it. Issue 16's sixth round, where number words ("six pct") filled the Fed item's
# slots in 21 of the 10,051 articles of the whole set and its daily items linked.
FACT_SLOT_ARTICLES_PER_DF = 250


def fact_slot_max_df(live: int) -> int:
    """The document frequency above which a fact's slot is too common to be a template's, for `live` articles."""
    return max(FACT_SLOT_MAX_DF, live // FACT_SLOT_ARTICLES_PER_DF)


FACT_PAIR_MAX_DF = 3
# Other figures in one template: two texts whose template slots (as the veto's: not common) hold different numbers in
# FIGURES_MIN_DIFFER slots or more, more than FIGURES_DIFFER_SHARE times the slots where they state the same number,
# report other figures (the next day's rates, another issue's terms, another fund's payout), whatever names and text
# they share: versions of one story agree on most of their figures, a correction changes one (two slots, three for
# a mixed number such as "1-3/8": its whole figure and its fraction). The veto above weighs a differing figure 1 (2
# between days) against every distinctive fact shared, so an item whose names and wording are kept passes it on its
# text however many figures differ (issue 16, seventh round: formula items kept apart 0.763, next-day items 0.633 on
# the tuning half). Set on the tuning half (even ids) of bench/story_numbers.py's planted items: 4 and 0.25 keep the
# most apart (0.920 and 0.943) while every planted correction linked before stays linked; 3 parts corrections of one
# mixed number (1 same-day, 4 next-day of 300); shares from 0 to 0.25 keep as many apart, 0.5 three fewer. Counting
# common slots too kept more apart (0.953 / 0.977) but parted separately written reports whose own paragraphs state
# figures in common contexts (tests/test_dedupe.py's 45 reports of three quotes). On the Reuters development set
# (each half and the whole set grouped alone) no grouped pair changes. FIGURES_MIN_DIFFER None is the product before
# (`without_seventh_round`).
FIGURES_MIN_DIFFER: int | None = 4
FIGURES_DIFFER_SHARE = 0.25
# Tables (results, standings, rates, earnings) are written to one template: a header sentence and rows of
# figures. Two texts that both hold TABLE_MIN_ROWS data lines or more (fingerprints.row_keys) are one story
# only when at least TABLE_ROW_SHARE of the smaller table's rows are found in the other (the same figures
# under a label sharing a word); otherwise their shared header and the coincidences of small numbers are all
# they share (two leagues' standings after one Saturday). Set from the tuning half (even ids): its true
# pairs of two tables share 0.67 or more of their rows (one company's results sent twice, one version with
# operating figures); TABLE_VETO False is the product before this check (`without_table_and_lead_checks`).
TABLE_VETO = True
TABLE_MIN_ROWS = 3
TABLE_ROW_SHARE = 0.5
# The lead's subject (fingerprints.lead_facts: the first name of a text's first prose sentence, "Sun Co said it
# raised..."): two texts whose leads name subjects of other first letters, neither lead naming the other's subject,
# are two items, whatever else they share (SUBJECT_CHECK; facts.subjects_differ). A formula item of another company
# keeps the template's wording and often its figures (Sun's and Unocal's crude postings raised 50 cts to 17.50 dlrs
# on one day; Lockheed's and Grumman's SDI contracts of 304 and 303.9 mln dlrs), so neither the veto's slots ("Sun Co
# said" / "Unocal Corp said" share no context) nor its figures part them. Versions of one story lead with one subject,
# or name each other's in the lead ("U.S. Treasury Secretary James Baker" / "Treasury Secretary James Baker").
# Checked on the tuning half (even ids) before the held-out half was run: it parts none of its 137 links (issue 16,
# eighth round). False is the product before (`without_eighth_round`).
SUBJECT_CHECK = True
# Query the inverted table in chunks of this many articles (bounds memory of the candidate arrays).
QUERY_CHUNK = 20_000
# Merge postings segments when the older one is at most this many times larger (amortised O(n log n)).
SEGMENT_MERGE_RATIO = 2

# The version of the rules above, stored beside an index's relations: an update over relations found by other
# rules finds them all again (from the stored fingerprints, about 1 CPU s per 10,000 articles) instead of keeping
# them for the articles it does not touch. Raise it whenever a change here or in verify/facts changes relations.
# 7: issue 16's seventh round (FIGURES_MIN_DIFFER); an index without the entry was written before it.
# 8: issue 16's eighth round (SUBJECT_CHECK).
RULES_VERSION = 8

NO_DATE = -1  # an article's day number (date ordinal) when its date is not known


@contextlib.contextmanager
def _set(**values: object) -> Iterator[None]:
    """These module figures set to `values` for the duration (a bench or a test running the product before a
    change), then restored."""
    names = globals()
    kept = {name: names[name] for name in values}
    names.update(values)
    try:
        yield
    finally:
        names.update(kept)


def without_eighth_round() -> contextlib.AbstractContextManager[None]:
    """The product before issue 16's eighth round: no subject check (SUBJECT_CHECK)."""
    return _set(SUBJECT_CHECK=False)


def without_seventh_round() -> contextlib.AbstractContextManager[None]:
    """The product before issue 16's seventh round: no figures check (FIGURES_MIN_DIFFER)."""
    return _set(FIGURES_MIN_DIFFER=None)


def without_ending_check() -> contextlib.AbstractContextManager[None]:
    """The product before the ending check (main before issue 16's fourth round)."""
    return _set(ENDING_CHECK=False)


def without_fifth_round() -> contextlib.AbstractContextManager[None]:
    """The product before issue 16's fifth round: the lead check reads the first sentences whole, other days'
    numbers weigh 1."""
    return _set(LEAD_FURNITURE_CHECK=False, FACT_OTHER_DAY_NUMBER_WEIGHT=1)


@contextlib.contextmanager
def without_table_and_lead_checks() -> Iterator[None]:
    """The product before the table and lead checks (the baseline of bench/story_unseen.py and the tests), which
    had no ending check either."""
    with _set(TABLE_VETO=False, LEAD_CHECK_SHARE=0.0), without_ending_check(), without_fifth_round():
        yield
