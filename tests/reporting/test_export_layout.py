"""The §2.7 table's columns and merged headers, shared by the page, the Excel file and the PDF."""

import dataclasses

import pytest

from reporting.exports import layout
from reporting.exports.params import GROUPS


def test_every_column_is_a_figure_of_the_contract():
    from reporting.stats import DossierFigures

    for column in layout.COLUMNS:
        assert column.name in DossierFigures.FIGURES, column.name
    # every counted field of a row appears in the table or feeds a rate shown in it
    shown = {c.name for c in layout.COLUMNS}
    counted = {f.name for f in dataclasses.fields(DossierFigures)}
    assert counted - shown <= {"paid_online", "paid_total", "digitised", "ratings", "satisfied"}


@pytest.mark.parametrize("by", list(GROUPS))
def test_the_headers_cover_every_column_once_in_each_row_band(by):
    rows = layout.header_rows(by)
    width = len(layout.COLUMNS) + 3
    assert len(rows) == layout.DEPTH
    covered = [[False] * width for _ in rows]
    for level, cells in enumerate(rows):
        for cell in cells:
            for r in range(level, level + cell.rowspan):
                for c in range(cell.column - 1, cell.column - 1 + cell.colspan):
                    assert not covered[r][c], (cell, r, c)
                    covered[r][c] = True
    assert all(all(row) for row in covered)


def test_the_official_groups_span_their_columns():
    top = {cell.text: cell for cell in layout.header_rows("procedure")[0]}
    received = top["Số hồ sơ nhận giải quyết"]
    assert (received.column, received.colspan, received.rowspan) == (4, 5, 1)
    result = top["Kết quả giải quyết"]
    assert (result.column, result.colspan) == (9, 7)
    assert top["STT"].rowspan == 3 and top["Thủ tục hành chính"].rowspan == 3
    second = {cell.text: cell for cell in layout.header_rows("procedure")[1] if cell.colspan > 1}
    assert second["Số mới tiếp nhận"].colspan == 3
    assert second["Số hồ sơ đã giải quyết"].colspan == 4
    assert second["Số hồ sơ đang giải quyết"].colspan == 3
    assert layout.column_numbers()[:3] == ["(1)", "(2)", "(3)"]
