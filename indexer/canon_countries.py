"""Country prefixes of government departments for the canon ("US State Department" = "State Department"): one
code per country."""

COUNTRY_PREFIXES = {
    "us": "us", "u s": "us", "usa": "us", "american": "us", "united states": "us",
    "uk": "gb", "british": "gb", "britain": "gb", "united kingdom": "gb",
    "india": "in", "indian": "in", "pakistan": "pk", "pakistani": "pk", "china": "cn", "chinese": "cn",
    "russia": "ru", "russian": "ru", "france": "fr", "french": "fr", "germany": "de", "german": "de",
    "japan": "jp", "japanese": "jp", "italy": "it", "italian": "it", "spain": "es", "spanish": "es",
    "canada": "ca", "canadian": "ca", "australia": "au", "australian": "au", "brazil": "br",
    "brazilian": "br", "mexico": "mx", "mexican": "mx", "iran": "ir", "iranian": "ir", "iraq": "iq",
    "iraqi": "iq", "israel": "il", "israeli": "il", "afghan": "af", "afghanistan": "af",
    "bangladesh": "bd", "bangladeshi": "bd", "sri lanka": "lk", "sri lankan": "lk", "nepal": "np",
    "turkey": "tr", "turkish": "tr", "egypt": "eg", "egyptian": "eg", "saudi": "sa", "saudi arabia": "sa",
    "south africa": "za", "south african": "za", "nigeria": "ng", "nigerian": "ng", "kenya": "ke",
    "kenyan": "ke", "korea": "kr", "korean": "kr", "south korean": "kr", "north korean": "kp",
    "indonesia": "id", "indonesian": "id", "malaysia": "my", "malaysian": "my", "philippine": "ph",
    "philippines": "ph", "thai": "th", "thailand": "th", "vietnam": "vn", "vietnamese": "vn",
    "poland": "pl", "polish": "pl", "dutch": "nl", "netherlands": "nl", "belgian": "be", "belgium": "be",
    "swiss": "ch", "switzerland": "ch", "swedish": "se", "sweden": "se", "norway": "no", "norwegian": "no",
    "ukraine": "ua", "ukrainian": "ua", "argentina": "ar", "argentine": "ar", "syria": "sy", "syrian": "sy",
    "new zealand": "nz", "irish": "ie", "ireland": "ie", "greek": "gr", "greece": "gr",
    "austrian": "at", "austria": "at", "danish": "dk", "denmark": "dk", "finnish": "fi", "finland": "fi",
    "portugal": "pt", "portuguese": "pt", "chile": "cl", "chilean": "cl", "colombia": "co",
    "colombian": "co", "peru": "pe", "peruvian": "pe", "venezuela": "ve", "venezuelan": "ve",
    "taiwan": "tw", "taiwanese": "tw", "singapore": "sg", "jordan": "jo", "jordanian": "jo",
    "lebanon": "lb", "lebanese": "lb", "qatar": "qa", "kuwait": "kw", "kuwaiti": "kw", "uae": "ae",
}  # fmt: skip
