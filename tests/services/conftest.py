import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfWriter

from egov.workdays.clock import TimeUnit
from services import services
from services.models import Fee, Field, Procedure, ProcedureVersion, ProcessingStep, RequiredPaper


def _blank_pdf() -> bytes:
    """A real one-page PDF: an upload is a PDF only when it parses."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = _blank_pdf()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32

CONSTRUCTION_SCHEMA = {
    "type": "object",
    "properties": {
        "ho_ten": {"type": "string", "title": "Họ và tên", "minLength": 1},
        "dia_chi_thua_dat": {"type": "string", "title": "Địa chỉ lô đất", "minLength": 5},
        "so_giay_chung_nhan": {"type": "string", "title": "Số giấy chứng nhận"},
        "dien_tich_san": {"type": "number", "title": "Tổng diện tích sàn (m²)", "exclusiveMinimum": 0},
        "so_tang": {"type": "integer", "title": "Số tầng", "minimum": 1, "maximum": 15},
        "email": {"type": "string", "title": "Thư điện tử", "format": "email"},
        "cam_ket": {"type": "boolean", "title": "Tôi cam kết"},
    },
    "required": ["ho_ten", "dia_chi_thua_dat", "so_giay_chung_nhan", "dien_tich_san", "so_tang", "cam_ket"],
}
CONSTRUCTION_LAYOUT = {
    "sections": [
        {"title": "Người đề nghị", "fields": ["ho_ten", "email"]},
        {
            "title": "Lô đất và công trình",
            "fields": ["dia_chi_thua_dat", "so_giay_chung_nhan", "dien_tich_san", "so_tang"],
        },
    ],
    "fields": {"so_tang": {"help": "Kể cả tầng lửng."}},
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_procedure(db):
    """make_procedure(code, name, ...): a procedure with a published version 1 (papers, fee, steps, form)."""

    def make(
        code="1.009994",
        name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        field=("XD", "Xây dựng"),
        level="commune",
        online_level=4,
        classification="toan_trinh",
        days=15,
        effective=datetime.date(2025, 7, 1),
        schema=CONSTRUCTION_SCHEMA,
        layout=CONSTRUCTION_LAYOUT,
        publish=True,
        agency=None,
    ):
        field_obj, _ = Field.objects.get_or_create(code=field[0], defaults={"name": field[1]})
        online = online_level >= 3
        procedure = Procedure.objects.create(
            code=code,
            name=name,
            field=field_obj,
            handling_level=level,
            online_level=online_level,
            classification=classification,
            accepts_online=online,
            returns_online=online,
            returns_postal=online,
            competent_agency=agency,
        )
        version = services.save_version(
            None,
            ProcedureVersion(
                procedure=procedure,
                effective_from=effective,
                time_limit_amount=Decimal(days),
                time_limit_unit=TimeUnit.DAYS,
                result_name="Giấy phép xây dựng",
                legal_basis="Luật Xây dựng 2014",
                form_schema=schema if online else {},
                form_layout=layout if online else {},
            ),
        )
        RequiredPaper.objects.create(
            version=version, order=1, key="don_de_nghi", name="Đơn đề nghị", kind="original"
        )
        RequiredPaper.objects.create(
            version=version, order=2, key="ban_ve", name="Bản vẽ thiết kế", kind="original", quantity=2
        )
        RequiredPaper.objects.create(
            version=version, order=3, key="cam_ket_lien_ke", name="Cam kết liền kề", is_mandatory=False
        )
        Fee.objects.create(version=version, name="Lệ phí cấp giấy phép", amount=75000)
        for order, (kind, budget) in enumerate(
            [("receive", "0.5"), ("appraise", str(max(days - 2, 0))), ("sign", "1"), ("return", "0.5")],
            start=1,
        ):
            ProcessingStep.objects.create(
                version=version,
                order=order,
                kind=kind,
                budget=min(Decimal(budget), Decimal(days)),
                role="specialist",
            )
        if publish:
            services.publish_version(None, version)
        return procedure

    return make


def version_admin_data(procedure, effective="2026-01-01") -> dict:
    """What the admin's "add version" page posts for a plain version with no papers, fees or steps."""
    data = {
        "procedure": procedure.pk,
        "effective_from": effective,
        "change_note": "",
        "time_limit_amount": "15",
        "time_limit_unit": "days",
        "cutoff_time": "",
        "time_limit_note": "",
        "result_name": "Giấy phép",
        "conditions": "",
        "legal_basis": "",
        "allows_supplement": "on",
        "form_schema": "{}",
        "form_layout": "{}",
    }
    for prefix in ("papers", "fees", "steps"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data
