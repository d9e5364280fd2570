"""The one rule for printed numbers (nanjiang.common.numbers)."""

import pytest

from nanjiang.common.numbers import (
    derived_value,
    display,
    fixed,
    printed_decimals,
    rounding_tolerance,
    tolerance_text,
    trimmed,
    with_unit,
)


def test_fixed_rounds_half_away_from_zero():
    assert fixed(2.675, 2) == "2.68"  # 2.67499999… in binary: rounded as printed
    assert fixed(6.25, 1) == "6.3"  # not round-half-even
    assert fixed(-54.773, 2) == "-54.77"
    assert fixed(-0.004, 2) == "0.00"  # never -0.00
    assert fixed(212.23, 2) == "212.23"
    assert fixed(391.0, 0) == "391"
    assert fixed(0.05, 1) == "0.1"
    assert fixed(1.15 + 2.1, 1) == "3.3"  # a sum of printed decimals rounds as on paper


def test_derived_values_have_two_decimals_for_percentages():
    assert derived_value(-0.001, "百分点", 0) == "0.00"
    assert derived_value(2.675, "%", 2) == "2.68"
    assert derived_value(-10.9, "台", 1) == "-10.9"
    assert derived_value(391.0, "元", 0) == "391"


def test_trimmed_and_tolerance_text():
    assert trimmed(85.5, 2) == "85.5"
    assert trimmed(90.0, 1) == "90"
    assert trimmed(12, 0) == "12"
    assert tolerance_text(0.05 + 1e-9) == "0.05"
    assert tolerance_text(1e-9) == "0"


def test_display_and_units():
    assert display(" 10,371 ") == "10371"
    assert display("+1.50") == "1.50"
    assert display("-3") == "-3"
    assert with_unit("85.5", "%") == "85.5%"
    assert with_unit("9.5", "台") == "9.5 台"


def test_printed_decimals_and_rounding_tolerance():
    assert printed_decimals("90.0") == 1
    assert printed_decimals("29.28") == 2
    assert printed_decimals("12") == 0
    # three shares printed to one decimal: each may be off by 0.05
    assert rounding_tolerance(["23.6", "66.8", "9.6"]) == pytest.approx(0.15)
