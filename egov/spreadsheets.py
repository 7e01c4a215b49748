"""The one rule for the cells of every Excel export: text stays text, never a formula. Numbers stay numbers
(they cannot be formulas); everything else is written as text with Excel's quote prefix, so that
'=HYPERLINK(...)', '+1', '-1', '@SUM(...)' or a tab or CR before '=' stays as typed: openpyxl would write a
leading '=' as a formula, and the prefix keeps Excel from evaluating any of them once the cell is edited.
Empty values leave the cell empty."""

from decimal import Decimal

from openpyxl.cell import WriteOnlyCell


def _fill(cell, value) -> None:
    if isinstance(value, int | float | Decimal):
        cell.value = value
    else:
        cell.value = str(value)
        cell.data_type = "s"
        cell.quotePrefix = True


def write_row(sheet, row: int, values) -> None:
    """Row `row` of the openpyxl `sheet`."""
    for column, value in enumerate(values, start=1):
        if value is None or value == "":
            continue
        _fill(sheet.cell(row=row, column=column), value)


def append_row(sheet, values, **style) -> None:
    """The next row of a write-only sheet (Workbook(write_only=True): rows go to disk as they come); `style`
    (font=, alignment=...) applies to each of its cells."""
    cells = []
    for value in values:
        if value is None or value == "":
            cells.append(None)
            continue
        cell = WriteOnlyCell(sheet)
        _fill(cell, value)
        for name, setting in style.items():
            setattr(cell, name, setting)
        cells.append(cell)
    sheet.append(cells)
