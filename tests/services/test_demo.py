import io

import pytest

from services import demo
from services.models import Procedure, ProcedureVersion

pytestmark = pytest.mark.django_db


def test_demo_catalogue_is_real_sized_valid_and_idempotent():
    out = io.StringIO()
    demo.seed(out)
    assert "27 procedures created" in out.getvalue()
    procedures = Procedure.objects.all()
    assert procedures.count() >= 25
    assert {p.online_level for p in procedures} >= {2, 3, 4}
    assert {p.handling_level for p in procedures} == {"commune", "province"}
    for procedure in procedures:
        version = procedure.current_version
        assert version is not None and version.status == ProcedureVersion.Status.PUBLISHED
        assert version.steps_budget() <= version.time_limit_amount
        assert procedure.is_online == version.has_form
    permit = Procedure.objects.get(name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ")
    assert permit.current_version.time_limit_amount == 15
    assert {"dia_chi_thua_dat", "so_giay_chung_nhan", "tong_dien_tich_san", "so_tang"} <= set(
        permit.current_version.form_schema["properties"]
    )
    copies = Procedure.objects.get(code="2.000815").current_version
    assert str(copies.cutoff_time) == "15:00:00" and copies.time_limit_amount == 0
    assert (
        copies.time_limit_display == "Trong ngày; tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo"
    )
    assert permit.current_version.papers.get(key="don_de_nghi").template_file
    counts = (Procedure.objects.count(), ProcedureVersion.objects.count())
    demo.seed(io.StringIO())
    assert (Procedure.objects.count(), ProcedureVersion.objects.count()) == counts
