"""Personal data in content: BSN, phone numbers, e-mail addresses, IBAN, addresses, birth dates.

Levels. An *error* where the text almost certainly holds someone's sensitive data:
  * a BSN: nine digits that pass the 11-test with "BSN", "burgerservicenummer" or "sofinummer"
    close by;
  * an IBAN that passes the mod-97 check;
  * a date next to "geboren", "geb." or "geboortedatum".
A *warning* where the data may well be harmless or the organisation's own, so an editor
decides:
  * nine digits that pass the 11-test without such a word (one in eleven order numbers does);
  * a Dutch phone number (service numbers 0800/090x are never flagged);
  * an e-mail address;
  * a postcode with a house number ("1234 AB 12", "Dorpsstraat 12, 1234 AB").
Strings the organisation allows (its own phone number, info@ address, visiting address) are
compared after normalising: digits only for phone numbers, lower case for e-mail, no spaces.
An allowed postcode or street with house number allows every address that contains it, and
an e-mail address on the site's own domain (from `site_url`) needs no listing at all.

A finding never repeats the data: it shows a mask such as `06-****5678` or `j***@example.nl`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..core.findings import Finding, Level, error, warning


@dataclass(frozen=True)
class PersonalData:
    kind: str
    start: int
    end: int
    value: str
    """Normalised: the form that `allowed` entries are compared in."""
    masked: str
    level: Level


_SPACE = r"[ \u00a0]"
_SEP = rf"(?:{_SPACE}?[-./]{_SPACE}?|{_SPACE})?"
_PHONE = re.compile(
    rf"""(?<![\w+/])(?<!\d[.,-])
    (?:
        (?:\+|00){_SPACE}?31{_SPACE}?(?:\(0\){_SPACE}?)?{_SEP}[1-9](?:\)?{_SEP}\d){{8}}
      | \(?0\d(?:\)?{_SEP}\d){{8}}
    )
    (?!{_SPACE}?\d|\w|[.,:/-]\d)""",
    re.VERBOSE,
)
_SERVICE_NUMBERS = ("0800", "0900", "0906", "0909")

_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])"
)

_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])"
)

_BSN = re.compile(
    r"(?<![\w.,/-])(?<!\d )(?:\d{9}|\d{3}([. ])\d{3}\1\d{3}|\d{4}\.\d{2}\.\d{3})(?!\w|[.,/-]\d| \d)"
)
_BSN_KEYWORD = re.compile(r"\b(?:bsn|burgerservicenummer|sofi-?nummer|sofinr)", re.IGNORECASE)
_MONEY_BEFORE = re.compile(r"(?:€|\beur|\beuro)\s*$", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"^\s*(?:euro|eur)\b", re.IGNORECASE)

_MONTHS = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    r"december|jan|feb|mrt|apr|jun|jul|aug|sept|sep|okt|nov|dec)"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_DATE = re.compile(
    rf"(?<![\w.-])(?:"
    rf"{_DAY}(?P<sep>[-/.]){_MONTH}(?P=sep)(?:19|20)?\d{{2}}"
    rf"|(?:19|20)\d{{2}}-{_MONTH}-{_DAY}"
    rf"|{_DAY}\s+{_MONTHS}\.?\s+(?:(?:19|20)\d{{2}}|['’]\d{{2}})"
    rf")(?![\w]|[-/.]\d)",
    re.IGNORECASE,
)
_BIRTH_KEYWORD = re.compile(r"\b(?:geboren|geb\.|geboortedatum|geboortedag|geb\.?datum)", re.I)

_POSTCODE = r"[1-9]\d{3}(?:\u00a0| )?(?!SA|SD|SS)[A-Z]{2}"
_HOUSE_NUMBER = r"\d{1,5}(?: ?[a-zA-Z](?![\w]))?(?:-\d{1,4})?"
_ADDRESS = re.compile(
    rf"(?<![\w])(?P<postcode>{_POSTCODE}),?[ \u00a0]+(?P<number>{_HOUSE_NUMBER})(?![\w,.]\w|\w)"
    rf"|(?<=[^\W\d_] )(?P<number2>{_HOUSE_NUMBER}),?[ \u00a0]*(?P<postcode2>{_POSTCODE})(?!\w)"
)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _phones(text: str) -> Iterator[PersonalData]:
    for match in _PHONE.finditer(text):
        written = match.group(0).replace("(0)", "")
        international = written.startswith(("+", "00"))
        separators = len(re.findall(r"[-./]", written))
        if separators > (2 if international else 1) or written.count("(") != written.count(")"):
            continue
        digits = _digits(written)
        digits = "0" + digits[4 if digits.startswith("0031") else 2 :] if international else digits
        if len(digits) != 10 or digits.startswith(_SERVICE_NUMBERS):
            continue
        yield PersonalData(
            "phone",
            match.start(),
            match.end(),
            digits,
            f"{digits[:2]}-****{digits[-4:]}",
            "warning",
        )


def _emails(text: str) -> Iterator[PersonalData]:
    for match in _EMAIL.finditer(text):
        local, domain = match.group(0).rsplit("@", 1)
        yield PersonalData(
            "email",
            match.start(),
            match.end(),
            match.group(0).lower(),
            f"{local[0]}***@{re.sub(r'[0-9]', '*', domain)}",
            "warning",
        )


def iban_valid(iban: str) -> bool:
    """Whether a compact IBAN passes the mod-97 check."""
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", iban):
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def _ibans(text: str) -> Iterator[PersonalData]:
    for match in _IBAN.finditer(text):
        pieces = match.group(0).split(" ")
        while pieces:
            compact = "".join(pieces)
            if iban_valid(compact):
                masked = compact[:2] + "*" * (len(compact) - 6) + compact[-4:]
                grouped = " ".join(masked[at : at + 4] for at in range(0, len(masked), 4))
                end = match.start() + len(" ".join(pieces))
                yield PersonalData("iban", match.start(), end, compact, grouped, "error")
                break
            pieces.pop()


def bsn_valid(number: str) -> bool:
    """Whether nine digits pass the 11-test of the burgerservicenummer."""
    if not re.fullmatch(r"\d{9}", number) or number == "000000000":
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number, range(9, 1, -1), strict=False))
    return (total - int(number[8])) % 11 == 0


def _bsns(text: str) -> Iterator[PersonalData]:
    for match in _BSN.finditer(text):
        number = _digits(match.group(0))
        if not bsn_valid(number):
            continue
        if _MONEY_BEFORE.search(text[: match.start()]) or _MONEY_AFTER.match(text[match.end() :]):
            continue
        nearby = text[max(0, match.start() - 60) : match.end() + 30]
        level: Level = "error" if _BSN_KEYWORD.search(nearby) else "warning"
        yield PersonalData("bsn", match.start(), match.end(), number, f"*****{number[-4:]}", level)


def _birthdates(text: str) -> Iterator[PersonalData]:
    for match in _DATE.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        after = text[match.end() : match.end() + 25]
        if _BIRTH_KEYWORD.search(before) or _BIRTH_KEYWORD.search(after):
            value = " ".join(match.group(0).lower().split())
            yield PersonalData(
                "birthdate", match.start(), match.end(), value, "**-**-****", "error"
            )


def _addresses(text: str) -> Iterator[PersonalData]:
    for match in _ADDRESS.finditer(text):
        postcode = (match.group("postcode") or match.group("postcode2")).replace("\u00a0", "")
        number = match.group("number") or match.group("number2")
        postcode = postcode.replace(" ", "")
        value = postcode + number.replace(" ", "").lower()
        yield PersonalData(
            "address", match.start(), match.end(), value, f"{postcode[:2]}** ** **", "warning"
        )


_DETECTORS = (_emails, _ibans, _phones, _bsns, _birthdates, _addresses)


def _scan(text: str) -> list[PersonalData]:
    found: list[PersonalData] = []
    # Everything shaped like an IBAN, valid or not, is no phone number or BSN.
    claimed = [(match.start(), match.end()) for match in _IBAN.finditer(text)]
    for detector in _DETECTORS:
        for item in detector(text):
            spans = claimed if detector is not _ibans else []
            spans = [*spans, *((other.start, other.end) for other in found)]
            if not any(item.start < end and start < item.end for start, end in spans):
                found.append(item)
    return sorted(found, key=lambda item: item.start)


@lru_cache(maxsize=64)
def _allowed_values(allowed: tuple[str, ...]) -> frozenset[str]:
    values: set[str] = set()
    for entry in allowed:
        values.add(entry.strip().lower())
        values.add(re.sub(r"\s+", "", entry).lower())
        values.update(item.value.lower() for item in _scan(entry))
    return frozenset(values)


def _normal(text: str) -> str:
    return re.sub(r"[\s,.]+", "", text).lower()


_STREET = re.compile(r"[^\W\d_][^\d,]*?\s*\d{1,5}(?:\s?[a-zA-Z](?!\w))?")
_POSTCODE_IN = re.compile(r"(?<!\d)[1-9]\d{3}\s?[A-Za-z]{2}(?![A-Za-z])")


@lru_cache(maxsize=64)
def _places(allowed: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The postcodes ("3512ab") and streets with a house number ("lindelaan12") in the
    allowed entries: an address with one of them is the organisation's."""
    postcodes = {_normal(m.group(0)) for entry in allowed for m in _POSTCODE_IN.finditer(entry)}
    streets = [_normal(m.group(0)) for entry in allowed if (m := _STREET.search(entry))]
    return frozenset(postcodes), tuple(streets)


def own_domain(site_url: str) -> str:
    """The domain of a site's `site_url`, without "www.": e-mail there is the organisation's."""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", site_url.strip().lower()).split("/")[0]
    return host.split(":")[0].removeprefix("www.")


def _allowed(item: PersonalData, text: str, allowed: tuple[str, ...], domain: str) -> bool:
    permitted = _allowed_values(allowed)
    if item.value.lower() in permitted:
        return True
    if item.kind == "email" and domain:
        host = item.value.rsplit("@", 1)[1]
        return host == domain or host.endswith("." + domain)
    if item.kind == "address":
        postcodes, streets = _places(allowed)
        if item.value[:6].lower() in postcodes:
            return True
        # "Lindelaan 12, 3512 AB": the match starts at the house number, the street is
        # right before it.
        number = re.match(_HOUSE_NUMBER, text[item.start : item.end])
        if number is None:
            return False
        written = _normal(text[max(0, item.start - 60) : item.start] + number.group(0))
        return any(written.endswith(street) for street in streets)
    return False


def detect(text: str, allowed: Iterable[str] = (), domain: str = "") -> list[PersonalData]:
    """Personal data in a text, in order, leaving out what `allowed` lists and e-mail on
    `domain` (the site's own, see `own_domain`)."""
    allowed = tuple(allowed)
    return [item for item in _scan(text) if not _allowed(item, text, allowed, domain)]


def redact(text: str, allowed: Iterable[str] = ()) -> str:
    """`text` with every piece of personal data replaced by its mask."""
    for item in reversed(detect(text, allowed)):
        text = text[: item.start] + item.masked + text[item.end :]
    return text


_ALLOW = (
    " Is het {what} van de organisatie, zet het dan in mkdocs.yml bij de plugin onder "
    "`privacy: {{{{allowed: [...]}}}}`, {how}."
)
_MESSAGES = {
    "bsn": "Burgerservicenummer (BSN) gevonden ({masked}). Een BSN hoort nooit in een verhaal: "
    "haal het weg.",
    "bsn-maybe": "Dit getal van negen cijfers ({masked}) klopt met de elfproef en kan een "
    "burgerservicenummer (BSN) zijn. Is het een BSN, haal het dan weg. Is het een ander nummer, "
    "zoals een ordernummer, zet het dan in mkdocs.yml bij de plugin onder "
    "`privacy: {{allowed: [...]}}`, met de cijfers zoals ze in de tekst staan.",
    "phone": "Telefoonnummer gevonden ({masked}). Haal privénummers weg."
    + _ALLOW.format(what="een nummer", how="met het nummer zoals het in de tekst staat"),
    "email": "E-mailadres gevonden ({masked}). Haal privéadressen weg. Adressen op het eigen "
    "domein van de site (uit `site_url`) zijn altijd goed."
    + _ALLOW.format(what="een adres", how="met het adres zoals het in de tekst staat"),
    "iban": "Bankrekeningnummer (IBAN) gevonden ({masked}). Haal het weg.",
    "address": "Adres met postcode en huisnummer gevonden ({masked}). Noem hooguit de plaats of "
    "de wijk."
    + _ALLOW.format(
        what="een adres",
        how='met de postcode of de straat en het huisnummer, bijvoorbeeld `allowed: ["3512 AB"]` '
        'of `allowed: ["Lindelaan 12"]`',
    ),
    "birthdate": "Geboortedatum gevonden ({masked}). Haal de datum weg; noem hooguit een leeftijd.",
}


def privacy_findings(
    text: str, path: str, first_line: int, *, allowed: Iterable[str] = (), domain: str = ""
) -> list[Finding]:
    """Findings for personal data in `text`, which starts on line `first_line` of `path`;
    e-mail on `domain` (the site's own) is allowed."""
    findings = []
    for item in detect(text, allowed, domain):
        line = first_line + text.count("\n", 0, item.start)
        key = "bsn-maybe" if item.kind == "bsn" and item.level == "warning" else item.kind
        make = error if item.level == "error" else warning
        message = _MESSAGES[key].format(masked=item.masked)
        findings.append(make(path, f"privacy.{item.kind}", message, line))
    return findings
