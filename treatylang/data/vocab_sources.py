"""The facts behind ``actors.tsv`` and ``country_names.tsv`` (run by make_tables).

Sources, and why each table says what it says:

* ISO 3166-1 alpha-3 codes and names: Debian's ``iso-codes`` package
  (``/usr/share/iso-codes/json/iso_3166-1.json``), read at build time. Chosen
  over ``pycountry`` (which wraps the same data) because it is a plain data
  file, and because ``pycountry``'s lookup heuristics are traps for event
  data: ``lookup("NA")`` is Namibia, fuzzy "Kosovo" is Serbia.
* Former codes: ISO 3166-3 (``iso_3166-3.json``, same package) gives the
  code and ISO's withdrawal date. ISO withdraws a code months after a state
  ends, so ``FORMER`` below records the day the state itself ended (the
  historical fact a clause's date is compared with), not ISO's date.
* Which ISO 3166-1 entries are dependent territories rather than states:
  ``TERRITORIES`` (the UN's 193 members, the two observer states VAT and
  PSE, Taiwan, and the Cook Islands and Niue — which conduct their own
  foreign relations — are states; the rest of ISO 3166-1 are territories).
  Contested statehood (PSE, TWN, XKX, ESH) is listed in ``CONTESTED``.
* CAMEO's own country codes, sub-state places and regions: the CAMEO
  codebook's country list as GDELT publishes it (``CAMEO.country.txt``):
  ``TMP`` East Timor, ``ROM`` Romania, ``MTN`` Montenegro, ``IMY`` Isle of
  Man, ``ANT`` Netherlands Antilles, ``BAG`` Baghdad, ``GZS`` Gaza Strip,
  ``WSB`` West Bank, and 25 regional codes. ``KSV`` (Kosovo) is the code
  the PETRARCH/text_to_CAMEO coders use.
* International organisations and other named groups: CAMEO's known-group
  codes (GDELT's ``CAMEO.knowngroup.txt``), split by hand into
  intergovernmental organisations (``IGO_CODES``) and everything else
  (``GROUP_CODES``: NGOs, parties, armed groups).
* Role codes: CAMEO's actor type codes (GDELT's ``CAMEO.type.txt``).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

# ISO 3166-1 entries that are not states: dependent territories, areas
# without a permanent population, and Western Sahara (a non-self-governing
# territory; listed in CONTESTED too).
TERRITORIES = frozenset("""
ABW AIA ALA ASM ATA ATF BES BLM BMU BVT CCK CUW CXR CYM ESH FLK FRO GGY GIB GLP GRL GUF GUM HKG HMD IMN IOT
JEY MAC MAF MNP MSR MTQ MYT NCL NFK PCN PRI PYF REU SGS SHN SJM SPM SXM TCA TKL UMI VGB VIR WLF
""".split())

# Statehood disputed by some states; kept as what the data calls them, and
# flagged so a reader of a verdict can see it (countries.is_contested).
CONTESTED = frozenset({"PSE", "TWN", "XKX", "ESH"})

# code -> (kind, successor / ISO code, from, until, name). Dates are the
# days the state existed under that code, both included.
FORMER = {
    "SUN": ("former_state", "RUS", "1922-12-30", "1991-12-25", "Soviet Union"),
    # The SFRY broke apart on 1992-04-27; the Federal Republic of Yugoslavia
    # kept the name and the code until it became Serbia and Montenegro.
    "YUG": ("former_state", "SCG", "1918-12-01", "2003-02-03", "Yugoslavia"),
    "SCG": ("former_state", "SRB", "2003-02-04", "2006-06-04", "Serbia and Montenegro"),
    "CSK": ("former_state", "CZE", "1918-10-28", "1992-12-31", "Czechoslovakia"),
    "DDR": ("former_state", "DEU", "1949-10-07", "1990-10-02", "German Democratic Republic"),
    "ZAR": ("former_state", "COD", "1971-10-27", "1997-05-16", "Zaire"),
    "YMD": ("former_state", "YEM", "1967-11-30", "1990-05-21", "South Yemen"),
    "ANT": ("former_territory", "CUW", "1954-12-15", "2010-10-09", "Netherlands Antilles"),
}

# CAMEO spellings of current states and territories -> the ISO code. The
# readers write the ISO code (so a clause naming TLS matches GDELT's TMP)
# and keep the code as written in the event's attributes.
CAMEO_SPELLINGS = {
    "TMP": ("TLS", "East Timor"),
    "ROM": ("ROU", "Romania"),
    "MTN": ("MNE", "Montenegro"),
    "IMY": ("IMN", "Isle of Man"),
    "KSV": ("XKX", "Kosovo"),
}

# Codes for places inside a state: not a state actor.
SUB_STATE = {
    "BAG": ("IRQ", "Baghdad"),
    "GZS": ("PSE", "Gaza Strip"),
    "WSB": ("PSE", "West Bank"),
}

CAMEO_REGIONS = {
    "AFR": "Africa", "ASA": "Asia", "BLK": "Balkans", "CRB": "Caribbean", "CAU": "Caucasus",
    "CFR": "Central Africa", "CAS": "Central Asia", "CEU": "Central Europe", "EIN": "East Indies",
    "EAF": "Eastern Africa", "EEU": "Eastern Europe", "EUR": "Europe", "LAM": "Latin America",
    "MEA": "Middle East", "MDT": "Mediterranean", "NAF": "North Africa", "NMR": "North America",
    "PGS": "Persian Gulf", "SCN": "Scandinavia", "SAM": "South America", "SAS": "South Asia",
    "SEA": "Southeast Asia", "SAF": "Southern Africa", "WAF": "West Africa", "WST": "The West",
}

# CAMEO known-group codes of intergovernmental organisations (and standing
# groupings of states such as the G-7). "IGO" itself is CAMEO's type code
# for an unnamed one.
IGO_CODES = {
    "IGO": "Inter-governmental organisation (unnamed)",
    "ABD": "Arab Bank for Economic Development in Africa", "ACC": "Arab Cooperation Council",
    "ADB": "Asian Development Bank", "AEU": "Arab Economic Unity Council", "AFB": "African Development Bank",
    "AMF": "Arab Monetary Fund", "AMU": "Arab Maghreb Union", "APE": "OAPEC", "ARL": "Arab League",
    "ASN": "ASEAN", "ATD": "Eastern and Southern African Trade and Development Bank", "BCA": "BEAC",
    "BIS": "Bank for International Settlements", "CEM": "COMESA / CEMAC", "CFA": "Franc Zone",
    "CIS": "Commonwealth of Independent States", "COE": "Council of Europe", "CPA": "Cocoa Producers' Alliance",
    "CPC": "Association of Coffee Producing Countries", "CSS": "Community of Sahel-Saharan States",
    "CWN": "Commonwealth of Nations", "EBR": "European Bank for Reconstruction and Development",
    "ECA": "Economic Community of Central African States", "EEC": "European Union",
    "EFT": "European Free Trade Association", "FAO": "Food and Agriculture Organization",
    "GCC": "Gulf Cooperation Council", "GOE": "Group of Eight", "GOS": "Group of Seven", "GSS": "Group of 77",
    "HCH": "UN High Commissioner for Human Rights", "HCR": "UN High Commissioner for Refugees",
    "IAC": "Inter-African Coffee Organization", "IAD": "IGAD", "IAE": "International Atomic Energy Agency",
    "ICC": "International Criminal Court", "ICJ": "International Court of Justice",
    "ICO": "International Cocoa Organization", "IDB": "Islamic Development Bank",
    "IGC": "International Grains Council", "ILO": "International Labour Organization",
    "IMF": "International Monetary Fund", "IOM": "International Organization for Migration",
    "IPU": "Inter-Parliamentary Union", "ITP": "Interpol", "KID": "UNICEF", "NAT": "NATO",
    "NON": "Non-Aligned Movement", "OAS": "Organization of American States",
    "OAU": "Organization of African Unity / African Union", "OIC": "Organisation of Islamic Cooperation",
    "OPC": "OPEC", "PAP": "Pan-African Parliament", "PKO": "Peacekeepers", "SAA": "SAARC",
    "SAD": "Southern African Development Community", "SCE": "OSCE", "SOT": "SEATO", "UEM": "UEMOA",
    "UNO": "United Nations", "WAD": "West African Development Bank",
    "WAM": "West African Monetary and Economic Union", "WAS": "ECOWAS", "WBK": "World Bank",
    "WCT": "International war crimes tribunals", "WFP": "World Food Programme",
    "WHO": "World Health Organization", "WTO": "World Trade Organization",
}

# Other CAMEO known groups and non-state type codes: NGOs, parties, armed
# groups, companies — never a state.
GROUP_CODES = {
    "AAM": "Al Aqsa Martyrs Brigade", "ALQ": "Al Qaeda", "AML": "Amal Militia", "AMN": "Amnesty International",
    "ANO": "Abu Nidal Organization", "ASL": "South Lebanon Army", "BTH": "Baath Party", "CMN": "Communist",
    "CRC": "Red Cross and Red Crescent", "DFL": "DFLP", "ENN": "Ennahda Movement", "FID": "FIDH",
    "FIS": "Islamic Salvation Army", "FLN": "National Liberation Front", "FTA": "Fatah", "GIA": "Armed Islamic Group",
    "GRP": "Greenpeace", "GSP": "Salafist Group", "HEZ": "Hezbollah", "HMS": "Hamas", "HRW": "Human Rights Watch",
    "IAF": "Islamic Action Front", "ICG": "International Crisis Group",
    "IHF": "International Helsinki Federation for Human Rights", "IRC": "Red Cross", "ISJ": "Palestinian Islamic Jihad",
    "JUR": "International Commission of Jurists", "KDP": "Kurdish Democratic Party", "LBA": "Israeli Labor Party",
    "LKD": "Likud", "MBR": "Muslim Brotherhood", "MRZ": "Meretz", "MSF": "Medecins Sans Frontieres",
    "MSP": "Movement of the Society for Peace", "PFL": "PFLP", "PLF": "Palestine Liberation Front",
    "PLO": "Palestine Liberation Organization", "PLS": "Polisario", "PMD": "People's Mujahedeen",
    "PRC": "Paris Club", "RCR": "Red Crescent", "RND": "Democratic National Rally", "SHA": "Shas",
    "TAL": "Taliban", "WEF": "World Economic Forum", "XFM": "Oxfam",
    "IMG": "International militarised group", "INT": "International / transnational (generic)",
    "MNC": "Multinational corporation", "NGM": "Non-governmental movement", "NGO": "Non-governmental organisation",
}

# CAMEO actor type (role) codes: a capacity, not an actor's country. "UIS"
# (unidentified state actor) is a state actor whose state is unknown.
ROLE_CODES = {
    "COP": "Police forces", "GOV": "Government", "INS": "Insurgents", "JUD": "Judiciary", "MIL": "Military",
    "OPP": "Political opposition", "REB": "Rebels", "SEP": "Separatist rebels", "SPY": "State intelligence",
    "UAF": "Unaligned armed forces", "AGR": "Agriculture", "BUS": "Business", "CRM": "Criminal", "CVL": "Civilian",
    "DEV": "Development", "EDU": "Education", "ELI": "Elites", "ENV": "Environmental", "HLH": "Health",
    "HRI": "Human rights", "LAB": "Labour", "LEG": "Legislature", "MED": "Media", "REF": "Refugees",
    "MOD": "Moderate", "RAD": "Radical", "SET": "Settlers", "UIS": "Unidentified state actor",
}

# Spellings event data uses that ISO's names do not cover: ICEWS's Source /
# Target Country, the PETRARCH/text_to_CAMEO and ICEWS-to-jsonl name lists,
# and common usage. Keys are ISO codes (or XKX).
ALIASES = {
    "RUS": ["Russia"],
    "IRN": ["Iran (Islamic Republic of)"],
    "PSE": ["Occupied Palestinian Territory", "Occupied Palestinian Territories", "Palestine", "Palestinian Territory",
            "Palestinian Territories"],
    "USA": ["United States of America", "US", "U.S.", "America"],
    "GBR": ["Britain", "Great Britain", "UK", "U.K."],
    "COD": ["Democratic Republic of Congo", "Democratic Republic of the Congo", "Congo, Democratic Republic of",
            "Congo, DRC", "DR Congo", "Congo-Kinshasa"],
    "COG": ["Congo", "Republic of Congo", "Republic of the Congo", "Congo, Republic of", "Congo-Brazzaville"],
    "CIV": ["Cote d'Ivoire", "Ivory Coast"],
    "CPV": ["Cape Verde"],
    "CZE": ["Czech Republic"],
    "SVK": ["Slovak Republic"],
    "MKD": ["Macedonia", "Former Yugoslav Republic of Macedonia", "the former Yugoslav Republic of Macedonia",
            "Macedonia, the former Yugoslav Republic of", "FYROM"],
    "SWZ": ["Swaziland"],
    "MMR": ["Burma"],
    "TLS": ["East Timor", "Timor Leste"],
    "VAT": ["Holy See", "Vatican", "Vatican City"],
    "FSM": ["Micronesia"],
    "BRN": ["Brunei"],
    "KGZ": ["Kyrgyz Republic"],
    "LBY": ["Libyan Arab Jamahiriya"],
    "BHS": ["Bahamas, The", "The Bahamas"],
    "GMB": ["Gambia, The", "The Gambia"],
    "TUR": ["Turkey", "Turkiye"],
    "NLD": ["The Netherlands", "Holland"],
    "MAC": ["Macau"],
    "VNM": ["Vietnam"],
    "LAO": ["Laos"],
    "SYR": ["Syria"],
    "ZAF": ["Republic of South Africa"],
    "MDG": ["Madagaskar"],
    "TZA": ["United Republic Of Tanzania"],
    "MDA": ["Moldova, Republic of"],
    "FRO": ["Faeroe Islands"],
    "COK": ["Cook Island"],
    "CCK": ["Cocos Islands"],
    "WLF": ["Wallis and Futuna Islands"],
    "VIR": ["U.S. Virgin Islands", "United States Virgin Islands"],
    "VGB": ["British Virgin Islands"],
    "GNB": ["Guinea Bissau"],
    "IMN": ["Isle Of Man"],
    "REU": ["Reunion"],
    "BLM": ["Saint Barthelemy"],
    "CUW": ["Curacao"],
    "SHN": ["Saint Helena"],
    "PCN": ["Pitcairn"],
    "FLK": ["Falkland Islands"],
    "SJM": ["Svalbard and Jan Mayen"],
    "BES": ["Bonaire"],
    "XKX": ["Kosovo"],
    "SXM": ["Sint Maarten"],
    "PRK": ["North Korea", "Korea, North"],
    "KOR": ["South Korea", "Korea, South", "Republic of Korea"],
    "SUN": ["Soviet Union", "USSR", "U.S.S.R."],
    "YUG": ["Yugoslavia"],
    "SCG": ["Serbia and Montenegro"],
    "CSK": ["Czechoslovakia"],
    "DDR": ["East Germany", "German Democratic Republic"],
    "ZAR": ["Zaire"],
    "ANT": ["Netherlands Antilles"],
}

# A name the data writes for a place inside a state, and that state.
SUB_NATIONAL = {
    "Aeolian Islands": "ITA",
    "Bavaria": "DEU",
    "Gaza": "PSE",
    "Gaza Strip": "PSE",
    "West Bank": "PSE",
    "Baghdad": "IRQ",
}

# What tools write for an empty cell: no actor / no target, never a country.
MISSING_MARKERS = ("NA", "N/A", "NULL", "None", "NaN", "nan", "null", "-", "---")


def fold(name: str) -> str:
    """Case-, accent- and spacing-insensitive key for a name (the readers use the same)."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.replace("’", "'").casefold().split())


def _iso(iso_json: Path) -> list[dict]:
    return sorted(json.loads(iso_json.read_text(encoding="utf-8"))["3166-1"], key=lambda c: c["alpha_3"])


def actor_rows(iso_json: Path, iso3_json: Path) -> list[tuple[str, ...]]:
    """(code, kind, iso, from, until, name), one row per code, in code order."""
    rows: dict[str, tuple[str, ...]] = {}

    def add(code: str, kind: str, iso: str, start: str, until: str, name: str) -> None:
        if code in rows:
            raise SystemExit(f"actor code {code} is listed twice ({rows[code][1]} and {kind})")
        rows[code] = (code, kind, iso, start, until, name)

    for c in _iso(iso_json):
        code = c["alpha_3"]
        add(code, "territory" if code in TERRITORIES else "state", code, "", "",
            c.get("common_name") or c["name"])
    add("XKX", "state", "XKX", "", "", "Kosovo")
    withdrawn = {c["alpha_3"] for c in json.loads(iso3_json.read_text(encoding="utf-8"))["3166-3"]}
    for code, (kind, succ, start, until, name) in FORMER.items():
        if code not in withdrawn:
            raise SystemExit(f"{code} is not an ISO 3166-3 former code")
        add(code, kind, succ, start, until, name)
    for code, (iso, name) in CAMEO_SPELLINGS.items():
        add(code, rows[iso][1], iso, "", "", name)
    for code, (iso, name) in SUB_STATE.items():
        add(code, "sub_state", iso, "", "", name)
    for code, name in CAMEO_REGIONS.items():
        add(code, "region", "", "", "", name)
    for code, name in IGO_CODES.items():
        add(code, "igo", "", "", "", name)
    for code, name in GROUP_CODES.items():
        add(code, "non_state", "", "", "", name)
    for code, name in ROLE_CODES.items():
        add(code, "role", "", "", "", name)
    return [rows[k] for k in sorted(rows)]


def name_rows(iso_json: Path) -> list[tuple[str, str, str]]:
    """(name, code, kind) for every spelling; a folded name names one code only."""
    out: list[tuple[str, str, str]] = []
    owner: dict[str, str] = {}

    def add(name: str, code: str, kind: str) -> None:
        key = fold(name)
        if key in owner:
            if owner[key] != code:
                raise SystemExit(f"country name {name!r} names both {owner[key]} and {code}")
            return
        owner[key] = code
        out.append((name, code, kind))

    for marker in MISSING_MARKERS:
        add(marker, "", "missing")
    for c in _iso(iso_json):
        code = c["alpha_3"]
        for key in ("common_name", "name", "official_name"):
            if c.get(key):
                add(c[key], code, "country")
    for code, names in ALIASES.items():
        for name in names:
            add(name, code, "country")
    for name, code in SUB_NATIONAL.items():
        add(name, code, "sub_national")
    return sorted(out, key=lambda r: (r[1], fold(r[0])))
