"""Issue 14, round 8: the archive's own evidence against junk facet values, on real Reuters sentences and the
model's spans as given here, through the rule layer and the canon as a build runs them."""

from __future__ import annotations

from indexer.canon import build_canon
from indexer.entities import ArticleEntities as AE
from indexer.entities import entities_from_spans, model_view, prose_case
from indexer.entities.modelview import dateline_place


def _wire(text: str, *items: tuple[str, str]) -> AE:
    """The article's entities as the build gives them to the canon: the model's spans (surface, label, first
    occurrence in the text the model reads) through the rule layer, with the words of its text."""
    view = model_view(text)
    spans = []
    for surface, label in items:
        i = view.index(surface)
        spans.append((i, i + len(surface), label))
    ae = entities_from_spans(view, spans, text)
    ae.prose = prose_case(text)
    return ae


def test_short_forms_defined_by_lower_case_words_in_any_form_are_no_values() -> None:
    """ "an exchange for physical or EFP", "a VAT (value added tax)", "letter of credit (LOC)" (the function word
    counted) define a thing's short form: no organisation. "the International Coffee Organization (ICO)" defines
    an organisation's, which stays."""
    arts = [
        _wire("Currently, at least one trader in this transaction, called an exchange for physical or EFP, must hold "
              "a futures position before entering into the transaction.\n", ("EFP", "ORG")),
        _wire('He said "they don\'t have the energy or appetite to endorse a radical new tax like a VAT (value added '
              'tax)," the senator said.\n', ("VAT", "ORG")),
        _wire("The bank issued a letter of credit (LOC) to back the notes.\n", ("LOC", "ORG")),
        _wire("The special meeting of the International Coffee Organization (ICO) council was called.\n",
              ("International Coffee Organization", "ORG"), ("ICO", "ORG")),
        _wire("ICO members met in London.\n", ("ICO", "ORG")),
    ]
    c = build_canon(arts)
    assert [c.orgs(a) for a in arts[:3]] == [[], [], []]
    assert c.orgs(arts[4]) == ["International Coffee Organization"]


def test_a_name_after_a_quantity_is_a_unit_a_company_whose_shares_are_counted_stays() -> None:
    """ "approved 125.9 mln SDR's": a currency unit, no organisation; "1.25 mln Viacom shares" counts the shares
    of a company, which stays."""
    arts = [
        _wire("The International Monetary Fund said it approved 125.9 mln SDR's to assist development in Jamaica.\n",
              ("International Monetary Fund", "ORG"), ("SDR", "ORG")),
        _wire("The group said it bought 1.25 mln Viacom shares at 35 dlrs.\n", ("Viacom", "ORG")),
    ]
    c = build_canon(arts)
    assert c.orgs(arts[0]) == ["International Monetary Fund"]
    assert c.orgs(arts[1]) == ["Viacom"]


def test_a_name_the_archive_datelines_is_a_place_a_firm_named_after_its_own_town_stays() -> None:
    """ "Rotterdam's general cargo sector" (the model: a person) in an article datelined ROTTERDAM: the archive's
    datelines name it as a place, so it is no person. Corning Glass Works, datelined CORNING, keeps "Corning"
    (a firm named after the town of its own dateline); nothing else datelines a place called Corning."""
    arts = [
        _wire("ROTTERDAM, March 2 - Dutch port and transport union, FNV, agreed to reconvene talks to end strikes "
              "that have disrupted Rotterdam's general cargo sector for six weeks, a union spokesman said.\n",
              ("FNV", "ORG"), ("Rotterdam", "PERSON")),
        _wire("ROTTERDAM, March 5 - Dutch Social Affairs Minister Louw de Graaf said he is withdrawing the subsidy.\n",
              ("Louw de Graaf", "PERSON")),
        _wire("CORNING, N.Y., March 2 - Corning Glass Works said the exchange ratio has been set at 0.5165 Corning "
              "common share for each Hazleton share.\n", ("Corning", "ORG")),
    ]
    assert arts[0].dateline == "ROTTERDAM" and arts[2].dateline == "CORNING"
    arts = [AE.from_json(a.to_json()) for a in arts]  # as the extraction cache gives them back to the canon
    c = build_canon(arts)
    assert c.persons(arts[0]) == [] and c.persons(arts[1]) == ["Louw de Graaf"]
    assert c.orgs(arts[2]) == ["Corning"]
    assert build_canon(arts[:1]).persons(arts[0]) == []  # its own dateline is enough for a "person"


def test_a_fragment_written_inside_a_longer_name_the_archive_names_is_that_name() -> None:
    """ "after Standard and Poor's Corp today downgraded": the model's "Poor's Corp" (and "Standard") is written
    inside "Standard and Poor's Corp", a name another article has whole: the article's value is that name (before,
    round 7's split-company pass dropped both halves). Without that other article nothing says the longer words
    are one name: no value is made up from them."""
    arts = [
        _wire("Baker was asked about such loans after Standard and Poor's Corp today downgraded the debt of six "
              "major money centre bank holding companies.\n", ("Standard", "PERSON"), ("Poor's Corp", "ORG")),
        _wire("Standard and Poor's Corp said it affirmed the ratings.\n", ("Standard and Poor's Corp", "ORG")),
    ]
    assert AE.from_json(arts[0].to_json()).runs == arts[0].runs != {}
    c = build_canon(arts)
    assert c.orgs(arts[0]) == ["Standard and Poor's Corp"]
    assert c.orgs(arts[1]) == ["Standard and Poor's Corp"]
    assert build_canon(arts[:1]).orgs(arts[0]) == []


def test_a_one_word_organisation_that_is_a_surname_the_archive_names_more_is_no_organisation() -> None:
    """ "When the talks began on Monday Xuto said" (the model: an organisation) where the archive names Manaspas
    Xuto as a person: a surname, no organisation. "Ford" stays an organisation while the archive names Ford Motor
    Co more often than people called Ford."""
    arts = [
        _wire("Conference chairman Manaspas Xuto of Thailand has said it was imperative to settle outstanding issues "
              "this week.\n", ("Manaspas Xuto", "PERSON")),
        _wire("When the talks began on Monday Xuto said those issues should be settled by the end of the first "
              "week.\n", ("Xuto", "ORG")),
        _wire("Ford said its car sales fell 12 pct in the period.\n", ("Ford", "ORG")),
        _wire("Ford Motor Co said it would raise prices.\n", ("Ford Motor Co", "ORG")),
        _wire("Former President Gerald Ford said he backed the plan.\n", ("Gerald Ford", "PERSON")),
    ]
    c = build_canon(arts)
    assert c.persons(arts[0]) == ["Manaspas Xuto"] and c.orgs(arts[1]) == []
    assert c.orgs(arts[2]) == ["Ford"] and c.persons(arts[4]) == ["Gerald Ford"]
    assert build_canon(arts[1:]).orgs(arts[1]) == ["Xuto"]  # no person of that surname: nothing says otherwise


def test_a_person_with_a_word_only_organisations_names_have_is_no_person() -> None:
    """ "lead manager Swiss Volksbank said" (the model: a person): "Swiss" is a word of three organisations' names
    of the archive and of no other person's, and "Swiss" begins no person's name: no person. The people named
    beside it stay."""
    arts = [
        _wire("The coupon has been cut to 1-5/8 pct from the indicated 1-7/8 pct, lead manager Swiss Volksbank "
              "said.\n", ("Swiss Volksbank", "PERSON")),
        _wire("The three -- UBS, Credit Suisse and Swiss Bank Corp -- provided an initial 409 mln franc credit.\n",
              ("Swiss Bank Corp", "ORG")),
        _wire("Markus Lusser, vice-president of the Swiss National Bank, said he was sceptical of the accord.\n",
              ("Markus Lusser", "PERSON"), ("Swiss National Bank", "ORG")),
        _wire("Chase will also be a dealer for the program, along with Swiss Bank Corporation International Ltd.\n",
              ("Swiss Bank Corporation International Ltd", "ORG")),
    ]
    c = build_canon(arts)
    assert c.persons(arts[0]) == [] and c.persons(arts[2]) == ["Markus Lusser"]
    assert build_canon(arts[:2]).persons(arts[0]) == ["Swiss Volksbank"]  # one organisation with the word: too few


def test_datelines_with_a_two_word_country_or_in_mixed_case_name_a_place() -> None:
    """ "TAUPO, New Zealand, March 23 -" and "Calgary, Alberta, March 16 -" are datelines: not fed to the model as
    sentences, and their place is the article's dateline, so "the Taupo meeting" (the model: a person) is a place
    the archive datelines, no person."""
    arts = [
        _wire("TAUPO, New Zealand, March 23 - Long term pressure by trade ministers is necessary, New Zealand Trade "
              "Minister Mike Moore said.\n    Moore said the Taupo meeting is one of a series of such international "
              "gatherings.\n", ("Mike Moore", "PERSON"), ("Taupo", "PERSON")),
        _wire("TAUPO, New Zealand, March 22 - Ministers from more than 20 nations were told by New Zealand that the "
              "world trade talks must succeed.\n"),
        _wire("Calgary, Alberta, March 16 - Nova said it received government approval.\n", ("Nova", "ORG")),
    ]
    assert [a.dateline for a in arts] == ["TAUPO", "TAUPO", "Calgary"]
    assert model_view("Calgary, Alberta, March 16 - Nova said").lstrip() == "Nova said"
    c = build_canon([AE.from_json(a.to_json()) for a in arts])
    assert c.persons(arts[0]) == ["Mike Moore"] and c.orgs(arts[2]) == ["Nova"]


def test_a_headline_in_capitals_and_a_full_name_s_surname_are_no_evidence_of_the_other_type() -> None:
    """A headline's "MEETS NASDAQ" (the model: a person) does not make the exchange a surname; "Norma Brown, major
    general US Air Force retired" stays a person although three firms' names have "Brown", a surname."""
    arts = [
        _wire("PAR PHARMACEUTICAL MEETS NASDAQ LISTING TERMS\nPar Pharmaceutical said it meets Nasdaq listing terms.\n",
              ("MEETS NASDAQ", "PERSON"), ("Nasdaq", "ORG")),
        _wire("Geico Corp said it named two board members, W. Reid Thompson and Norma Brown, major general US Air "
              "Force retired.\n", ("Geico Corp", "ORG"), ("W. Reid Thompson", "PERSON"), ("Norma Brown", "PERSON")),
        _wire("The company named Alex. Brown and Sons Inc as lead manager.\n", ("Alex. Brown and Sons Inc", "ORG")),
        _wire("Brown-Forman Inc said it raised its dividend.\n", ("Brown-Forman Inc", "ORG")),
        _wire("Brown Brothers Harriman and Co said it was named trustee.\n", ("Brown Brothers Harriman and Co", "ORG")),
    ]
    arts[0].persons.append("MEETS NASDAQ")  # as the model typed the headline words, whatever the rule layer keeps
    c = build_canon(arts)
    assert c.orgs(arts[0]) == ["Nasdaq"]
    assert "Norma Brown" in c.persons(arts[1])


def test_a_country_s_whole_name_of_several_words_is_no_person_or_organisation() -> None:
    """ "Aqazadeh is in the United Arab Emirates (UAE)" (the model: an organisation) and "Kaputin said Papua New
    Guinea was experiencing a boom" (a person, as the model typed it in that article) name countries: every word of
    each is a word of the country's short names, though the country's pattern also finds it in "Arab Emirates" or
    "New Guinea". Names with a word of their own stay: the Saudi Arabian Monetary Agency, the Bank of Korea, Kuwait
    Petroleum Co."""
    arts = [
        _wire("Iranian Oil Minister Gholamreza Aqazadeh is in the United Arab Emirates (UAE) to discuss oil prices and "
              "the general market situation, Iranian officials accompanying him said.\n",
              ("Gholamreza Aqazadeh", "PERSON"), ("United Arab Emirates", "ORG")),
        _wire("Kaputin said Papua New Guinea was experiencing a boom with exploration companies spending about 60 "
              "mln kina annually.\n", ("Kaputin", "PERSON"), ("Papua New Guinea", "PERSON")),
        _wire("The yield on 30-day bankers security deposit accounts issued this week by the Saudi Arabian Monetary "
              "Agency (SAMA) fell to 5.84073 pct.\n", ("Saudi Arabian Monetary Agency", "ORG")),
        _wire("The Bank of Korea will issue the bonds, to be launched with an annual interest rate of 11 pct.\n",
              ("Bank of Korea", "ORG")),
        _wire("The company was acquired by Kuwait Petroleum Co in 1982 for two billion dlrs.\n",
              ("Kuwait Petroleum Co", "ORG")),
    ]
    c = build_canon(arts)
    assert c.orgs(arts[0]) == [] and c.persons(arts[1]) == ["Kaputin"]
    assert [c.orgs(a) for a in arts[2:]] == [
        ["Saudi Arabian Monetary Agency"], ["Bank of Korea"], ["Kuwait Petroleum Co"]
    ]


def test_an_organisation_the_model_cut_after_its_first_word_is_its_whole_name() -> None:
    """ "Norfolk Southern said it will locate its headquarters in the tower": the model's organisation "Southern"
    has "Norfolk" glued before it wherever it is written, a word of another name of the archive that its prose
    capitalises inside sentences: the value is the whole name (here one with Norfolk Southern Corp), where before
    it was "Southern". A sentence's first word is no part of a name ("But": no word capitalised inside a
    sentence), nor a name before a join ("Toshin Steel Co Ltd and Azuma Steel Co Ltd": two companies)."""
    arts = [
        _wire("Norfolk Southern said it will locate its headquarters in the tower and occupy the 17th through 21st "
              "floors.\n", ("Southern", "ORG")),
        _wire("Piedmont has an outstanding 65 dlr cash per share offer from Norfolk Southern Corp.\n",
              ("Piedmont", "ORG"), ("Norfolk Southern Corp", "ORG")),
        _wire("But Mining Industry Council officials said the figures were not final.\n",
              ("Mining Industry Council", "ORG")),
        _wire("Toshin Steel Co Ltd and Azuma Steel Co Ltd, affiliates of Nippon Kokan KK, are considering a merger, "
              "company spokesmen said.\n", ("Toshin Steel Co Ltd", "ORG"), ("Azuma Steel Co Ltd", "ORG")),
    ]
    assert arts[0].runs == {"Southern": [["Norfolk", ""]]}
    c = build_canon(arts)
    assert c.orgs(arts[0]) == ["Norfolk Southern Corp"] and c.orgs(arts[1]) == ["Piedmont", "Norfolk Southern Corp"]
    assert c.orgs(arts[2]) == ["Mining Industry Council"]
    assert sorted(c.orgs(arts[3])) == ["Azuma Steel Co Ltd", "Toshin Steel Co Ltd"]


def test_datelines_with_a_month_in_any_case_no_comma_or_the_day_first_name_a_place() -> None:
    """Round 10: the wire's own typing of datelines ("Bogota, march 4 -", "PITTSBURGH, MArch 2 -", "JOHANNESBURG
    March 13 -", "AMSTERDAM, 2 March -", "LONDON, March 16-", "KANSAS CITY, Mo. - March 13 -") is read as a dateline:
    not fed to the model as a sentence ("RYE BROOK, N.Y., MArch 2 -" was an organisation), the article's place."""
    lines = {
        "Bogota, march 4 - the sharp fall in international coffee prices will not affect colombia's external "
        "credit situation, finance minister cesar gaviria told reuters.": "Bogota",
        "PITTSBURGH, MArch 2 - Bayer AG of West Germany said it has acquired Wyrough and Loser Inc of Trenton.":
            "PITTSBURGH",
        "JOHANNESBURG March 13 - Shr 516 cts vs 347": "JOHANNESBURG",
        "AMSTERDAM, 2 March - The Dutch Central Bank said it has accepted bids totalling 4.8 billion guilders.":
            "AMSTERDAM",
        "LONDON, March 16- Shr 25.7p vs 21.5p": "LONDON",
        "KANSAS CITY, Mo. - March 13 - American City Business Journals Inc said it declared an initial dividend.":
            "KANSAS CITY",
        "Mexico city, march 18 - mexico's proven reserves of liquid hydrocarbons at end-1986 were 70 billion "
        "barrels.": "Mexico city",
    }
    assert [dateline_place(t) for t in lines] == list(lines.values())
    assert model_view("PITTSBURGH, MArch 2 - Bayer AG of West Germany said").lstrip() == "Bayer AG of West Germany said"
    assert dateline_place("New Zealand said, in March 4 talks, it would") == ""


def test_a_person_every_mention_of_which_a_legal_form_follows_is_a_company_s_name() -> None:
    """ "General Electric Credit Corp is issuing ...": the model's person "Electric Credit" is followed by "Corp"
    wherever the archive names it, so it is part of a company's name, no person. Ivan F. Boesky, followed once by
    "and Co LP" (his partnership) and once not, stays a person."""
    arts = [
        _wire("General Electric Credit Corp is issuing a 75 mln Australian dlr eurobond due April 16, 1990 paying 15 "
              "pct and priced at 101-3/8 pct, lead manager Hambros Bank Ltd said.\n",
              ("Electric Credit", "PERSON"), ("Hambros Bank Ltd", "ORG")),
        _wire("Georgia Gulf Corp said it filed for a secondary offering of 4.8 mln shares of common stock, which "
              "will be sold by General Electric Co's <GE> General Electric Credit Corp unit and Georgia-Pacific Corp "
              "<GP>.\n",
              ("Georgia Gulf Corp", "ORG"), ("General Electric Co", "ORG"), ("Electric Credit", "PERSON")),
        _wire("A group of limited partners has filed suit in U.S. District Court in New York against Ivan F. Boesky "
              "and others, alleging that Boesky deceived them into investing in his partnership Ivan F. Boesky and Co "
              "LP through the preparation of deceptive partnership documents.\n", ("Ivan F. Boesky", "PERSON")),
    ]
    assert "Electric Credit" in arts[0].persons + arts[1].persons  # as the model typed it
    c = build_canon(arts)
    assert c.persons(arts[0]) == [] and c.persons(arts[1]) == []
    assert c.orgs(arts[0]) == ["Hambros Bank Ltd"]
    assert c.persons(arts[2]) == ["Ivan F. Boesky"]


def test_a_person_the_archive_names_only_after_an_article_is_a_thing_named_after_them() -> None:
    """ "the biggest investor, the Bass family of Texas", "We must support the Majlis. The Majlis must take sides":
    a name that every mention writes right after "the" or "a" is a family, a thing or a body, no person. "according
    the H.W. Lichtenberger, president of Chemicals and Plastics" (a comma after the name: an appositive) stays."""
    arts = [
        _wire("Pesch said he has discussed his takeover bid with several large shareholders, including the biggest "
              "investor, the Bass family of Texas. However, the Bass family has not indicated support one way or the "
              "other for his offer, he said.\n", ("Pesch", "PERSON"), ("Bass", "PERSON")),
        _wire('"We must support the Majlis. The Majlis must take sides with the nation. We must support the government '
              'and it must serve the nation," he said.\n', ("Majlis", "PERSON")),
        _wire("Union Carbide Corp is looking to acquisitions and joint ventures to aid its chemicals and plastics "
              "growth, according the H.W. Lichtenberger, president of Chemicals and Plastics.\n",
              ("Union Carbide Corp", "ORG"), ("H.W. Lichtenberger", "PERSON")),
    ]
    assert "Bass" in arts[0].persons and "Majlis" in arts[1].persons  # the rule layer keeps them; the archive decides
    c = build_canon(arts)
    assert c.persons(arts[0]) == ["Pesch"] and c.persons(arts[1]) == []
    assert c.persons(arts[2]) == ["H.W. Lichtenberger"]


def test_a_surname_of_several_words_joins_the_only_full_name_ending_with_it() -> None:
    """ "Portuguese Prime Minister Anibal Cavaco Silva said ..." and, in another article, "Cavaco Silva said he would
    go to Peking": the surname of two words ends one full name of the archive, so it is that person, one value (as a
    one-word surname joins its only full name). A surname that ends two full names stays its own value
    (tests/test_canon.py)."""
    arts = [
        _wire("Portuguese Prime Minister Anibal Cavaco Silva said Portugal would hand back Macao to China on December "
              "20, 1999.\n", ("Anibal Cavaco Silva", "PERSON")),
        _wire("Cavaco Silva said he would go to Peking in the first half of next month to formally sign the agreement "
              "with China.\n", ("Cavaco Silva", "PERSON")),
    ]
    c = build_canon(arts)
    assert c.persons(arts[1]) == ["Anibal Cavaco Silva"]


def test_a_results_table_s_row_label_and_a_name_ending_in_a_legal_form_are_no_person() -> None:
    """ "Shr loss 1.98 dlrs vs loss 5.24 dlrs Net loss 23.3 mln vs loss 44.8 mln Revs 13.6 mln vs 29.6 mln" (an
    earnings table the reader joined into one line; the model: "Revs", a person) labels a row, no name. "an option
    held by Nobel Industrier Sweden AB" (the model: a person) ends in a company's legal form."""
    arts = [
        _wire("Shr loss 1.98 dlrs vs loss 5.24 dlrs Net loss 23.3 mln vs loss 44.8 mln Revs 13.6 mln vs 29.6 mln "
              "Note: 1986 net includes nine mln dlr extraordinary loss for oil and gas writedowns.\n",
              ("Revs", "PERSON")),
        _wire("A statement issued by the Wallenberg holding companies AB Investor and Forvaltnings AB Providentia said "
              "they had taken over an option held by Nobel Industrier Sweden AB to acquire 33 pct of the voting rights "
              "in Swedish Match.\n", ("Nobel Industrier Sweden AB", "PERSON")),
    ]
    assert arts[0].persons == ["Revs"] or arts[0].numbered == ["Revs"]
    c = build_canon(arts)
    assert c.persons(arts[0]) == [] and c.persons(arts[1]) == []


def test_an_organisation_after_the_an_acronym_after_a_comma_and_prose_before_figures_stay() -> None:
    """What the three rules above leave alone (held-out articles, read after the first held-out run): "The U.S. Army
    has delayed plans" (an organisation; "from the U.S. Army", where the rule layer makes it a person, counts against
    the person only); "David Haggard, ASA president" (ASA, the American Soybean Association the article defines, is
    no legal form); "Net excludes discontinued Massachusetts Casualty operations loss 5,180,000 dlrs vs gain" (no
    table row starts there)."""
    arts = [
        _wire("The U.S. Army has delayed plans to buy a European anti-aircraft missile to help protect U.S.\n",
              ("U.S. Army", "ORG")),
        _wire("Datametrics Corp said it won a 4.9-mln-dlr contract from the U.S. Army.\n",
              ("Datametrics Corp", "ORG"), ("U.S. Army", "ORG")),
        _wire("Foreign soybean production will increase, the president of the American Soybean Association, ASA, "
              "said.\n\n\"USDA can dodge and dart around it as much as they want, but they have to eventually address "
              "this problem,\" David Haggard, ASA president, told Reuters.\n",
              ("American Soybean Association", "ORG"), ("ASA", "ORG"), ("David Haggard", "PERSON")),
        _wire("Net excludes discontinued Massachusetts Casualty operations loss 5,180,000 dlrs vs gain 1,200,000 "
              "dlrs.\n", ("Massachusetts Casualty", "ORG")),
    ]
    assert arts[1].articled == ["U.S. Army"]  # the rule layer's person
    c = build_canon(arts)
    assert c.orgs(arts[0]) == ["U.S. Army"]
    assert c.persons(arts[2]) == ["David Haggard"]
    assert c.orgs(arts[3]) == ["Massachusetts Casualty"]
