"""Review and duty rules, with fixed dates. Nothing here depends on today."""

from __future__ import annotations

import datetime as dt

import pytest

from sopkit import model
from sopkit.status.asof import resolve_as_of
from sopkit.status.obligations import obligation_state
from sopkit.status.reviews import add_period, review_diagnostics, review_state, review_states

TWO_YEARS = model.Period(years=2)
RULE = model.ReviewRule(cycle=TWO_YEARS, warning=model.Period(days=90))
D = dt.date


def section(
    last: dt.date | None, cycle: model.Period | None = None, number: str = "4.2"
) -> model.Section:
    review = None
    if last is not None:
        review = model.Review(
            last_reviewed=last, reviewed_by="SOP Manual Team", outcome="no-change", cycle=cycle
        )
    return model.Section(
        id=f"s{number}",
        number=number,
        title="Interviewing students",
        summary="s",
        owner=model.Ref("sso"),
        visibility="public",
        audiences=(),
        implements=(),
        review=review,
    )


@pytest.mark.parametrize(
    ("start", "period", "expected"),
    [
        (D(2024, 2, 29), model.Period(years=2), D(2026, 2, 28)),  # a leap day, two years on
        (D(2024, 2, 29), model.Period(years=4), D(2028, 2, 29)),
        (D(2024, 8, 31), model.Period(months=6), D(2025, 2, 28)),  # a month end
        (D(2024, 1, 31), model.Period(months=1), D(2024, 2, 29)),
        (D(2025, 3, 12), model.Period(years=2), D(2027, 3, 12)),
        (D(2025, 12, 31), model.Period(days=1), D(2026, 1, 1)),
    ],
)
def test_due_dates_count_calendar_months(
    start: dt.date, period: model.Period, expected: dt.date
) -> None:
    assert add_period(start, period) == expected


def test_the_due_date_itself_is_not_overdue_and_the_day_after_is() -> None:
    reviewed = section(D(2024, 2, 29))
    on_the_day = review_state(reviewed, RULE, D(2026, 2, 28))
    assert (on_the_day.status, on_the_day.due, on_the_day.days_left) == (
        "due-soon",
        D(2026, 2, 28),
        0,
    )
    day_after = review_state(reviewed, RULE, D(2026, 3, 1))
    assert (day_after.status, day_after.days_left) == ("overdue", -1)


def test_the_warning_window() -> None:
    reviewed = section(D(2025, 3, 12))  # due 2027-03-12; 90 days before is 2026-12-12
    assert review_state(reviewed, RULE, D(2026, 12, 11)).status == "current"
    assert review_state(reviewed, RULE, D(2026, 12, 12)).status == "due-soon"
    wider = model.ReviewRule(cycle=TWO_YEARS, warning=model.Period(months=6))
    assert review_state(reviewed, wider, D(2026, 9, 12)).status == "due-soon"
    assert review_state(reviewed, wider, D(2026, 9, 11)).status == "current"


def test_a_section_may_have_its_own_cycle() -> None:
    state = review_state(section(D(2026, 1, 15), cycle=model.Period(years=1)), RULE, D(2026, 12, 1))
    assert (state.due, state.status, state.cycle) == (
        D(2027, 1, 15),
        "due-soon",
        model.Period(years=1),
    )


def test_never_reviewed() -> None:
    state = review_state(section(None), RULE, D(2026, 12, 1))
    assert (state.status, state.due, state.days_left) == ("never-reviewed", None, None)


def test_an_instant_that_is_a_different_date_in_louisville() -> None:
    # 03:30 UTC on 17 June is still 16 June in Louisville (UTC-4 in summer).
    instant = dt.datetime(2026, 6, 17, 3, 30, tzinfo=dt.UTC)
    louisville = resolve_as_of(
        None, environ={}, time_zone="America/Kentucky/Louisville", now=instant
    )
    utc = resolve_as_of(None, environ={}, time_zone="UTC", now=instant)
    assert (louisville, utc) == (D(2026, 6, 16), D(2026, 6, 17))
    due_16_june = section(D(2024, 6, 16))
    assert review_state(due_16_june, RULE, louisville).status == "due-soon"  # its due date
    assert review_state(due_16_june, RULE, utc).status == "overdue"


def test_as_of_comes_from_the_option_then_the_environment() -> None:
    now = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
    assert resolve_as_of("2025-01-02", environ={"SOPKIT_AS_OF": "2024-01-01"}, now=now) == D(
        2025, 1, 2
    )
    assert resolve_as_of(None, environ={"SOPKIT_AS_OF": "2024-01-01"}, now=now) == D(2024, 1, 1)
    assert resolve_as_of(None, environ={}, now=now) == D(2026, 12, 1)


def test_states_are_ordered_most_urgent_first() -> None:
    manual = model.Manual(
        id="m",
        title="M",
        organization="O",
        policy=model.Ref("p"),
        edition="1",
        time_zone="UTC",
        review=RULE,
        team=model.Team(name="T", members=()),
        roles=(),
        audiences=(),
        chapters=(
            model.Chapter(
                id="c",
                number="4",
                title="C",
                sections=(
                    section(D(2026, 1, 1), number="4.1"),
                    section(D(2024, 1, 1), number="4.2"),
                    section(None, number="4.3"),
                    section(D(2025, 1, 1), number="4.4"),
                ),
            ),
        ),
    )
    states = review_states(manual, D(2026, 12, 1))
    assert [(s.section.number, s.status) for s in states] == [
        ("4.2", "overdue"),
        ("4.3", "never-reviewed"),
        ("4.4", "due-soon"),
        ("4.1", "current"),
    ]
    assert [str(d).split(": ", 1)[1] for d in review_diagnostics(states)] == [
        "warning: 4.2 Interviewing students: review overdue since 1 January 2026 (last reviewed "
        "1 January 2024)\n  hint: review the section, then record it: sopkit review mark s4.2",
        "warning: 4.3 Interviewing students: never reviewed\n"
        "  hint: review the section, then record it: sopkit review mark s4.3",
        "info: 4.4 Interviewing students: review due by 1 January 2027 (31 days)",
    ]


# -- duties ---------------------------------------------------------------------------


def duty(
    repeats: model.Repeats,
    by: model.MonthDay | None = None,
    last_done: dt.date | None = None,
    measured_by: str | None = None,
) -> model.Obligation:
    return model.Obligation(
        id="o",
        title="Report to the Center",
        clause=model.Ref("c"),
        responsible=model.Ref("r"),
        recipient="x",
        schedule=model.Schedule(repeats=repeats, by=by),
        last_done=last_done,
        measured_by=measured_by,  # type: ignore[arg-type]
    )


YEARLY = model.Repeats(kind="every", period=model.Period(years=1))
NOV_1 = model.MonthDay(11, 1)
WINDOW = model.Period(days=90)


@pytest.mark.parametrize(
    ("as_of", "last_done", "status", "next_due"),
    [
        (D(2026, 9, 1), None, "due-soon", D(2026, 11, 1)),
        (D(2026, 6, 1), None, "not-recorded", D(2026, 11, 1)),
        (D(2026, 11, 1), None, "due-soon", D(2026, 11, 1)),  # the day itself
        (D(2026, 11, 2), None, "not-recorded", D(2027, 11, 1)),
        (D(2026, 10, 1), D(2026, 9, 30), "current", D(2027, 11, 1)),  # already done this year
        (D(2026, 12, 1), D(2026, 10, 28), "current", D(2027, 11, 1)),
        (D(2026, 9, 1), D(2025, 10, 28), "due-soon", D(2026, 11, 1)),  # last year's was met
        (D(2026, 12, 1), D(2025, 10, 28), "overdue", D(2026, 11, 1)),  # missed 1 November 2026
    ],
)
def test_a_duty_due_on_a_fixed_day_every_year(
    as_of: dt.date, last_done: dt.date | None, status: str, next_due: dt.date
) -> None:
    state = obligation_state(duty(YEARLY, NOV_1, last_done), [], as_of, WINDOW)
    assert (state.status, state.next_due) == (status, next_due)


def test_a_duty_every_year_counts_from_when_it_was_done() -> None:
    assert obligation_state(duty(YEARLY), [], D(2026, 12, 1), WINDOW).status == "not-recorded"
    state = obligation_state(duty(YEARLY, last_done=D(2025, 11, 20)), [], D(2026, 12, 1), WINDOW)
    assert (state.status, state.next_due, state.note) == (
        "overdue",
        D(2026, 11, 20),
        "Last done 20 November 2025; next due 20 November 2026.",
    )


def test_once_and_as_needed_have_no_date() -> None:
    once = obligation_state(duty(model.Repeats(kind="once")), [], D(2026, 12, 1), WINDOW)
    needed = obligation_state(duty(model.Repeats(kind="as needed")), [], D(2026, 12, 1), WINDOW)
    assert (once.status, once.next_due, needed.status) == ("once", None, "as-needed")


def test_the_review_of_the_manual_stands_as_its_sections_do() -> None:
    states = [
        review_state(section(d), RULE, D(2026, 12, 1)) for d in (D(2024, 6, 1), D(2026, 1, 1))
    ]
    state = obligation_state(
        duty(model.Repeats(kind="every", period=TWO_YEARS), measured_by="section-reviews"),
        states,
        D(2026, 12, 1),
        WINDOW,
    )
    assert (state.status, state.next_due, state.note) == (
        "overdue",
        D(2026, 6, 1),
        "Sections: 1 overdue, 1 current.",
    )
