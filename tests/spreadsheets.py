"""What the Excel exports' tests write into a cell to check it stays text, and how they find it again."""

import io
import zipfile

from openpyxl import load_workbook

# Each starts a formula in Excel or LibreOffice (a tab or a CR before "=" too, when pasted or imported).
FORMULA_LIKE = ["=SUM(A1:A2)", "+SUM(A1:A2)", "-SUM(A1:A2)", "@SUM(A1:A2)", "\t=SUM(A1:A2)", "\r=SUM(A1:A2)"]


def cells_holding(data: bytes, text: str) -> list:
    """The cells of the workbook `data` (every sheet) whose value is `text`, line breaks aside; no cell of
    the file may be a formula."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    book = load_workbook(io.BytesIO(data))
    return [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.lstrip("\r\n") == text.lstrip("\r\n")
    ]


def is_text(cell) -> bool:
    """Written as text, and shown as typed by Excel even once the cell is edited."""
    return cell.data_type == "s" and bool(cell.quotePrefix)
