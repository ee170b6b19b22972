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
_OFFSET = re.compile(r"(?:^|\s)(Z|[+-]\d{2}:?\d{2})\b")


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
        parts.append(offset.group(1))
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
