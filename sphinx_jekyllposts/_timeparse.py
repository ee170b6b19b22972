"""The shapes of date text Ruby's ``Time.parse`` reads, brought to ISO form.

Jekyll reads a front matter ``date:`` that YAML left as text with
``Time.parse(input)`` (``Jekyll::Utils.parse_date``), which finds a date, a time and
an offset wherever they stand: ``2023/04/07 17:07 +0200``, ``2023.4.7``,
``April 7, 2023 10:30 PM``, ``Sat, 07 Apr 2023 10:00:00 +0000``. Only these
unambiguous shapes are read: a year first with ``-``, ``/`` or ``.`` between the
parts, or a month written as a name.
"""

from __future__ import annotations

import re

__all__ = ["iso_date_text"]

_MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_MONTH = rf"({'|'.join(_MONTHS)})[a-z]*\.?"
_NUMERIC = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
# 7 Apr 2023, 7th April 2023, 2023-Apr-07
_DAY_MONTH = re.compile(
    rf"(?<![\d\w])(\d{{1,2}})(?:st|nd|rd|th)?[\s-]+{_MONTH}[\s,-]+(\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_YEAR_MONTH = re.compile(rf"(?<!\d)(\d{{4}})-{_MONTH}-(\d{{1,2}})(?!\d)", re.IGNORECASE)
# April 7, 2023
_MONTH_DAY = re.compile(
    rf"(?<![\w]){_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?(?:\s*([ap])\.?m\.?\b)?",
    re.IGNORECASE,
)
#: The zone names Ruby's ``Time.parse`` reads (``Date::Format::ZONES``, the short
#: ones), as hours from UTC.
ZONE_HOURS = {
    "ut": 0, "utc": 0, "gmt": 0, "wet": 0, "est": -5, "edt": -4, "cst": -6,
    "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "akst": -9, "akdt": -8,
    "hst": -10, "hast": -10, "hadt": -9, "ast": -4, "adt": -3, "nst": -3.5,
    "ndt": -2.5, "art": -3, "brt": -3, "brst": -2, "clt": -4, "clst": -3,
    "bst": 1, "cet": 1, "met": 1, "mez": 1, "wat": 1, "west": 1, "cest": 2,
    "eet": 2, "mest": 2, "mesz": 2, "sast": 2, "eat": 3, "eest": 3, "msk": 3,
    "msd": 4, "ist": 5.5, "cct": 8, "sgt": 8, "wadt": 8, "jst": 9, "kst": 9,
    "east": 10, "gst": 10, "eadt": 11, "nzst": 12, "nzt": 12, "nzdt": 13,
}  # fmt: skip
_ZONE_NAMES = "|".join(sorted(ZONE_HOURS, key=len, reverse=True))
_OFFSET = re.compile(rf"(?:^|\s)(Z|[+-]\d{{2}}:?\d{{2}}|(?i:{_ZONE_NAMES}))(?![\w:])")


def zone_offset(name: str) -> str:
    """``EST`` → ``-0500``: a zone name Ruby reads, as a numeric offset."""
    minutes = round(ZONE_HOURS[name.lower()] * 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def iso_date_text(text: str) -> str | None:
    """``2023/04/07 5:07 pm +0200`` → ``2023-04-07 17:07 +0200``.

    :return: the date, time and offset found in ``text`` in ISO order, or ``None``
        if no date is found
    """
    found = _date(text)
    if found is None:
        return None
    date, end = found
    parts = [date]
    time = _TIME.search(text, end)
    if time:
        hour, minute, second, fraction, meridian = time.groups()
        hours = (
            int(hour) % 12 + 12 * (meridian.lower() == "p") if meridian else int(hour)
        )
        clock = f"{hours:02d}:{minute}"
        if second:
            clock += f":{second}{fraction or ''}"
        parts.append(clock)
        end = time.end()
    offset = _OFFSET.search(text, end)
    if offset:
        zone = offset.group(1)
        parts.append(zone_offset(zone) if zone.lower() in ZONE_HOURS else zone)
    return " ".join(parts)


def _date(text: str) -> tuple[str, int] | None:
    """The first date in ``text`` as ``YYYY-MM-DD``, and where it ends."""
    if match := _NUMERIC.search(text):
        year, _, month, day = match.groups()
    elif match := _YEAR_MONTH.search(text):
        year, name, day = match.groups()
        month = str(_MONTHS.index(name.lower()) + 1)
    elif match := _DAY_MONTH.search(text):
        day, name, year = match.groups()
        month = str(_MONTHS.index(name.lower()) + 1)
    elif match := _MONTH_DAY.search(text):
        name, day, year = match.groups()
        month = str(_MONTHS.index(name.lower()) + 1)
    else:
        return None
    return f"{year}-{int(month):02d}-{int(day):02d}", match.end()
