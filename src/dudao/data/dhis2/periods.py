"""DHIS2 periods (报告期) and our years: ``2021``, ``2021Sep`` and ADX's ``2021-09-01/P1Y``.

dudao keeps one value per unit, element and **year**. A DHIS2 data set reports either by
calendar year (period type ``Yearly``: ``2021``) or by financial year, which starts in a
given month (``FinancialSep``: ``2021Sep`` runs from September 2021 to August 2022; a school
year 学年 is one of these). ADX writes the same period as its start date and its length
(``2021-09-01/P1Y``). A financial year becomes the year it starts in, or with
``year: end`` the year it ends in.

>>> rule = PeriodRule("FinancialSep")
>>> rule.year_of("2021Sep"), rule.dhis2(2021), rule.adx(2021)
(2021, '2021Sep', '2021-09-01/P1Y')
>>> rule.year_of_adx("2021-09-01/P1Y"), rule.year_of("2021") is None
(2021, True)
>>> PeriodRule("FinancialJuly", year="end").year_of("2021July")
2022
>>> PeriodRule().year_of("202101") is None     # a monthly period is not a year
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# DHIS2's financial-year period types: the ISO suffix after the year, and the first month.
FINANCIAL_MONTHS = {"Feb": 2, "April": 4, "July": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11}
PERIOD_TYPES = ("Yearly", *(f"Financial{suffix}" for suffix in FINANCIAL_MONTHS))
YEAR_SIDES = ("start", "end")
_ADX = re.compile(r"(\d{4})-(\d{2})-(\d{2})/P1Y")


@dataclass(frozen=True)
class PeriodRule:
    """How the mapping turns DHIS2 periods into our years and back.

    ``type``: a DHIS2 period type of :data:`PERIOD_TYPES`. ``year``: for a financial year,
    whether our year is the year it starts in (``start``) or ends in (``end``).
    """

    type: str = "Yearly"
    year: str = "start"

    def __post_init__(self) -> None:
        if self.type not in PERIOD_TYPES or self.year not in YEAR_SIDES:
            raise ValueError(f"unknown period type {self.type!r} or year side {self.year!r}")

    @property
    def suffix(self) -> str:
        """The ISO suffix after the year: "" for Yearly, "Sep" for FinancialSep."""
        return self.type.removeprefix("Financial") if self.type != "Yearly" else ""

    @property
    def start_month(self) -> int:
        return FINANCIAL_MONTHS.get(self.suffix, 1)

    @property
    def _shift(self) -> int:
        """Our year minus the DHIS2 year (the year the period starts in)."""
        return 1 if self.suffix and self.year == "end" else 0

    def year_of(self, period: str) -> int | None:
        """Our year for a DHIS2 period string, or None when it is not of this type."""
        match = re.fullmatch(r"(\d{4})" + re.escape(self.suffix), period.strip())
        return int(match.group(1)) + self._shift if match else None

    def year_of_adx(self, period: str) -> int | None:
        """Our year for an ADX period (``start/P1Y``), or None when it is not of this type."""
        match = _ADX.fullmatch(period.strip())
        if not match or int(match.group(2)) != self.start_month or match.group(3) != "01":
            return None
        return int(match.group(1)) + self._shift

    def dhis2(self, year: int) -> str:
        """The DHIS2 period string of our ``year``."""
        return f"{year - self._shift:04d}{self.suffix}"

    def adx(self, year: int) -> str:
        """The ADX period (start date and duration) of our ``year``."""
        return f"{year - self._shift:04d}-{self.start_month:02d}-01/P1Y"

    def expected(self) -> dict[str, str]:
        """What a period of this type looks like, for the catalogue's ``bad-period`` (variant
        ``dhis2``): its type, and the periods of one year in DHIS2 and in ADX.

        >>> PeriodRule("FinancialSep").expected()
        {'period_type': 'FinancialSep', 'example': '2021Sep', 'adx_example': '2021-09-01/P1Y'}
        """
        year = 2021 + self._shift
        return {"period_type": self.type, "example": self.dhis2(year), "adx_example": self.adx(year)}
