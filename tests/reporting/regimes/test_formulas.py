"""The formula parser: random expressions evaluate like Python's arithmetic on ints (exact division);
garbage is refused with a FormulaError and never raises anything else; a template whose formulas refer to
nothing or go round in a circle is refused with the reason."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.regimes import formulas
from reporting.regimes.formulas import CellSpec, FormulaError

CODES = ["A1", "A2", "B1", "C_3"]


def expressions():
    leaf = st.one_of(
        st.integers(min_value=0, max_value=10**6).map(str),
        st.sampled_from(CODES),
    )

    def extend(children):
        return st.one_of(
            st.tuples(children, st.sampled_from(["+", "-", "*", "/"]), children).map(
                lambda t: f"{t[0]} {t[1]} {t[2]}"
            ),
            children.map(lambda c: f"({c})"),
            children.map(lambda c: f"-{c}"),
        )

    return st.recursive(leaf, extend, max_leaves=12)


def python_value(text, values):
    """Python's own arithmetic over the same text, with exact fractions for the numbers (test only)."""
    import re

    source = re.sub(r"\b(\d+)\b", r"Fraction(\1)", text)
    scope = {"Fraction": Fraction, **{k: Fraction(v) for k, v in values.items()}}
    return eval(source, {"__builtins__": {}}, scope)  # noqa: S307 - the test's oracle, never the app


@settings(max_examples=300, deadline=None)
@given(expressions(), st.fixed_dictionaries({c: st.integers(min_value=0, max_value=10**6) for c in CODES}))
def test_random_expressions_evaluate_like_python(text, values):
    try:
        expected = python_value(text, values)
    except ZeroDivisionError:
        with pytest.raises(FormulaError, match="chia cho 0"):
            formulas.compute(text, values)
        return
    assert formulas.compute(text, values) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=80))
def test_garbage_is_refused_never_raises_anything_else(text):
    try:
        node = formulas.parse(text)
    except FormulaError as error:
        assert str(error)
        return
    # what parses is made of the grammar's tokens only
    assert set(text) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_+-*/() \t\n\r\x0b\x0c") | {
        c for c in text if c.isspace()
    }
    assert node is not None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="A1+-*/() 9x%.,", max_size=40))
def test_near_miss_text_is_refused_or_evaluates(text):
    """Text close to the grammar (lower-case letters, %, decimals): refused with a reason, or parsed into
    a tree that evaluates to an exact number (or refuses a division by zero)."""
    try:
        node = formulas.parse(text)
    except FormulaError as error:
        assert str(error)
        return
    try:
        value = formulas.evaluate(node, dict.fromkeys(formulas.references(node), 2))
    except FormulaError as error:
        assert "chia cho 0" in str(error)
        return
    assert isinstance(value, Fraction)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "A1 +",
        "(A1 + A2",
        "A1 + A2)",
        "A1 ** 2",
        "a1 + 1",
        "__import__('os')",
        "A1 % 2",
        "1.5 * A1",
        "A1 A2",
        "A1\x00",
        "9" * 16,
        "(" * 60 + "1" + ")" * 60,
        "A1 + " * 200 + "1",
        "sum(A1)",
        "A1;A2",
    ],
)
def test_hostile_formulas_are_refused(text):
    with pytest.raises(FormulaError):
        formulas.parse(text)


def test_the_grammar():
    values = {"A1": 7, "A2": 3}
    assert formulas.compute("A1 + A2", values) == 10
    assert formulas.compute("A1 - A2 * 2", values) == 1
    assert formulas.compute("(A1 - A2) * 2", values) == 8
    assert formulas.compute("A2 * 100 / (A1 + A2)", values) == 30
    assert formulas.compute("-A1 + +A2", values) == -4
    assert formulas.compute("A1 / A2", values) == Fraction(7, 3)
    with pytest.raises(FormulaError, match="chia cho 0"):
        formulas.compute("A1 / (A2 - 3)", values)


def cell(code, formula="", source="formula", statistic=""):
    return CellSpec(code, source, statistic, formula)


def test_a_sound_template_passes():
    cells = [
        cell("A1", source="typed"),
        cell("A2", source="typed"),
        cell("A3", "A1 + A2"),
        cell("A4", "A3 * 2"),
    ]
    assert formulas.check_template(cells) == {}
    assert [c.code for c in formulas.evaluation_order(cells)] == ["A3", "A4"]


def test_a_formula_that_refers_to_nothing_is_refused():
    problems = formulas.check_template([cell("A1", source="typed"), cell("A2", "A1 + B9")])
    assert problems == {"A2": ["Chỉ tiêu “A2”: công thức dùng chỉ tiêu không có trong mẫu: B9."]}


def test_a_cycle_is_refused_with_its_path():
    problems = formulas.check_template([cell("A1", "A3 + 1"), cell("A2", "A1"), cell("A3", "A2 * 2")])
    assert problems == {"A1": ["Công thức vòng tròn: A1 → A3 → A2 → A1."]}
    assert formulas.check_template([cell("A1", "A1 + 1")]) == {"A1": ["Công thức vòng tròn: A1 → A1."]}


def test_duplicate_and_malformed_codes_are_refused():
    problems = formulas.check_template(
        [cell("A1", source="typed"), cell("A1", source="typed"), cell("x1", source="typed")]
    )
    assert "Mã chỉ tiêu “A1” bị trùng." in problems["A1"]
    assert problems["x1"]


def test_a_broken_formula_is_refused_with_its_reason():
    problems = formulas.check_template([cell("A1", "2 +")])
    assert problems["A1"][0].startswith("Chỉ tiêu “A1”: Công thức chưa hết")


def test_statistics_are_the_counted_figures_of_reporting_stats():
    known = formulas.known_statistics()
    assert "dossiers.resolved_late" in known and "dossiers.carried_over" in known
    assert not any(name.endswith("_rate") for name in known)
    problems = formulas.check_template([cell("A1", source="statistic", statistic="dossiers.nothing")])
    assert problems == {"A1": ["Chỉ tiêu “A1”: số liệu thống kê “dossiers.nothing” không có."]}
    assert formulas.check_template([cell("A1", source="statistic", statistic="dossiers.resolved_late")]) == {}


@pytest.mark.parametrize("text", ["০", "A1 + ٣", "１２", "A1 + ²"])
def test_digits_of_other_scripts_are_refused(text):
    with pytest.raises(FormulaError, match="không dùng được"):
        formulas.parse(text)
