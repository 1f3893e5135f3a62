"""Brazilian court case numbers (CNJ Resolution 65/2008): NNNNNNN-DD.AAAA.J.TR.OOOO,
where DD are check digits computed with ISO 7064 mod 97-10 over the other 18 digits."""

from __future__ import annotations

import re

_FORMATTED = re.compile(r"^(\d{7})-(\d{2})\.(\d{4})\.(\d)\.(\d{2})\.(\d{4})$")


def digits_of(number: str) -> str | None:
    """The 20 digits of a CNJ number written formatted or bare (as DataJud sends it)."""
    text = number.strip()
    match = _FORMATTED.match(text)
    if match:
        return "".join(match.groups())
    return text if len(text) == 20 and text.isdigit() else None


def check_digits(sequence: str, year: str, segment: str, court: str, origin: str) -> str:
    remainder = int(sequence + year + segment + court + origin + "00") % 97
    return f"{98 - remainder:02d}"


def is_valid(number: str) -> bool:
    digits = digits_of(number)
    if digits is None:
        return False
    sequence, dd, year, segment, court, origin = (
        digits[:7],
        digits[7:9],
        digits[9:13],
        digits[13],
        digits[14:16],
        digits[16:],
    )
    return check_digits(sequence, year, segment, court, origin) == dd


def format_number(digits: str) -> str:
    return f"{digits[:7]}-{digits[7:9]}.{digits[9:13]}.{digits[13]}.{digits[14:16]}.{digits[16:]}"
