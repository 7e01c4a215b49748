"""A statistics table as a PDF: A4 landscape, Tinos (egov.pdf), the same headers as the Excel file."""

from django.conf import settings
from django.utils import translation

from egov.pdf.render import render_pdf

from . import layout

CONTENT_TYPE = "application/pdf"


def document(report) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return _document(report)


def _document(report) -> bytes:
    rows = [
        {"number": index, "key": row.key, "label": row.label, "values": layout.values(row.figures)}
        for index, row in enumerate(report.rows, start=1)
    ]
    context = {
        "report": report,
        "title": layout.title(),
        "period_line": layout.period_line(report.period),
        "agency_name": report.scope_label,
        "header_rows": layout.header_rows(report.by),
        "column_numbers": layout.column_numbers(),
        "rows": rows,
        "total": layout.values(report.total),
    }
    return render_pdf("reporting/pdf/table.html", context)
