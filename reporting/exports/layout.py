"""The columns of the §2.7 table (the VPCP form laid out by the implementations that agree on it), once
for the page, the Excel file and the PDF: each column is a DossierFigures name and its header path from
the top group down to its own label. `header_rows` turns the paths into the merged header cells
("Số hồ sơ nhận giải quyết" over its five columns, "Mới tiếp nhận" over three, ...)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.pdf.dates import official_date

from .params import GROUPS

RECEIVED = gettext_lazy("Số hồ sơ nhận giải quyết")
NEW = gettext_lazy("Số mới tiếp nhận")
RESULT = gettext_lazy("Kết quả giải quyết")
RESOLVED = gettext_lazy("Số hồ sơ đã giải quyết")
IN_PROGRESS = gettext_lazy("Số hồ sơ đang giải quyết")
OTHER = gettext_lazy("Hồ sơ khác")
RATES = gettext_lazy("Tỷ lệ (%)")
TOTAL = gettext_lazy("Tổng số")
LATE = gettext_lazy("Quá hạn")


@dataclass(frozen=True)
class Column:
    name: str  # a DossierFigures field or property
    path: tuple  # header labels, top group first, the column's own label last
    rate: bool = False

    @property
    def label(self) -> str:
        return " – ".join(str(part) for part in self.path)


COLUMNS = (
    Column("received_total", (RECEIVED, TOTAL)),
    Column("carried_over", (RECEIVED, gettext_lazy("Kỳ trước chuyển qua"))),
    Column("new_online", (RECEIVED, NEW, gettext_lazy("Trực tuyến"))),
    Column("new_direct", (RECEIVED, NEW, gettext_lazy("Trực tiếp"))),
    Column("new_post", (RECEIVED, NEW, gettext_lazy("Qua bưu chính công ích"))),
    Column("resolved_total", (RESULT, RESOLVED, TOTAL)),
    Column("resolved_early", (RESULT, RESOLVED, gettext_lazy("Trả trước hạn"))),
    Column("resolved_on_time", (RESULT, RESOLVED, gettext_lazy("Trả đúng hạn"))),
    Column("resolved_late", (RESULT, RESOLVED, gettext_lazy("Trả quá hạn"))),
    Column("in_progress_total", (RESULT, IN_PROGRESS, TOTAL)),
    Column("in_progress_within", (RESULT, IN_PROGRESS, gettext_lazy("Chưa đến hạn"))),
    Column("in_progress_overdue", (RESULT, IN_PROGRESS, LATE)),
    Column("waiting_supplement", (OTHER, gettext_lazy("Chờ bổ sung"))),
    Column("withdrawn", (OTHER, gettext_lazy("Rút hồ sơ"))),
    Column("refused", (OTHER, gettext_lazy("Từ chối giải quyết"))),
    Column("stopped", (OTHER, gettext_lazy("Dừng xử lý"))),
    Column("on_time_rate", (RATES, gettext_lazy("Đúng hạn")), rate=True),
    Column("online_rate", (RATES, gettext_lazy("Trực tuyến")), rate=True),
    Column("online_payment_rate", (RATES, gettext_lazy("Thanh toán trực tuyến")), rate=True),
    Column("digitised_rate", (RATES, gettext_lazy("Số hóa hồ sơ")), rate=True),
    Column("satisfaction_rate", (RATES, gettext_lazy("Hài lòng")), rate=True),
)
# numbers that have dossiers behind them (the rates have none)
COUNT_COLUMNS = tuple(c for c in COLUMNS if not c.rate)
DEPTH = max(len(c.path) for c in COLUMNS)
NUMBER, CODE, LABEL = gettext_lazy("STT"), gettext_lazy("Mã"), None  # LABEL: the group's heading


@dataclass(frozen=True)
class HeaderCell:
    text: str
    column: int  # 1-based, counting the three leading columns
    colspan: int
    rowspan: int


def lead_headers(by: str) -> list[str]:
    return [str(NUMBER), str(CODE), str(GROUPS[by])]


def header_rows(by: str) -> list[list[HeaderCell]]:
    """DEPTH rows of header cells: a leaf label reaches down to the last row; equal groups side by side
    become one cell over their columns."""
    paths = [(text,) for text in lead_headers(by)] + [tuple(str(p) for p in c.path) for c in COLUMNS]
    rows: list[list[HeaderCell]] = []
    for level in range(DEPTH):
        cells, index = [], 0
        while index < len(paths):
            path = paths[index]
            if level >= len(path):
                index += 1
                continue
            leaf = level == len(path) - 1
            span = 1
            if not leaf:
                while (
                    index + span < len(paths)
                    and len(paths[index + span]) > level + 1
                    and paths[index + span][: level + 1] == path[: level + 1]
                ):
                    span += 1
            cells.append(HeaderCell(path[level], index + 1, span, DEPTH - level if leaf else 1))
            index += span
        rows.append(cells)
    return rows


def column_numbers() -> list[str]:
    """'(1)', '(2)', ... under the headers, as on the printed forms."""
    return [f"({n})" for n in range(1, len(COLUMNS) + 4)]


def values(figures) -> list:
    return [getattr(figures, c.name) for c in COLUMNS]


def title() -> str:
    return _("BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH")


def period_line(period) -> str:
    return _("Kỳ báo cáo: từ %(start)s đến %(end)s") % {
        "start": official_date(period.start),
        "end": official_date(period.end),
    }


def scope_line(report) -> str:
    return _("Đơn vị báo cáo: %(scope)s") % {"scope": report.scope_label}


def base_filename(report) -> str:
    p = report.period
    return f"bao-cao-ho-so-{report.by}-{p.start:%Y%m%d}-{p.end:%Y%m%d}"
