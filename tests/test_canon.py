"""Archive-wide canonicalisation: one value per real entity, nothing merged that should not be."""

from __future__ import annotations

import random
import sys

from archive.names import Canon, merge_key, norm
from indexer.aliases import parse_aliases
from indexer.canon import build_canon
from indexer.entities import ArticleEntities as AE
from indexer.entities import postprocess, prose_case


def _one(canon: Canon, kind: str, names: list[str]) -> set[str]:
    return {canon.lookup(kind, n) for n in names}


def test_norm() -> None:
    assert norm("The U.S. Department of State") == "us state department"
    assert norm("State Department") == "state department"
    assert norm("Société Générale") == "societe generale"
    assert norm("Jaish-e-Mohammed") == "jaish e mohammed"


def test_spelling_variants_merge_across_articles() -> None:
    arts = [
        AE(orgs=["Hezb-e-Islami"]),
        AE(orgs=["Hizb-e-Islami"]),
        AE(orgs=["Hezb-e-Islami"]),
        AE(orgs=["al-Qaeda"]),
        AE(orgs=["al-Qaida"]),
        AE(persons=["Muammar Gaddafi"]),
        AE(persons=["Muammar Gadaffi"]),
    ]
    c = build_canon(arts)
    assert _one(c, "org", ["Hezb-e-Islami", "Hizb-e-Islami"]) == {"Hezb-e-Islami"}  # most frequent form
    assert len(_one(c, "org", ["al-Qaeda", "al-Qaida"])) == 1
    assert len(_one(c, "person", ["Muammar Gaddafi", "Muammar Gadaffi"])) == 1
    assert c.merges and all({"kind", "canonical", "variants", "reasons"} <= set(m) for m in c.merges)


def test_distinct_entities_do_not_merge() -> None:
    arts = [
        AE(persons=["Mike Pompeo", "Mike Mullen", "John Smith", "Joan Smith"]),
        AE(
            orgs=[
                "Ministry of External Affairs",
                "Ministry of Foreign Affairs",
                "US Department of State",
                "US Department of Defense",
                "Indian Air Force",
                "Pakistan Air Force",
            ]
        ),
    ]
    c = build_canon(arts)
    assert len(_one(c, "person", ["Mike Pompeo", "Mike Mullen", "John Smith", "Joan Smith"])) == 4
    assert len(_one(c, "org", ["Ministry of External Affairs", "Ministry of Foreign Affairs"])) == 2
    assert len(_one(c, "org", ["US Department of State", "US Department of Defense"])) == 2
    assert len(_one(c, "org", ["Indian Air Force", "Pakistan Air Force"])) == 2


def test_department_of_x_and_country_prefix() -> None:
    arts = [
        AE(orgs=["State Department"]),
        AE(orgs=["State Department"]),
        AE(orgs=["U.S. Department of State"]),
        AE(orgs=["Department of Homeland Security"]),
        AE(orgs=["Homeland Security Department"]),
    ]
    c = build_canon(arts)
    assert _one(c, "org", ["State Department", "U.S. Department of State", "department of state"]) == {
        "State Department"
    }
    assert len(_one(c, "org", ["Department of Homeland Security", "Homeland Security Department"])) == 1


def test_country_prefix_ambiguous_is_kept_apart() -> None:
    c = build_canon(
        [
            AE(orgs=["Navy"]),
            AE(orgs=["Indian Navy"]),
            AE(orgs=["Chinese Navy"]),
            AE(orgs=["Coast Guard"]),
            AE(orgs=["Chinese Coast Guard"]),
            AE(orgs=["Indian Coast Guard"]),
        ]
    )
    assert len(_one(c, "org", ["Indian Coast Guard", "Chinese Coast Guard", "Coast Guard"])) == 3


def test_acronym_linked_once_stands_everywhere() -> None:
    arts = [
        AE(orgs=["Financial Action Task Force"], acronyms={"FATF": "Financial Action Task Force"}),
        AE(orgs=["FATF"]),
        AE(orgs=["FATF"]),
    ]
    c = build_canon(arts)
    assert c.orgs(arts[1]) == ["Financial Action Task Force"]
    assert "FATF" in c.variants("org", "Financial Action Task Force")
    assert c.lookup("org", "fatf") == "Financial Action Task Force"


def test_token_acronym_expansion() -> None:
    arts = [
        AE(orgs=["United Nations", "UN Human Rights Council"], acronyms={"UN": "United Nations"}),
        AE(orgs=["United Nations Human Rights Council"]),
    ]
    c = build_canon(arts)
    assert len(_one(c, "org", ["UN Human Rights Council", "United Nations Human Rights Council"])) == 1


def test_surname_folds_into_unique_full_name_only() -> None:
    arts = [
        AE(persons=["Angela Merkel"]),
        AE(persons=["Merkel"]),
        AE(persons=["Ed Miliband"]),
        AE(persons=["David Miliband"]),
        AE(persons=["Miliband"]),
    ]
    c = build_canon(arts)
    assert c.persons(arts[1]) == ["Angela Merkel"]
    assert c.lookup("person", "Miliband") == "Miliband"


def test_surname_of_several_words_folds_into_unique_full_name_only() -> None:
    arts = [
        AE(persons=["Anibal Cavaco Silva"]),
        AE(persons=["Cavaco Silva"]),
        AE(persons=["Dick Van Dyke"]),
        AE(persons=["Jerry Van Dyke"]),
        AE(persons=["Van Dyke"]),
    ]
    c = build_canon(arts)
    assert c.persons(arts[1]) == ["Anibal Cavaco Silva"]
    assert c.lookup("person", "Van Dyke") == "Van Dyke"


def test_display_is_most_frequent_mixed_case_full_form() -> None:
    # (issue 14: "Vladimir Poutine" used to merge here by similar spelling; a French final "e" is no
    # documented transliteration pattern, so it now stays its own value)
    arts = [
        AE(persons=["VLADIMIR PUTIN"]),
        AE(persons=["VLADIMIR PUTIN"]),
        AE(persons=["VLADIMIR PUTIN"]),
        AE(persons=["Vladimir Putin"]),
        AE(persons=["Putin"]),
    ]
    c = build_canon(arts)
    assert c.lookup("person", "VLADIMIR PUTIN") == "Vladimir Putin"
    assert c.lookup("person", "Putin") == "Vladimir Putin"


def test_per_article_lists_are_deduplicated() -> None:
    arts = [AE(orgs=["Jaish-e-Mohammed", "Jaish-e-Muhammed"])]
    assert len(build_canon(arts).orgs(arts[0])) == 1


def test_aliases_win() -> None:
    al = parse_aliases(
        {
            "entity": [{"name": "Islamic State", "type": "org", "variants": ["ISIS", "ISIL", "Daesh"]}],
            "not_entities": ["Agencies"],
        }
    )
    arts = [AE(orgs=["ISIS", "Agencies"]), AE(orgs=["Daesh"]), AE(orgs=["Islamic State of Iraq"])]
    c = build_canon(arts, al)
    assert c.orgs(arts[0]) == ["Islamic State"]
    assert c.orgs(arts[1]) == ["Islamic State"]
    assert c.lookup("org", "isil") == "Islamic State"  # listed, even if never seen


def test_deterministic_and_json_round_trip() -> None:
    arts = [
        AE(persons=["Mike Pompeo", "Pompeo"], orgs=["Jaish-e-Mohammed"], acronyms={"JeM": "Jaish-e-Mohammed"}),
        AE(persons=["Michael Pompeo"], orgs=["Jaish-e-Muhammad", "JeM"]),
        AE(orgs=["Department of State", "State Department"]),
    ]
    a = build_canon(arts).to_json()
    shuffled = arts[:]
    random.Random(3).shuffle(shuffled)
    assert build_canon(shuffled).to_json() == a
    c = Canon.from_json(a)
    assert c.to_json() == a
    assert c.lookup("org", "JeM") == build_canon(arts).lookup("org", "JeM")


def test_not_quadratic() -> None:
    rng = random.Random(7)
    syl = ["ka", "lo", "mi", "ra", "tu", "sen", "dor", "vik", "an", "el", "go", "pa", "ri", "zu", "ho", "be"]

    def word() -> str:
        return "".join(rng.choice(syl) for _ in range(rng.randint(2, 4))).capitalize()

    arts = [AE(persons=[f"{word()} {word()}" for _ in range(5)]) for _ in range(2000)]  # ~10k distinct names
    small, large = _calls(lambda: build_canon(arts[:1000])), _calls(lambda: build_canon(arts))
    # Work counted as function calls (Python and built-in), not seconds: the count does not depend on the
    # machine's load. Twice the names cost about twice the calls; a pass over all pairs would cost four times.
    assert large / small < 2.6, (small, large)


def _calls(fn) -> int:  # noqa: ANN001
    """Function calls (Python and built-in) made while `fn` runs."""
    norm.cache_clear()
    merge_key.cache_clear()
    count = 0

    def profile(_frame, event, _arg) -> None:  # noqa: ANN001
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return count


def test_similar_spelling_alone_never_merges() -> None:
    """The wrong merges a 1987 wire archive showed (issue 14): similar names of different entities."""
    pairs = {
        "person": [("Ronald Reagan", "Donald Regan"), ("Reagan", "Regan"), ("David Liang", "David Lange")],
        "org": [
            ("Intel", "Intal"), ("NYNEX", "NYMEX"), ("Bayer", "Baker"), ("ARMCO", "Aramco"),
            ("Phillips", "Philips"), ("Spear", "Sears"), ("Warrington", "Washington"), ("Oakville", "Cookville"),
            ("UNLIKELY", "LIKELY"), ("Stock Exchange", "American Stock Exchange"),
            ("National Bank", "Swiss National Bank"), ("FBI", "First Boston Inc"),
            ("Intel Corp", "Intal Corp"), ("Bond Corp Holdings", "Band Corp Holdings"),
        ],
    }  # fmt: skip
    arts = [AE(persons=[a, b]) for a, b in pairs["person"]] + [AE(orgs=[a, b]) for a, b in pairs["org"]]
    c = build_canon(arts)
    for kind, ps in pairs.items():
        for a, b in ps:
            va, vb = c.lookup(kind, a), c.lookup(kind, b)
            assert va != vb or va is None, (a, b)  # None: no value at all (a place is no organisation)
    assert all("similar" not in r for m in c.merges for r in m["reasons"])
    assert c.lookup("org", "Washington") is None and c.lookup("org", "Intel") == "Intel Corp"


def test_forms_that_differ_by_suffix_or_transliteration_merge() -> None:
    arts = [
        AE(orgs=["General Motors Corp"]),
        AE(orgs=["General Motors Corp"]),
        AE(orgs=["General Motors"]),
        AE(orgs=["Boeing Co", "Chrysler Corp"]),
        AE(orgs=["Boeing", "Chrysler"]),
        AE(persons=["Muammar Gaddafi", "Moammar Gadhafi"]),
    ]
    c = build_canon(arts)
    assert _one(c, "org", ["General Motors", "General Motors Corp", "GENERAL MOTORS CORP"]) == {"General Motors Corp"}
    assert len(_one(c, "org", ["Boeing", "Boeing Co"])) == 1
    assert len(_one(c, "org", ["Chrysler", "Chrysler Corp"])) == 1
    assert len(_one(c, "person", ["Muammar Gaddafi", "Moammar Gadhafi"])) == 1


def test_short_form_needs_one_long_form_in_the_archive() -> None:
    arts = [
        AE(orgs=["African Development Bank"], acronyms={"ADB": "African Development Bank"}),
        AE(orgs=["Asian Development Bank"], acronyms={"ADB": "Asian Development Bank"}),
        AE(orgs=["ADB"]),
        AE(orgs=["Federal Reserve Board"], acronyms={"Fed": "Federal Reserve Board"}),
        AE(orgs=["Fed"]),
        AE(orgs=["Ford Motor Co"], acronyms={"Ford": "Ford Motor Co"}),
        AE(orgs=["Ford"]),
    ]
    c = build_canon(arts)
    assert len(_one(c, "org", ["African Development Bank", "Asian Development Bank", "ADB"])) == 3
    assert c.orgs(arts[4]) == ["Federal Reserve Board"]
    assert c.orgs(arts[6]) == ["Ford Motor Co"]
    merge = next(m for m in c.merges if m["canonical"] == "Federal Reserve Board")
    assert merge["reasons"] == ["short form Fed defined"]


def test_name_only_in_capitals_counts_where_the_archive_has_it_in_normal_case() -> None:
    arts = [
        AE(orgs=["General Motors Corp"]),
        AE(caps_orgs=["GENERAL MOTORS", "INCREASES BACKLOG"], caps_persons=["ROTTERDAM"]),
    ]
    c = build_canon(arts)
    assert c.orgs(arts[1]) == ["General Motors Corp"]
    assert c.persons(arts[1]) == []
    assert c.lookup("org", "INCREASES BACKLOG") is None


def test_a_name_the_archive_mostly_types_otherwise_leaves_the_facet() -> None:
    arts = [
        AE(orgs=["Morgan Stanley Group Inc"]),
        AE(orgs=["Morgan Stanley Group Inc"]),
        AE(persons=["Morgan Stanley", "Lyng"], orgs=["Akzo NV"]),
        AE(persons=["Akzo", "Richard Lyng"], orgs=["Lyng"]),
        AE(persons=["Lyng", "Ronald Reagan"], orgs=["Ronald Reagan Library"]),
        AE(persons=["Ronald Reagan", "U.S. Army", "U.S. Firm"]),
        AE(persons=["U.S. Bases", "U.S. Air", "E.F. Hutton", "E.F. Rossi"]),
    ]
    c = build_canon(arts)
    assert c.persons(arts[2]) == ["Richard Lyng"] and c.orgs(arts[2]) == ["Akzo NV"]
    assert c.orgs(arts[3]) == []  # "Lyng" is a person in more articles
    assert c.persons(arts[5]) == ["Ronald Reagan"]
    assert c.persons(arts[6]) == ["E.F. Hutton", "E.F. Rossi"]


def test_an_acronym_keeps_its_capitals() -> None:
    c = build_canon([AE(orgs=["NATO"]), AE(orgs=["NATO"]), AE(orgs=["Nato"])])
    assert c.lookup("org", "nato") == "NATO"


def test_common_word_is_no_value_where_its_articles_write_it_in_lower_case() -> None:
    """Issue 14: "Debtor", "Jobs", "Truck" (sentence starts the model took for names) were facet values;
    "Baker", written capitalised inside sentences, is a name."""
    arts = [
        AE(persons=["Debtor"], case_votes={"Debtor": [3, 0]}),
        AE(orgs=["Truck"], case_votes={"Truck": [2, 1]}),
        AE(persons=["Baker"], case_votes={"Baker": [0, 2]}),
        AE(persons=["Baker"], case_votes={"Baker": [1, 0]}),
    ]
    c = build_canon(arts)
    assert c.persons(arts[0]) == [] and c.orgs(arts[1]) == []
    assert c.persons(arts[2]) == ["Baker"] and c.persons(arts[3]) == ["Baker"]


def test_name_the_model_typed_as_a_law_counts_where_the_archive_has_it_as_an_organisation() -> None:
    """GATT was missed where the model typed "the General Agreement on Tariffs and Trade" as a law; a law
    no article names as an organisation ("Clean Air Act") stays out."""
    gatt = "General Agreement on Tariffs and Trade"
    arts = [
        AE(orgs=[gatt], acronyms={"GATT": gatt}),
        AE(caps_orgs=[gatt]),
        AE(orgs=["Environmental Protection Agency"], caps_orgs=["Clean Air Act"]),
    ]
    c = build_canon(arts)
    assert c.orgs(arts[1]) == [gatt]
    assert c.orgs(arts[2]) == ["Environmental Protection Agency"]


def test_name_the_archive_writes_with_a_legal_form_is_no_person() -> None:
    """ "E.F. Hutton" typed as a person where the archive names "E.F. Hutton and Co"; a person who shares a
    word with a company ("Baker" beside "Baker International Corp") stays a person."""
    arts = [
        AE(persons=["E.F. Hutton"]),
        AE(orgs=["E.F. Hutton and Co"]),
        AE(persons=["James Baker"]),
        AE(orgs=["Baker International Corp"]),
    ]
    c = build_canon(arts)
    assert c.persons(arts[0]) == [] and c.persons(arts[2]) == ["James Baker"]


def test_place_is_no_person_or_organisation() -> None:
    """Issue 14: "the Uruguay round", "Paraguay", "Mali" in a list of countries were facet values. A country's
    own name, or the model's place spans of other articles two to one, make them places; a name typed both
    ways ("ICCO") and a city's name, which companies and people bear ("Toyota", "Hitachi"), stay."""
    arts = [
        AE(persons=["Mali"]),
        AE(orgs=["Paraguay", "Toyota", "Hitachi", "Bank of Japan"]),
        AE(persons=["Uruguay"], places=["Uruguay"]),
        AE(places=["Uruguay"]),
        AE(orgs=["ICCO"]),
        AE(places=["ICCO"]),
        AE(places=["ICCO"]),
        AE(orgs=["ICCO"]),
    ]
    c = build_canon(arts)
    assert c.persons(arts[0]) == [] and c.persons(arts[2]) == []
    assert set(c.orgs(arts[1])) == {"Toyota", "Hitachi", "Bank of Japan"}
    assert c.orgs(arts[4]) == ["ICCO"]


def test_company_name_is_no_short_form_of_a_long_form_that_is_no_company() -> None:
    """ "Monetary Compensatory Amounts (MCAs)" defines MCA once in the archive; "MCA Inc" (a film company)
    names a company and stays apart; a short form of a company's name still joins it ("Ford")."""
    arts = [
        AE(orgs=["Monetary Compensatory Amounts"], acronyms={"MCA": "Monetary Compensatory Amounts"}),
        AE(orgs=["MCA Inc"]),
        AE(orgs=["MCA"]),
        AE(orgs=["Ford Motor Co"], acronyms={"Ford": "Ford Motor Co"}),
        AE(orgs=["Ford"]),
    ]
    c = build_canon(arts)
    assert c.orgs(arts[1]) == ["MCA Inc"] and c.orgs(arts[0]) == ["Monetary Compensatory Amounts"]
    assert c.orgs(arts[2]) == ["MCA Inc"]  # the bare acronym: the company the archive names with it
    assert c.orgs(arts[4]) == ["Ford Motor Co"]


def _article(text: str, *items: tuple[str, str]) -> AE:
    """The article's entities from the model's spans given here (surface, label), as the build gives them to
    the canon: with the words of its text."""
    spans = []
    for surface, label in items:
        i = text.index(surface)
        spans.append((i, i + len(surface), label))
    ae = postprocess(text, spans)
    ae.prose = prose_case(text)
    return ae


def test_word_the_archive_writes_in_lower_case_is_no_value() -> None:
    """Issue 14, round 6: "Cathode" and "Grappling" (sentence starts the model took for people, written there
    only capitalised) were person values; the archive's other articles write "cathode" and "grappling" in
    lower case, so they are words. "Baker", capitalised wherever the archive writes it, stays."""
    arts = [
        _article(
            "Copper stocks fell in January.\n\nCathode inventories at rod mills fell. Cathode use by mills rose.\n",
            ("Cathode", "PERSON"),
        ),
        _article("Grappling with the need to raise taxes, the House voted.\n", ("Grappling", "PERSON")),
        _article("Refined copper cathode output rose, and cathode premiums fell while traders were grappling "
                 "with the strike. Prices of cathode were firm.\n"),
        _article("Treasury Secretary James Baker said on Monday that Baker would meet the ministers.\n",
                 ("James Baker", "PERSON"), ("Baker", "PERSON")),
        _article("Officials said Baker told the Senate that growth was slow.\n", ("Baker", "PERSON")),
    ]
    c = build_canon(arts)
    assert c.persons(arts[0]) == [] and c.persons(arts[1]) == []
    assert c.persons(arts[4]) == ["James Baker"]
    # without the other articles' words nothing tells the names from words: they stay
    alone = [AE(persons=a.persons, case_votes=a.case_votes) for a in arts[:2]]
    c = build_canon(alone)
    assert c.persons(alone[0]) == ["Cathode"] and c.persons(alone[1]) == ["Grappling"]


def test_name_every_article_writes_only_as_a_place_or_a_product_is_no_value() -> None:
    """Real Reuters sentences: "near Maribor", "its 1986 Encore", "1987 Jeep Comanche models" (the model's
    organisations) are a town and cars; a stake or shareholders in a company, a result line ("Arsenal 2
    Chelsea 1"), a count ("40 Central Reserve Police Force personnel") and a name some article writes otherwise
    ("Maribor said") keep their values."""
    arts = [
        _article("Rain fell along a line running northwest from Belgrade to near Maribor, the counselor said.\n",
                 ("Maribor", "ORG")),
        _article("AMC has been offering up to 500 dlrs rebates on its 1986 Encore cars and low rates on new 1986 "
                 "and 1987 Jeep Comanche models.\n", ("Encore", "ORG"), ("Jeep Comanche", "ORG")),
        _article("Shareholders in Banque Bruxelles Lambert approved it. Skanska raised its stake in Cyclops "
                 "Corp.\n", ("Banque Bruxelles Lambert", "ORG"), ("Cyclops Corp", "ORG")),
        _article("Results: Arsenal 2 Chelsea 1.\n", ("Arsenal", "ORG"), ("Chelsea", "ORG")),
        # a count of the body's members or shops is no model's number (the shipped article 000; Reuters)
        _article("A suicide bomber killed 40 Central Reserve Police Force personnel. Sales include 65 Medi Mart "
                 "drugstores.\n", ("Central Reserve Police Force", "ORG"), ("Medi Mart", "ORG")),
    ]
    c = build_canon(arts)
    assert c.orgs(arts[0]) == [] and c.orgs(arts[1]) == []
    assert c.orgs(arts[2]) == ["Banque Bruxelles Lambert", "Cyclops Corp"]
    assert c.orgs(arts[3]) == ["Arsenal", "Chelsea"]
    assert c.orgs(arts[4]) == ["Central Reserve Police Force", "Medi Mart"]
    named = _article("Maribor said the plant would close.\n", ("Maribor", "ORG"))
    c = build_canon([*arts, named])
    assert c.orgs(arts[0]) == ["Maribor"] and c.orgs(named) == ["Maribor"]


def test_places_by_their_own_phrases_are_no_values() -> None:
    """Real Reuters sentences: "the southern city of Malaga", "a base at Nea Makri, north of Athens" (the
    model's organisations) are places; a company named beside a town ("Cyclops Corp, north of Pittsburgh")
    keeps its value."""
    arts = [
        _article("In the southern city of Malaga, citrus growers dumped lemons.\n", ("Malaga", "ORG")),
        _article("Greece asked Washington to close its base at Nea Makri, north of Athens.\n", ("Nea Makri", "ORG")),
        _article("Dixons bought Cyclops Corp, north of Pittsburgh.\n", ("Cyclops Corp", "ORG")),
    ]
    c = build_canon(arts)
    assert c.orgs(arts[0]) == [] and c.orgs(arts[1]) == [] and c.orgs(arts[2]) == ["Cyclops Corp"]


def test_two_halves_of_one_name_are_no_values_a_list_keeps_its_names() -> None:
    """ "Duff and Phelps" (a rating agency the model split into two people), written only so: no "Duff" and
    no "Phelps" values; "Texaco and Chevron", repeated word for word in one article, keeps both names where the
    archive's other articles name them on their own."""
    arts = [
        _article("Duff and Phelps lowered its rating. Duff and Phelps said debt rose.\n",
                 ("Duff", "PERSON"), ("Phelps", "PERSON")),
        _article("Texaco and Chevron raised prices. Texaco and Chevron said demand rose.\n",
                 ("Texaco", "ORG"), ("Chevron", "ORG")),
        _article("Texaco said output fell, and Chevron cut its prices.\n", ("Texaco", "ORG"), ("Chevron", "ORG")),
    ]
    c = build_canon(arts)
    assert c.persons(arts[0]) == []
    assert c.orgs(arts[1]) == ["Texaco", "Chevron"]
    assert build_canon(arts[:2]).orgs(arts[1]) == []  # nothing in the archive says the list is no one name


def test_phrase_the_archive_writes_in_lower_case_is_no_value() -> None:
    """Issue 14, round 7, real Reuters sentences: "Board of Directors" (an organisation of the model) is a
    phrase the archive's other articles write in lower case ("its board of directors"), so no value; "the
    transportation department" written twice in lower case against once as the name is no evidence (two to
    one is not more than two to one): the Transportation Department stays."""
    arts = [
        _article("It added that the proposal has been referred to its Board of Directors for consideration.\n",
                 ("Board of Directors", "ORG")),
        _article("The group may try to gain control of the company through representation on its board of "
                 "directors.\n"),
        _article("Officials of the parties agreed at a meeting of the committee's board of directors.\n"),
        _article("The offer needs Transportation Department approval, USAir said.\n",
                 ("Transportation Department", "ORG")),
        _article("USAir called on the transportation department to reject TWA's request. The transportation "
                 "department also rejected a request by the Teamsters Union.\n"),
        _article("The bank also said its board of directors would meet next week.\n"),
    ]
    c = build_canon(arts)
    assert c.orgs(arts[0]) == []
    assert c.orgs(arts[3]) == ["Transportation Department"]
    # without the other articles' words the phrase stays a value
    c = build_canon(arts[:1])
    assert c.orgs(arts[0]) == ["Board of Directors"]


def test_short_form_defined_only_by_lower_case_words_is_no_value() -> None:
    """ "video tape recorder (VTR)" defines a thing's short form: VTR is no organisation wherever the archive
    names it; "International Coffee Organization (ICO)" defines an organisation's, which stays."""
    arts = [
        _article("Japan's video tape recorder (VTR) exports fell to 1.73 mln sets in February.\n", ("VTR", "ORG")),
        _article("VTR makers said output would fall.\n", ("VTR", "ORG")),
        _article("The special meeting of the International Coffee Organization (ICO) council was called.\n",
                 ("International Coffee Organization", "ORG"), ("ICO", "ORG")),
    ]
    c = build_canon(arts)
    assert c.orgs(arts[0]) == [] and c.orgs(arts[1]) == []
    assert c.orgs(arts[2]) == ["International Coffee Organization"]


def test_name_beginning_with_a_closing_legal_form_is_no_value() -> None:
    """ "Co Pte Ltd", the model's tail of "<Teck Hock and Co Pte Ltd>" (a real Reuters line, as the model sees it,
    and its spans: "Teck Hock" a person, "Co Pte Ltd" an organisation), is no organisation; "NV Philips
    Gloeilampenfabrieken", whose legal form comes first, is one."""
    arts = [
        _article("The nine creditor banks of international coffee trader  Teck Hock and Co Pte Ltd  met today.\n",
                 ("Teck Hock", "PERSON"), ("Co Pte Ltd", "ORG")),
        _article("NV Philips Gloeilampenfabrieken said it had agreed with Matsushita.\n",
                 ("NV Philips Gloeilampenfabrieken", "ORG")),
    ]
    c = build_canon(arts)
    assert c.orgs(arts[0]) == []
    assert c.orgs(arts[1]) == ["NV Philips Gloeilampenfabrieken"]


def test_second_half_of_a_company_split_at_and_is_no_value_a_list_keeps_its_names() -> None:
    """Issue 14, round 7, real Reuters sentences with the model's spans: "Sumitomo Trust" + "Banking Co Ltd" and
    "Southern Bell Telephone" + "Telegraph Co's" are one company each, split at "and", the first half written
    nowhere else: neither half is a value. A list keeps its names: "UBS, Credit Suisse and Swiss Bank Corp" (after
    a comma), "between Daewoo Group and General Motors Corp" (a name of its own before "and")."""
    arts = [
        _article("It said this was the first facility of its kind. Sumitomo Trust and Banking Co Ltd has agreed to "
                 "provide the letter of credit.\n", ("Sumitomo Trust", "ORG"), ("Banking Co Ltd", "ORG")),
        _article("Geonex Corp said BellSouth Corp unit Southern Bell Telephone and Telegraph Co's decision to "
                 "postpone the start up was a setback.\n", ("Geonex Corp", "ORG"), ("BellSouth Corp", "ORG"),
                 ("Southern Bell Telephone", "ORG"), ("Telegraph Co's", "ORG")),
        _article("The three -- UBS, Credit Suisse and Swiss Bank Corp --provided an initial 409 mln franc credit.\n",
                 ("UBS", "ORG"), ("Credit Suisse", "ORG"), ("Swiss Bank Corp", "ORG")),
        _article("Daewoo Motor Corp, the Korea-based joint venture between Daewoo Group and General Motors Corp, "
                 "said it will boost its imports.\n", ("Daewoo Motor Corp", "ORG"), ("Korea", "GPE"),
                 ("Daewoo Group", "ORG"), ("General Motors Corp", "ORG")),
    ]
    c = build_canon(arts)
    assert c.orgs(arts[0]) == []
    assert c.orgs(arts[1]) == ["Geonex Corp", "BellSouth Corp"]
    assert c.orgs(arts[2]) == ["UBS", "Credit Suisse", "Swiss Bank Corp"]
    assert c.orgs(arts[3]) == ["Daewoo Motor Corp", "Daewoo Group", "General Motors Corp"]
