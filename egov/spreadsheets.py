"""The one rule for the cells of every Excel export: text stays text, never a formula."""

from decimal import Decimal


def write_row(sheet, row: int, values) -> None:
    """Row `row` of the openpyxl `sheet`. Numbers stay numbers (they cannot be formulas); everything else is
    written as text with Excel's quote prefix, so that '=HYPERLINK(...)', '+1', '-1', '@SUM(...)' or a tab
    or CR before '=' stays as typed: openpyxl would write a leading '=' as a formula, and the prefix keeps
    Excel from evaluating any of them once the cell is edited. Empty values leave the cell empty."""
    for column, value in enumerate(values, start=1):
        if value is None or value == "":
            continue
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, int | float | Decimal):
            cell.value = value
        else:
            cell.value = str(value)
            cell.data_type = "s"
            cell.quotePrefix = True
