"""SAMHSA service codes and service names → record slugs (RECORD.md section 3, extended).

Codes are keyed by directory ("sa" or "mh") because the two National Directories do not share
one code list; ``COMMON`` applies to both.
"""

from __future__ import annotations

import re

L, C, P, POP, A, S, LANG = (
    "levels_of_care",
    "conditions",
    "payment",
    "populations",
    "approaches",
    "services",
    "languages",
)

COMMON: dict[str, list[tuple[str, str]]] = {
    # settings
    **{c: [(L, "detox")] for c in ("DT", "HID", "OD", "RD")},
    **{c: [(L, "inpatient")] for c in ("HI", "HIT", "GH", "PSYH", "PSY", "IPSY", "SHP")},
    **{c: [(L, "residential")] for c in ("RES", "RS", "RL", "RTCA", "RTCC")},
    **{c: [(L, "php")] for c in ("ODT", "PHDT", "PH")},
    "OIT": [(L, "iop")],
    **{c: [(L, "outpatient")] for c in ("ORT", "OP")},
    "HH": [(L, "sober_living")],
    # payment
    "MD": [(P, "medicaid")],
    "MC": [(P, "medicare")],
    "PI": [(P, "private_insurance")],
    "MI": [(P, "tricare")],
    "SF": [(P, "self_pay")],
    "NP": [(P, "free")],
    "ITU": [(P, "ihs")],
    **{c: [(P, "state_funded")] for c in ("SI", "FSA", "SAMF", "SMHA", "CMHG")},
    "VAF": [(P, "va")],
    "SS": [(P, "sliding_scale")],
    "PA": [(P, "payment_assistance")],
    # special groups
    "AD": [(POP, "adolescents")],
    "TAY": [(POP, "young_adults")],
    "SE": [(POP, "seniors")],
    "WN": [(POP, "women")],
    "MN": [(POP, "men")],
    "VET": [(POP, "veterans")],
    "GL": [(POP, "lgbtq")],
    "PW": [(POP, "pregnant_postpartum")],
    "CJ": [(POP, "criminal_justice")],
    "ADLT": [(POP, "adults")],
    "YAD": [(POP, "young_adults")],
    "SNR": [(POP, "seniors")],
    "CHLD": [(POP, "adolescents")],
    "CO": [(C, "co_occurring")],
    "TRMA": [(C, "ptsd")],
    "PTSD": [(C, "ptsd")],
    "PED": [(C, "eating_disorders")],
    "PEFP": [(C, "psychosis")],
    "SA": [(C, "substance_use")],
    "TGD": [(C, "gambling")],
    # medications
    **{c: [(S, "buprenorphine")] for c in ("BU", "BWN", "BWON", "BERI", "BSDM")},
    **{c: [(S, "methadone")] for c in ("MU", "METH")},
    **{c: [(S, "naltrexone")] for c in ("NU", "NXN", "VTRL")},
    "MMD": [(S, "medication_management")],
    "ACC": [(S, "aftercare")],
    "ICM": [(S, "case_management")],
    # approaches
    "CBT": [(A, "cbt")],
    "DBT": [(A, "dbt")],
    "MOTI": [(A, "motivational_interviewing")],
    "TELE": [(S, "telehealth")],
    "TWFA": [(A, "twelve_step")],
    "RELP": [(A, "relapse_prevention")],
    "TRC": [(A, "trauma_focused")],
    "EMDR": [(A, "emdr")],
    "MXM": [(A, "matrix_model")],
    "CMI": [(A, "contingency_management")],
    **{c: [(A, "individual_therapy")] for c in ("ICO", "IPT")},
    **{c: [(A, "group_therapy")] for c in ("GCO", "GT")},
    **{c: [(A, "family_therapy")] for c in ("FCO", "CFT")},
    # languages
    "SP": [(LANG, "es")],
    "AH": [(LANG, "asl")],
    "F4": [(LANG, "ar")],
    "F17": [(LANG, "zh")],
    "F25": [(LANG, "fa")],
    "F28": [(LANG, "fr")],
    "F30": [(LANG, "de")],
}

BY_DIRECTORY: dict[str, dict[str, list[tuple[str, str]]]] = {
    "sa": {},
    # In the MH directory "SUMH" and "IDD" mark integrated co-occurring treatment.
    "mh": {"SUMH": [(C, "co_occurring")], "IDD": [(C, "co_occurring")]},
}

# Service names as the locator API (2019) and FindTreatment.gov (2025) word them.
NAMES: dict[str, list[tuple[str, str]]] = {
    "detoxification": [(L, "detox")],
    "hospital inpatient detoxification": [(L, "detox")],
    "outpatient detoxification": [(L, "detox")],
    "residential detoxification": [(L, "detox")],
    "hospital inpatient": [(L, "inpatient")],
    "hospital inpatient 24 hour hospital inpatient": [(L, "inpatient")],
    "hospital inpatient treatment": [(L, "inpatient")],
    "general hospital including va hospital": [(L, "inpatient")],
    "psychiatric hospital": [(L, "inpatient")],
    "residential": [(L, "residential")],
    "residential 24 hour residential": [(L, "residential")],
    "short term residential": [(L, "residential")],
    "long term residential": [(L, "residential")],
    "outpatient day treatment or partial hospitalization": [(L, "php")],
    "partial hospitalization day treatment": [(L, "php")],
    "intensive outpatient treatment": [(L, "iop")],
    "regular outpatient treatment": [(L, "outpatient")],
    "outpatient": [(L, "outpatient")],
    "transitional housing halfway house or sober home": [(L, "sober_living")],
    "medicaid": [(P, "medicaid")],
    "medicare": [(P, "medicare")],
    "private health insurance": [(P, "private_insurance")],
    "federal military insurance e g tricare": [(P, "tricare")],
    "military insurance e g tricare": [(P, "tricare")],
    "cash or self payment": [(P, "self_pay")],
    "no payment accepted": [(P, "free")],
    "ihs tribal urban itu funds": [(P, "ihs")],
    "state financed health insurance plan other than medicaid": [(P, "state_funded")],
    "federal or any government funding for substance use treatment programs": [(P, "state_funded")],
    "federal or any government funding for substance abuse programs": [(P, "state_funded")],
    "samhsa funding block grants": [(P, "state_funded")],
    "state mental health agency or equivalent funds": [(P, "state_funded")],
    "community mental health block grants": [(P, "state_funded")],
    "u s department of va funds": [(P, "va")],
    "sliding fee scale fee is based on income and other factors": [(P, "sliding_scale")],
    "payment assistance check with facility for details": [(P, "payment_assistance")],
    "adolescents": [(POP, "adolescents")],
    "young adults": [(POP, "young_adults")],
    "transitional age young adults": [(POP, "young_adults")],
    "seniors or older adults": [(POP, "seniors")],
    "adult women": [(POP, "women")],
    "adult men": [(POP, "men")],
    "veterans": [(POP, "veterans")],
    "lesbian gay bisexual transgender or queer questioning lgbtq": [(POP, "lgbtq")],
    "lesbian gay bisexual or transgender lgbt clients": [(POP, "lgbtq")],
    "pregnant postpartum women": [(POP, "pregnant_postpartum")],
    "criminal justice other than dui dwi forensic clients": [(POP, "criminal_justice")],
    "clients referred from the court judicial system": [(POP, "criminal_justice")],
    "clients with co occurring mental and substance use disorders": [(C, "co_occurring")],
    "persons with co occurring mental and substance use disorders": [(C, "co_occurring")],
    "clients who have experienced trauma": [(C, "ptsd")],
    "persons who have experienced trauma": [(C, "ptsd")],
    "persons with post traumatic stress disorder ptsd": [(C, "ptsd")],
    "persons with eating disorders": [(C, "eating_disorders")],
    "persons experiencing first episode psychosis": [(C, "psychosis")],
    "substance use treatment": [(C, "substance_use")],
    "treatment for gambling disorder": [(C, "gambling")],
    "buprenorphine used in treatment": [(S, "buprenorphine")],
    "methadone used in treatment": [(S, "methadone")],
    "naltrexone used in treatment": [(S, "naltrexone")],
    "methadone": [(S, "methadone")],
    "buprenorphine with naloxone": [(S, "buprenorphine")],
    "buprenorphine without naloxone": [(S, "buprenorphine")],
    "buprenorphine extended release injectable": [(S, "buprenorphine")],
    "naltrexone oral": [(S, "naltrexone")],
    "naltrexone extended release injectable": [(S, "naltrexone")],
    "aftercare continuing care": [(S, "aftercare")],
    "case management service": [(S, "case_management")],
    "telemedicine telehealth therapy": [(S, "telehealth")],
    "telemedicine telehealth": [(S, "telehealth")],
    "cognitive behavioral therapy": [(A, "cbt")],
    "dialectical behavior therapy": [(A, "dbt")],
    "motivational interviewing": [(A, "motivational_interviewing")],
    "12 step facilitation": [(A, "twelve_step")],
    "relapse prevention": [(A, "relapse_prevention")],
    "trauma related counseling": [(A, "trauma_focused")],
    "trauma therapy": [(A, "trauma_focused")],
    "matrix model": [(A, "matrix_model")],
    "contingency management motivational incentives": [(A, "contingency_management")],
    "individual counseling": [(A, "individual_therapy")],
    "individual psychotherapy": [(A, "individual_therapy")],
    "group counseling": [(A, "group_therapy")],
    "group therapy": [(A, "group_therapy")],
    "family counseling": [(A, "family_therapy")],
    "couples family therapy": [(A, "family_therapy")],
    "eye movement desensitization and reprocessing therapy": [(A, "emdr")],
    "spanish": [(LANG, "es")],
    "sign language services for the deaf and hard of hearing": [(LANG, "asl")],
    "services for the deaf and hard of hearing": [(LANG, "asl")],
    "arabic": [(LANG, "ar")],
    "any chinese language": [(LANG, "zh")],
    "tagalog": [(LANG, "tl")],
    "vietnamese": [(LANG, "vi")],
    "korean": [(LANG, "ko")],
    "russian": [(LANG, "ru")],
    "french": [(LANG, "fr")],
    "farsi": [(LANG, "fa")],
    "german": [(LANG, "de")],
}


def normalise_name(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower()).split())


def for_code(directory: str, code: str) -> list[tuple[str, str]] | None:
    """Slugs for a directory's code, or None when the code has no mapping."""
    code = code.strip().upper()
    return BY_DIRECTORY.get(directory, {}).get(code) or COMMON.get(code)


def for_name(name: str) -> list[tuple[str, str]] | None:
    return NAMES.get(normalise_name(name))
