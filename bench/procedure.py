"""The one-stop benchmarks' procedure: one published version, half a day to receive and a day less than the
time limit to appraise. Imported after django.setup()."""

import datetime
from decimal import Decimal

from egov.workdays.clock import TimeUnit
from services import services as catalogue
from services.models import Field, Procedure, ProcedureVersion, ProcessingStep


def bench_version(code: str, name: str, days: int, **procedure_fields) -> ProcedureVersion:
    """The published version of the benchmark procedure `code`, made on the first run and found after."""
    field, _ = Field.objects.get_or_create(code="BENCH", defaults={"name": "Đo hiệu năng"})
    procedure, _ = Procedure.objects.get_or_create(
        code=code, defaults={"name": name, "field": field, **procedure_fields}
    )
    version = procedure.versions.first()
    if version is None:
        version = catalogue.save_version(
            None,
            ProcedureVersion(
                procedure=procedure,
                effective_from=datetime.date(2025, 7, 1),
                time_limit_amount=Decimal(days),
                time_limit_unit=TimeUnit.DAYS,
                result_name="Kết quả",
            ),
        )
        ProcessingStep.objects.create(version=version, order=1, kind="receive", budget=Decimal("0.5"))
        ProcessingStep.objects.create(version=version, order=2, kind="appraise", budget=Decimal(days) - 1)
        catalogue.publish_version(None, version)
    return version
