"""How long lists are split over pages (archive/periods.py): pages of about 20 to 200 entries,
and addresses that stay put as minutes are added."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from minutebook.archive.periods import ERA_YEARS, LIST_LIMIT, Period, by_period, periods_of

YEARS = st.integers(min_value=1990, max_value=2040)
COUNTS = st.dictionaries(YEARS, st.integers(min_value=1, max_value=400), min_size=1)


def newest_first(counts: dict[int, int]) -> dict[int, int]:
    return dict(sorted(counts.items(), reverse=True))


def test_a_quiet_list_is_split_into_eras_of_five_years():
    counts = {2026: 13, 2025: 24, 2024: 17, 2021: 19, 2012: 40, 2006: 3, 2005: 90}
    assert by_period(counts) == {
        Period(2025, 2029): [2026, 2025],
        Period(2020, 2024): [2024, 2021],
        Period(2010, 2014): [2012],
        Period(2005, 2009): [2006, 2005],
    }


def test_an_era_over_the_limit_has_a_page_a_year():
    counts = {2019: 150, 2018: 120, 2014: 30}
    assert by_period(counts) == {
        Period(2019, 2019): [2019],
        Period(2018, 2018): [2018],
        Period(2010, 2014): [2014],
    }


def test_the_addresses_and_titles_of_periods():
    assert (Period(2005, 2009).slug, Period(2005, 2009).label) == ("2005-2009", "2005\u20132009")
    assert (Period(2019, 2019).slug, Period(2019, 2019).label) == ("2019", "2019")


@given(COUNTS)
def test_every_year_is_on_one_page_of_its_own_era(counts: dict[int, int]):
    periods = periods_of(counts)
    assert set(periods) == set(counts)
    for year, period in periods.items():
        assert period.first <= year <= period.last
        assert period.first % ERA_YEARS == 0 or period.first == period.last
        assert period.last - period.first in (0, ERA_YEARS - 1)


@given(COUNTS)
def test_no_page_holds_more_than_the_limit_unless_one_year_does(counts: dict[int, int]):
    for period, years in by_period(newest_first(counts)).items():
        total = sum(counts[year] for year in years)
        assert total <= LIST_LIMIT or years == [period.first] == [period.last]


@given(COUNTS, YEARS, st.integers(min_value=1, max_value=50))
def test_adding_entries_moves_no_other_year_unless_its_era_splits(
    counts: dict[int, int], year: int, added: int
):
    """Minutes added in one year leave every other year on the page it was on, except the
    years of that year's era when the era goes over the limit (they get a page a year)."""
    before = periods_of(counts)
    grown = counts | {year: counts.get(year, 0) + added}
    after = periods_of(grown)
    era = year - year % ERA_YEARS
    split = any(p.first == p.last for y, p in after.items() if y - y % ERA_YEARS == era)
    for other, period in before.items():
        if other - other % ERA_YEARS != era or not split:
            assert after[other] == period


@given(COUNTS)
def test_pages_keep_the_lists_order(counts: dict[int, int]):
    ordered = newest_first(counts)
    flattened = [year for years in by_period(ordered).values() for year in years]
    assert flattened == list(ordered)
