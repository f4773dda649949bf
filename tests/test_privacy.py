"""Personal data in content: what is flagged, what is not, and that findings never repeat it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reisverhaal.checks.privacy import (
    bsn_valid,
    detect,
    iban_valid,
    own_domain,
    privacy_findings,
    redact,
)

VALID_BSN = "123456782"
ORDER_NUMBER = "123456789"  # fails the 11-test
IBAN = "NL91ABNA0417164300"


def flagged(text, **options):
    return [
        (f.rule, f.level) for f in privacy_findings(text, "stories/wilma/index.md", 1, **options)
    ]


def test_checks():
    assert bsn_valid(VALID_BSN)
    assert not bsn_valid(ORDER_NUMBER)
    assert not bsn_valid("000000000")
    assert iban_valid(IBAN)
    assert not iban_valid("NL92ABNA0417164300")


@pytest.mark.parametrize(
    "text",
    [
        f"Mijn BSN is {VALID_BSN}.",
        "Burgerservicenummer: 123.456.782",
        "sofinummer 123 456 782",
        "BSN-nummer 1234.56.782",
    ],
)
def test_bsn_near_keyword_is_an_error(text):
    assert flagged(text) == [("privacy.bsn", "error")]


def test_bsn_without_keyword_is_a_warning():
    assert flagged(f"Het nummer {VALID_BSN} staat op de pas.") == [("privacy.bsn", "warning")]


@pytest.mark.parametrize(
    "text",
    [
        f"Ordernummer {ORDER_NUMBER} is verstuurd.",
        f"BSN {ORDER_NUMBER}",
        "De zaal kost € 123.456.782 per jaar.",
        "Het budget is 123.456.782 euro.",
        "Een foto: media/IMG_123456782.jpg",
        "Twaalf cijfers: 123456782123.",
    ],
)
def test_numbers_that_are_no_bsn(text):
    assert flagged(text) == []


@pytest.mark.parametrize(
    "number",
    [
        "06-12345678",
        "06 12345678",
        "06 1234 5678",
        "0612345678",
        "+31 6 12345678",
        "+31612345678",
        "0031 6 1234 5678",
        "+31 (0)6 1234 5678",
        "010-1234567",
        "030 123 45 67",
        "0301234567",
        "(030) 123 45 67",
        "+31 30 1234567",
        "020 - 123 4567",
    ],
)
def test_phone_numbers(number):
    findings = privacy_findings(f"Bel mij op {number}, graag.", "a.md", 4)
    assert [(f.rule, f.level, f.line) for f in findings] == [("privacy.phone", "warning", 4)]
    digits = re.sub(r"\D", "", number)
    assert number not in findings[0].message
    assert f"****{digits[-4:]}" in findings[0].message


@pytest.mark.parametrize(
    "text",
    [
        "Op 12 maart 2027 om 10:00 uur.",
        "Afspraak: 06-03-2027 10:00.",
        "Van 09.00-17.00 uur.",
        "Het project liep van 2019-2027.",
        "Gratis: 0800-1234 of 0800-0226060.",
        "Prijs € 12,50 of € 1.250,00.",
        "Nummer 06 1234 5678 9 is te lang.",
    ],
)
def test_dates_times_prices_and_service_numbers_are_no_phone_numbers(text):
    assert flagged(text) == []


def test_organisations_own_number_and_address_are_allowed_after_normalising():
    text = (
        "Bel ons op 030 - 123 45 67 of mail Info@DeLinde.nl. Bezoek ons: Dorpsstraat 12, "
        "1234 AB Utrecht. Of bel mij: 06-12345678."
    )
    allowed = ("(030) 1234567", "info@delinde.nl", "Dorpsstraat 12, 1234AB Utrecht")
    findings = privacy_findings(text, "a.md", 1, allowed=allowed)
    assert [(f.rule, f.message.split("(")[1][:11]) for f in findings] == [
        ("privacy.phone", "06-****5678")
    ]
    assert len(flagged(text)) == 4


@pytest.mark.parametrize(
    ("allowed", "flagged_postcodes"),
    [
        (("1234 AB",), ["35"]),
        (("Dorpsstraat 12",), ["35"]),
        (("dorpsstraat 12, 1234 ab",), ["35"]),
        (("Lindelaan 5",), ["12"]),
        (("Dorpsstraat 1",), ["12", "35"]),
        ((), ["12", "35"]),
    ],
)
def test_a_listed_postcode_or_street_allows_the_address_with_it(allowed, flagged_postcodes):
    text = "Kom naar Dorpsstraat 12, 1234 AB Utrecht, niet naar Lindelaan 5, 3512 XY Zeist."
    findings = privacy_findings(text, "a.md", 1, allowed=allowed)
    assert [f.message.split("(")[1][:2] for f in findings] == flagged_postcodes


def test_email_on_the_site_s_own_domain_is_allowed():
    text = "Mail info@delinde.nl, zorg@wijk.delinde.nl, jan@gmail.com of x@delinde.nl.evil.com."
    domain = own_domain("https://www.delinde.nl/")
    assert domain == "delinde.nl"
    found = privacy_findings(text, "a.md", 1, domain=domain)
    assert [f.message.split("(")[1][:4] for f in found] == ["j***", "x***"]
    assert len(privacy_findings(text, "a.md", 1)) == 4
    assert own_domain("") == "" and own_domain("http://localhost:8000/a/") == "localhost"


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("Bel 06-12345678.", "met het nummer zoals het in de tekst staat"),
        ("Mail jan@example.nl.", "eigen domein van de site"),
        ("Lindelaan 12, 3512 AB Utrecht.", "met de postcode of de straat en het huisnummer"),
        ("Ordernummer 111222333.", "met de cijfers zoals ze in de tekst staan"),
    ],
)
def test_the_message_says_where_and_how_to_allow(text, hint):
    (finding,) = privacy_findings(text, "a.md", 1)
    assert "mkdocs.yml" in finding.message and "`privacy: {allowed: [...]}`" in finding.message
    assert hint in finding.message


def test_email():
    findings = privacy_findings(
        "Mail naar jan.de.vries@example.nl of [mij](mailto:j@x.nl).", "a.md", 1
    )
    assert [(f.rule, f.level) for f in findings] == [("privacy.email", "warning")] * 2
    assert "j***@example.nl" in findings[0].message
    assert "jan.de.vries" not in findings[0].message
    assert "j@x.nl" not in findings[1].message


def test_digits_in_an_email_domain_are_masked_too():
    (finding,) = privacy_findings("Mail 0612345678@sms.0612345678.nl.", "a.md", 1)
    assert "0***@sms.**********.nl" in finding.message


@pytest.mark.parametrize("written", [IBAN, "NL91 ABNA 0417 1643 00", "BE68 5390 0754 7034"])
def test_iban_is_an_error(written):
    findings = privacy_findings(f"Maak het over op {written} t.n.v. Wilma.", "a.md", 1)
    assert [(f.rule, f.level) for f in findings] == [("privacy.iban", "error")]
    assert written not in findings[0].message
    assert written.replace(" ", "")[-4:-2] in findings[0].message.replace(" ", "")


def test_iban_failing_mod97_is_not_an_iban():
    assert flagged("Code NL92 ABNA 0417 1643 00.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Stuur het naar 1234 AB 12.",
        "Stuur het naar 1234AB 12a.",
        "Ze woont op Dorpsstraat 12, 1234 AB Utrecht.",
        "Lange Nieuwstraat 3-5 3512 PH Utrecht",
    ],
)
def test_postcode_with_house_number(text):
    assert flagged(text) == [("privacy.address", "warning")]


@pytest.mark.parametrize(
    "text",
    ["Ze woont in 1234 AB Utrecht.", "Zorgcentrum De Linde, Utrecht", "In 2027 EN daarna."],
)
def test_postcode_alone_or_place_is_no_address(text):
    assert flagged(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Wilma (geboren op 12 maart 1948) houdt van knuffels.",
        "Geb. 01-02-1950 in Utrecht.",
        "Geboortedatum: 1948-03-12",
        "Hij is op 3 mei '48 geboren.",
    ],
)
def test_birthdates_are_errors(text):
    findings = privacy_findings(text, "a.md", 1)
    assert [(f.rule, f.level) for f in findings] == [("privacy.birthdate", "error")]
    assert not re.search(r"19\d\d|'48", findings[0].message)


@pytest.mark.parametrize(
    "text",
    ["De operatie is op 12 maart 2027.", "Ze is geboren in 1948.", "Uw afspraak: 01-02-2027."],
)
def test_other_dates_are_not_birthdates(text):
    assert flagged(text) == []


def test_lines_count_from_first_line():
    text = "Eerste regel.\n\nMijn nummer: 06-12345678\nen mail: a@b.nl\n"
    findings = privacy_findings(text, "a.md", 7)
    assert [(f.rule, f.line) for f in findings] == [("privacy.phone", 9), ("privacy.email", 10)]
    assert str(findings[0]).startswith("a.md:9: warning:")


def test_redact_replaces_every_item_with_its_mask():
    text = f"Bel 06-12345678, BSN {VALID_BSN}, IBAN {IBAN}."
    assert redact(text) == "Bel 06-****5678, BSN *****6782, IBAN NL** **** **** **43 00."
    assert redact("Bel 06-12345678.", allowed=["0612345678"]) == "Bel 06-12345678."


# Property tests.


def bsn_numbers():
    def complete(digits):
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        return "".join(map(str, digits)) + str(total % 11)

    return (
        st.lists(st.integers(0, 9), min_size=8, max_size=8)
        .filter(
            lambda digits: (
                sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11 < 10
            )
        )
        .map(complete)
        .filter(lambda number: number != "000000000")
    )


def dutch_ibans():
    def build(bank, account):
        bban = bank + account
        number = int("".join(str(int(c, 36)) for c in bban + "NL00"))
        return f"NL{98 - number % 97:02d}{bban}"

    return st.builds(
        build,
        st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=4, max_size=4),
        st.text("0123456789", min_size=10, max_size=10),
    )


def phones():
    def write(subscriber, style):
        return [
            f"06-{subscriber}",
            f"06 {subscriber[:4]} {subscriber[4:]}",
            f"+316{subscriber}",
            f"0031 6 {subscriber}",
        ][style]

    return st.builds(write, st.text("0123456789", min_size=8, max_size=8), st.integers(0, 3))


emails = st.builds(
    lambda local, domain: f"{local}@{domain}.nl",
    st.from_regex(r"[a-z][a-z0-9.]{0,10}[a-z]", fullmatch=True),
    st.from_regex(r"[a-z]{2,10}", fullmatch=True),
)

filler = st.text(st.sampled_from(list("abc xyz,.\n")), max_size=20)


@settings(max_examples=200)
@given(
    st.one_of(
        bsn_numbers().map(lambda n: ("bsn", n, f"BSN {n}")),
        dutch_ibans().map(lambda n: ("iban", n, n)),
        phones().map(lambda n: ("phone", n, n)),
        emails.map(lambda n: ("email", n, n)),
    ),
    filler,
    filler,
)
def test_detected_data_is_never_printed_in_full(item, before, after):
    kind, value, written = item
    text = f"{before} {written} {after}"
    findings = privacy_findings(text, "a.md", 1)
    assert f"privacy.{kind}" in [finding.rule for finding in findings]
    for finding in findings:
        assert value not in finding.message
        assert written not in finding.message
        assert (
            re.sub(r"\D", "", value)[-8:] not in re.sub(r"\D", "", finding.message)
            or kind == "email"
        )
    assert value not in redact(text)


PRIVACY_ALPHABET = st.sampled_from(
    list("0123456789 -.+()/@€,:\n")
    + [
        "NL",
        "BE",
        "AB",
        "BSN ",
        "geboren ",
        "mail",
        ".nl",
        "straat ",
        "maart ",
        "+31",
        "0031",
        "06",
        "'",
        "\u00a0",
    ]
)


@settings(max_examples=400)
@given(st.lists(PRIVACY_ALPHABET, max_size=60).map("".join))
def test_random_text_never_raises_and_findings_never_hold_long_digit_runs(text):
    findings = privacy_findings(text, "a.md", 1)
    items = detect(text)
    assert len(findings) == len(items)
    for finding in findings:
        assert finding.rule.startswith("privacy.")
        assert not re.search(r"\d{5}", finding.message)
        assert not re.search(r"[\w.+-]{2}@", finding.message)
    for item in items:
        assert text[item.start : item.end] not in redact(text)


@given(st.text())
def test_any_text_never_raises(text):
    assert isinstance(privacy_findings(text, "a.md", 1), list)
