"""Import and export of the catalogue as an Excel workbook (openpyxl).

Four sheets: "Thủ tục" (one row per procedure with its current version's rules and form), "Giấy tờ",
"Lệ phí" and "Các bước" (rows linked by the procedure code). Import is all-or-nothing: every row is checked
first and any problem is reported as (sheet, row number, column, reason in Vietnamese) with nothing written;
a clean workbook is applied in one transaction. Importing a procedure whose rules differ from its latest
version creates a new version (published versions are never edited); identical rules change nothing."""

import datetime
import json
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from zipfile import BadZipFile, ZipFile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from egov.accounts.roles import Role
from egov.errors import DomainError
from egov.spreadsheets import write_row
from egov.workdays.clock import TimeUnit

from . import forms_schema, services
from .models import (
    PROCEDURE_CODE,
    VERSION_CONTENT_FIELDS,
    Classification,
    Fee,
    Field,
    HandlingLevel,
    Procedure,
    ProcedureVersion,
    ProcessingStep,
    RequiredPaper,
)

PROCEDURES, PAPERS, FEES, STEPS = "Thủ tục", "Giấy tờ", "Lệ phí", "Các bước"
PROCEDURE_COLUMNS = [
    "Mã thủ tục",
    "Tên thủ tục",
    "Mã lĩnh vực",
    "Tên lĩnh vực",
    "Cấp thực hiện",
    "Cơ quan có thẩm quyền",
    "Cơ quan tiếp nhận",
    "Mức độ",
    "Phân loại",
    "Nộp trực tuyến",
    "Nộp trực tiếp",
    "Nộp bưu chính",
    "Trả trực tuyến",
    "Trả trực tiếp",
    "Trả bưu chính",
    "Đối tượng thực hiện",
    "Hiệu lực từ ngày",
    "Thời hạn",
    "Đơn vị thời hạn",
    "Giờ tiếp nhận tối đa",
    "Ghi chú thời hạn",
    "Kết quả",
    "Căn cứ pháp lý",
    "Yêu cầu, điều kiện",
    "Cho phép bổ sung",
    "Cho phép gia hạn",
    "Biểu mẫu (JSON Schema)",
    "Bố cục biểu mẫu",
    "Công bố",
]
PAPER_COLUMNS = [
    "Mã thủ tục",
    "Thứ tự",
    "Mã ô tải tệp",
    "Tên giấy tờ",
    "Bản chính/bản sao",
    "Số lượng",
    "Bắt buộc",
]
FEE_COLUMNS = ["Mã thủ tục", "Thứ tự", "Loại", "Nội dung", "Mức thu (đồng)", "Đối tượng miễn, giảm"]
STEP_COLUMNS = ["Mã thủ tục", "Thứ tự", "Loại bước", "Mô tả", "Thời gian", "Phòng ban (viết tắt)", "Vai trò"]
SHEETS = {PROCEDURES: PROCEDURE_COLUMNS, PAPERS: PAPER_COLUMNS, FEES: FEE_COLUMNS, STEPS: STEP_COLUMNS}
YES, NO = "Có", "Không"


@dataclass(frozen=True)
class ImportIssue:
    sheet: str
    row: int
    column: str
    reason: str

    def __str__(self):
        if not self.sheet:  # the file as a whole
            return self.reason
        where = f"Trang “{self.sheet}”, dòng {self.row}" + (f", cột “{self.column}”" if self.column else "")
        return f"{where}: {self.reason}"


@dataclass
class ImportReport:
    issues: list[ImportIssue] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # procedure codes created
    new_versions: list[str] = field(default_factory=list)  # "code vN"
    unchanged: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues

    def summary(self) -> str:
        if self.issues:
            return f"Không nhập được: {len(self.issues)} lỗi; không có thay đổi nào được ghi."
        return (
            f"Đã nhập: {len(self.created)} thủ tục mới, {len(self.new_versions)} phiên bản mới, "
            f"{len(self.unchanged)} thủ tục không thay đổi."
        )


# --- Export ---------------------------------------------------------------------------------------------
def _yes(value: bool) -> str:
    return YES if value else NO


def _num(value: Decimal):
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _append(sheet, values) -> None:
    write_row(sheet, sheet.max_row + 1, values)


def export_catalogue(target, procedures=None) -> int:
    """Write the catalogue (or `procedures`) to `target` (a path or a binary file). Returns the row count."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {}
    for title, columns in SHEETS.items():
        sheet = workbook.create_sheet(title)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheets[title] = sheet
    queryset = (
        (procedures if procedures is not None else Procedure.objects.all())
        .select_related("field", "competent_agency")
        .prefetch_related("receiving_agencies")
        .order_by("code")
    )
    count = 0
    for procedure in queryset:
        version = procedure.current_version or procedure.versions.order_by("-number").first()
        if version is None:
            continue
        count += 1
        _append(
            sheets[PROCEDURES],
            [
                procedure.code,
                procedure.name,
                procedure.field.code,
                procedure.field.name,
                procedure.handling_level,
                procedure.competent_agency.name if procedure.competent_agency else "",
                "; ".join(sorted(a.name for a in procedure.receiving_agencies.all())),
                procedure.online_level,
                procedure.classification,
                _yes(procedure.accepts_online),
                _yes(procedure.accepts_in_person),
                _yes(procedure.accepts_postal),
                _yes(procedure.returns_online),
                _yes(procedure.returns_in_person),
                _yes(procedure.returns_postal),
                procedure.applicants,
                version.effective_from.strftime("%d/%m/%Y"),
                _num(version.time_limit_amount),
                version.time_limit_unit,
                version.cutoff_time.strftime("%H:%M") if version.cutoff_time else "",
                version.time_limit_note,
                version.result_name,
                version.legal_basis,
                version.conditions,
                _yes(version.allows_supplement),
                _yes(version.allows_extension),
                json.dumps(version.form_schema, ensure_ascii=False) if version.form_schema else "",
                json.dumps(version.form_layout, ensure_ascii=False) if version.form_layout else "",
                _yes(version.status == ProcedureVersion.Status.PUBLISHED),
            ],
        )
        for paper in version.papers.all():
            _append(
                sheets[PAPERS],
                [
                    procedure.code,
                    paper.order,
                    paper.key,
                    paper.name,
                    paper.kind,
                    paper.quantity,
                    _yes(paper.is_mandatory),
                ],
            )
        for fee in version.fees.all():
            _append(sheets[FEES], [procedure.code, fee.order, fee.kind, fee.name, fee.amount, fee.exemptions])
        for step in version.steps.select_related("department"):
            _append(
                sheets[STEPS],
                [
                    procedure.code,
                    step.order,
                    step.kind,
                    step.name,
                    _num(step.budget),
                    step.department.abbreviation if step.department else "",
                    step.role,
                ],
            )
    workbook.save(target)
    return count


# --- Reading and checking ---------------------------------------------------------------------------------
class _Row:
    """One sheet row with typed getters that record issues instead of raising."""

    def __init__(self, sheet: str, number: int, values: dict, issues: list):
        self.sheet, self.number, self.values, self.issues = sheet, number, values, issues

    def problem(self, column: str, reason: str) -> None:
        self.issues.append(ImportIssue(self.sheet, self.number, column, reason))

    def text(self, column, required=False, max_length=None) -> str:
        value = self.values.get(column)
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.problem(column, "Không được để trống.")
        if max_length and len(text) > max_length:
            self.problem(column, f"Dài quá {max_length} ký tự.")
        return text

    def integer(self, column, minimum=None, maximum=None, default=None):
        value = self.values.get(column)
        if value in (None, ""):
            if default is None:
                self.problem(column, "Không được để trống.")
            return default
        try:
            number = Decimal(str(value).strip().replace(",", "."))
            if number != number.to_integral_value():
                raise InvalidOperation
            number = int(number)
        except (InvalidOperation, ValueError):
            self.problem(column, f"“{value}” không phải số nguyên.")
            return default
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            bounds = f"từ {minimum}" + (f" đến {maximum}" if maximum is not None else " trở lên")
            self.problem(column, f"Giá trị {number} phải {bounds}.")
            return default
        return number

    def decimal(self, column, required=True):
        value = self.values.get(column)
        if value in (None, ""):
            if required:
                self.problem(column, "Không được để trống.")
            return None
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            self.problem(column, f"“{value}” không phải là số.")
            return None
        if number < 0:
            self.problem(column, "Không được là số âm.")
            return None
        return number

    def boolean(self, column, default=False) -> bool:
        value = self.values.get(column)
        if value in (None, ""):
            return default
        text = str(value).strip().lower()
        if text in ("có", "co", "x", "1", "true", "yes"):
            return True
        if text in ("không", "khong", "0", "false", "no"):
            return False
        self.problem(column, f"“{value}”: hãy ghi “Có” hoặc “Không”.")
        return default

    def choice(self, column, choices, required=True) -> str:
        value = self.text(column)
        if not value:
            if required:
                self.problem(column, "Không được để trống.")
            return ""
        by_label = {str(label).lower(): key for key, label in choices}
        if value in dict(choices):
            return value
        if value.lower() in by_label:
            return by_label[value.lower()]
        allowed = ", ".join(f"{key} ({label})" for key, label in choices)
        self.problem(column, f"“{value}” không hợp lệ; dùng một trong: {allowed}.")
        return ""

    def day(self, column):
        value = self.values.get(column)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = "" if value is None else str(value).strip()
        for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        self.problem(
            column, f"“{text}” không phải ngày hợp lệ (dd/mm/yyyy)." if text else "Không được để trống."
        )
        return None

    def clock(self, column):
        value = self.values.get(column)
        if value in (None, ""):
            return None
        if isinstance(value, datetime.time):
            return value
        text = str(value).strip()
        if re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", text):
            try:
                return datetime.time.fromisoformat(text.zfill(5) if len(text) == 4 else text)
            except ValueError:
                pass
        self.problem(column, f"“{text}” không phải giờ hợp lệ (HH:MM).")
        return None

    def json(self, column):
        text = self.text(column)
        if not text:
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            self.problem(column, f"JSON không hợp lệ (dòng {error.lineno}, cột {error.colno}).")
            return {}
        if not isinstance(value, dict):
            self.problem(column, "Phải là một đối tượng JSON.")
            return {}
        return value


# --- Bounds of an import: an uploaded workbook is read only within these --------------------------------
MAX_ROWS = 5000  # per sheet; the province's whole catalogue is about 2,000 procedures
MAX_COLUMNS = 30
MAX_CELLS = 300_000  # all sheets together
MAX_RATIO = 100  # uncompressed / compressed size of one member; ordinary sheets are 5-20


def max_upload_bytes() -> int:
    return settings.CATALOGUE_IMPORT_MAX_BYTES


def max_unpacked_bytes() -> int:
    return settings.CATALOGUE_IMPORT_MAX_UNPACKED_BYTES


_size = forms_schema.human_size


def _package_problem(source) -> str | None:
    """Why the file is refused before openpyxl unpacks it (its size, or a zip bomb), or None."""
    if hasattr(source, "seek"):
        source.seek(0, 2)
        size = source.tell()
        source.seek(0)
    else:
        size = os.path.getsize(source)
    if size > max_upload_bytes():
        return f"Tệp quá lớn ({_size(size)}); tối đa {_size(max_upload_bytes())}."
    try:
        with ZipFile(source) as package:
            members = package.infolist()
    except (BadZipFile, OSError, ValueError):
        return None  # not a zip: openpyxl's own refusal names it
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    unpacked = sum(member.file_size for member in members)
    swollen = any(
        m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members
    )
    if unpacked > max_unpacked_bytes() or swollen:
        return (
            f"Tệp bị từ chối: khi giải nén chiếm {_size(unpacked)} (tối đa {_size(max_unpacked_bytes())}, "
            f"mỗi phần nén không quá {MAX_RATIO} lần)."
        )
    return None


class _Budget:
    """Cells read so far across the sheets."""

    def __init__(self):
        self.cells = 0


def _read_sheet(workbook, title, issues, budget: _Budget) -> list[_Row]:
    if title not in workbook.sheetnames:
        issues.append(ImportIssue(title, 1, "", "Thiếu trang này trong tệp."))
        return []
    rows = []
    for number, values in enumerate(
        workbook[title].iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), start=1
    ):
        values = list(values)
        while values and values[-1] in (None, ""):
            values.pop()
        if number > MAX_ROWS + 1 and (values or number > 2 * MAX_ROWS):
            issues.append(ImportIssue(title, number, "", f"Trang có quá {MAX_ROWS} dòng dữ liệu."))
            return []
        if len(values) > MAX_COLUMNS:
            issues.append(ImportIssue(title, number, "", f"Dòng có quá {MAX_COLUMNS} cột."))
            return []
        budget.cells += len(values)
        if budget.cells > MAX_CELLS:
            issues.append(ImportIssue(title, number, "", f"Tệp có quá {MAX_CELLS} ô dữ liệu."))
            return []
        rows.append(values)
    if not rows:
        issues.append(ImportIssue(title, 1, "", "Trang không có dòng tiêu đề."))
        return []
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    missing = [c for c in SHEETS[title] if c not in header]
    for column in missing:
        issues.append(ImportIssue(title, 1, column, "Thiếu cột này trong dòng tiêu đề."))
    if missing:
        return []
    result = []
    for number, values in enumerate(rows[1:], start=2):
        if all(v in (None, "") for v in values):
            continue
        result.append(_Row(title, number, dict(zip(header, values, strict=False)), issues))
    return result


def _agency_by_name(name):
    from egov.directory.models import Agency

    return Agency.objects.filter(name=name).order_by("pk").first()


def _parse(workbook, issues):
    plans, budget = {}, _Budget()
    for row in _read_sheet(workbook, PROCEDURES, issues, budget):
        before = len(issues)
        code = row.text("Mã thủ tục", required=True, max_length=40)
        if code:
            try:
                PROCEDURE_CODE(code)
            except ValidationError as error:
                row.problem("Mã thủ tục", error.messages[0])
            if code in plans:
                row.problem("Mã thủ tục", f"Mã {code} xuất hiện hai lần trong trang.")
        procedure = {
            "name": row.text("Tên thủ tục", required=True, max_length=500),
            "handling_level": row.choice("Cấp thực hiện", HandlingLevel.choices),
            "online_level": row.integer("Mức độ", 1, 4),
            "classification": row.choice("Phân loại", Classification.choices),
            "accepts_online": row.boolean("Nộp trực tuyến"),
            "accepts_in_person": row.boolean("Nộp trực tiếp", True),
            "accepts_postal": row.boolean("Nộp bưu chính"),
            "returns_online": row.boolean("Trả trực tuyến"),
            "returns_in_person": row.boolean("Trả trực tiếp", True),
            "returns_postal": row.boolean("Trả bưu chính"),
            "applicants": row.text("Đối tượng thực hiện", max_length=300),
        }
        field_code = row.text("Mã lĩnh vực", required=True, max_length=20)
        field_name = row.text("Tên lĩnh vực", max_length=200)
        if field_code and not field_name and not Field.objects.filter(code=field_code).exists():
            row.problem("Tên lĩnh vực", f"Lĩnh vực {field_code} chưa có: hãy ghi tên lĩnh vực.")
        competent = None
        if agency_name := row.text("Cơ quan có thẩm quyền"):
            competent = _agency_by_name(agency_name)
            if competent is None:
                row.problem("Cơ quan có thẩm quyền", f"Không tìm thấy cơ quan “{agency_name}”.")
        receiving = []
        for name in filter(None, (n.strip() for n in row.text("Cơ quan tiếp nhận").split(";"))):
            agency = _agency_by_name(name)
            if agency is None:
                row.problem("Cơ quan tiếp nhận", f"Không tìm thấy cơ quan “{name}”.")
            receiving.append(agency)
        version = {
            "effective_from": row.day("Hiệu lực từ ngày"),
            "time_limit_amount": row.decimal("Thời hạn"),
            "time_limit_unit": row.choice("Đơn vị thời hạn", TimeUnit.choices),
            "cutoff_time": row.clock("Giờ tiếp nhận tối đa"),
            "time_limit_note": row.text("Ghi chú thời hạn", max_length=300),
            "result_name": row.text("Kết quả", required=True, max_length=300),
            "legal_basis": row.text("Căn cứ pháp lý"),
            "conditions": row.text("Yêu cầu, điều kiện"),
            "allows_supplement": row.boolean("Cho phép bổ sung", True),
            "allows_extension": row.boolean("Cho phép gia hạn"),
            "form_schema": row.json("Biểu mẫu (JSON Schema)"),
            "form_layout": row.json("Bố cục biểu mẫu"),
        }
        for problem in forms_schema.schema_problems(version["form_schema"], version["form_layout"]):
            row.problem("Biểu mẫu (JSON Schema)", problem)
        if len(issues) == before:  # the row's own values are sound: check the rules across them
            candidate = Procedure(
                code=code, field=Field(code=field_code, name=field_name or field_code), **procedure
            )
            try:
                candidate.clean()
            except ValidationError as error:
                columns = {
                    "accepts_online": "Nộp trực tuyến",
                    "returns_online": "Trả trực tuyến",
                    "online_level": "Mức độ",
                    "classification": "Phân loại",
                }
                for name, messages in error.message_dict.items():
                    for message in messages:
                        row.problem(columns.get(name, "Phân loại"), message)
            probe = ProcedureVersion(**version)
            try:
                probe.clean()
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    column = {
                        "cutoff_time": "Giờ tiếp nhận tối đa",
                        "form_schema": "Biểu mẫu (JSON Schema)",
                    }.get(name, "Thời hạn")
                    for message in messages:
                        row.problem(column, message)
        plans[code or f"#{row.number}"] = {
            "row": row,
            "procedure": procedure,
            "field": (field_code, field_name),
            "competent": competent,
            "receiving": receiving,
            "version": version,
            "publish": row.boolean("Công bố", True),
            "papers": [],
            "fees": [],
            "steps": [],
        }

    def owner(row):
        code = row.text("Mã thủ tục", required=True)
        if code and code not in plans:
            row.problem("Mã thủ tục", f"Thủ tục {code} không có trong trang “{PROCEDURES}”.")
            return None
        return plans.get(code)

    for row in _read_sheet(workbook, PAPERS, issues, budget):
        plan = owner(row)
        paper = {
            "order": row.integer("Thứ tự", 1, 999),
            "key": row.text("Mã ô tải tệp", required=True, max_length=40),
            "name": row.text("Tên giấy tờ", required=True, max_length=500),
            "kind": row.choice("Bản chính/bản sao", RequiredPaper.Kind.choices),
            "quantity": row.integer("Số lượng", 1, 100),
            "is_mandatory": row.boolean("Bắt buộc", True),
        }
        if paper["key"] and not re.fullmatch(r"[-a-zA-Z0-9_]+", paper["key"]):
            row.problem("Mã ô tải tệp", "Chỉ gồm chữ không dấu, số, dấu gạch ngang hoặc gạch dưới.")
        if plan is not None:
            if paper["key"] and any(p["key"] == paper["key"] for p in plan["papers"]):
                row.problem("Mã ô tải tệp", f"Mã ô “{paper['key']}” trùng trong cùng thủ tục.")
            plan["papers"].append(paper)

    for row in _read_sheet(workbook, FEES, issues, budget):
        plan = owner(row)
        fee = {
            "order": row.integer("Thứ tự", 1, 999),
            "kind": row.choice("Loại", Fee.Kind.choices),
            "name": row.text("Nội dung", required=True, max_length=300),
            "amount": row.integer("Mức thu (đồng)", 0),
            "exemptions": row.text("Đối tượng miễn, giảm", max_length=500),
        }
        if plan is not None:
            plan["fees"].append(fee)

    for row in _read_sheet(workbook, STEPS, issues, budget):
        plan = owner(row)
        step = {
            "order": row.integer("Thứ tự", 1, 999),
            "kind": row.choice("Loại bước", ProcessingStep.Kind.choices),
            "name": row.text("Mô tả", max_length=300),
            "budget": row.decimal("Thời gian"),
            "role": row.choice("Vai trò", Role.choices, required=False),
            "department": None,
        }
        if plan is None:
            continue
        if abbreviation := row.text("Phòng ban (viết tắt)"):
            agency = plan["competent"]
            department = agency.departments.filter(abbreviation=abbreviation).first() if agency else None
            if department is None:
                row.problem(
                    "Phòng ban (viết tắt)", f"Cơ quan có thẩm quyền không có phòng ban “{abbreviation}”."
                )
            step["department"] = department
        if step["order"] is not None and any(s["order"] == step["order"] for s in plan["steps"]):
            row.problem("Thứ tự", f"Thứ tự {step['order']} trùng với một bước khác của thủ tục.")
        plan["steps"].append(step)
        limit = plan["version"]["time_limit_amount"]
        total = sum((s["budget"] or 0) for s in plan["steps"])
        if limit is not None and step["budget"] is not None and total > limit:
            probe = ProcedureVersion(
                time_limit_amount=limit, time_limit_unit=plan["version"]["time_limit_unit"]
            )
            row.problem("Thời gian", services.step_budget_problem(total, probe))
    return plans


# --- Applying ---------------------------------------------------------------------------------------------
def _content(version_fields: dict, papers, fees, steps) -> tuple:
    def norm(value):
        if isinstance(value, Decimal):
            return value.normalize()
        if isinstance(value, dict):
            return json.dumps(value, sort_keys=True, ensure_ascii=False)
        return value

    head = tuple((k, norm(version_fields[k])) for k in sorted(version_fields) if k != "effective_from")
    return (
        head,
        tuple(
            tuple(sorted((k, norm(v)) for k, v in p.items()))
            for p in sorted(papers, key=lambda p: p["order"])
        ),
        tuple(
            tuple(sorted((k, norm(v)) for k, v in f.items())) for f in sorted(fees, key=lambda f: f["order"])
        ),
        tuple(
            tuple(sorted((k, norm(v.pk if k == "department" and v else v)) for k, v in s.items()))
            for s in sorted(steps, key=lambda s: s["order"])
        ),
    )


def _existing_content(version: ProcedureVersion) -> tuple:
    fields = {k: getattr(version, k) for k in VERSION_CONTENT_FIELDS}
    papers = [
        {
            "order": p.order,
            "key": p.key,
            "name": p.name,
            "kind": p.kind,
            "quantity": p.quantity,
            "is_mandatory": p.is_mandatory,
        }
        for p in version.papers.all()
    ]
    fees = [
        {"order": f.order, "kind": f.kind, "name": f.name, "amount": f.amount, "exemptions": f.exemptions}
        for f in version.fees.all()
    ]
    steps = [
        {
            "order": s.order,
            "kind": s.kind,
            "name": s.name,
            "budget": s.budget,
            "role": s.role,
            "department": s.department,
        }
        for s in version.steps.select_related("department")
    ]
    return _content(fields, papers, fees, steps)


def _apply(actor, code, plan, report) -> None:
    field_code, field_name = plan["field"]
    field_obj = services.save_field(actor, field_code, field_name)
    procedure = Procedure.objects.filter(code=code).first() or Procedure(code=code)
    created = procedure.pk is None
    for name, value in {
        **plan["procedure"],
        "field": field_obj,
        "competent_agency": plan["competent"],
    }.items():
        setattr(procedure, name, value)
    services.save_procedure(actor, procedure, [a for a in plan["receiving"] if a is not None])
    wanted = {k: v for k, v in plan["version"].items() if k != "effective_from"}
    latest = procedure.versions.order_by("-number").first()
    new_content = _content(wanted, plan["papers"], plan["fees"], plan["steps"])
    if latest is not None and not latest.is_editable and _existing_content(latest) == new_content:
        version = latest
        report.unchanged.append(code)
    else:
        templates = {p.key: p.template_file.name for p in latest.papers.all()} if latest else {}
        if latest is not None and latest.is_editable:
            version = latest
        else:
            version = services.create_version(actor, procedure, plan["version"]["effective_from"])
        version = services.replace_version_content(
            actor, version, plan["version"], plan["papers"], plan["fees"], plan["steps"], templates
        )
        (report.created if created else report.new_versions).append(
            code if created else f"{code} v{version.number}"
        )
    if plan["publish"] and version.status != ProcedureVersion.Status.PUBLISHED:
        try:
            services.publish_version(actor, version)
        except DomainError as error:
            raise _Abort(ImportIssue(PROCEDURES, plan["row"].number, "Công bố", str(error))) from error


class _Abort(Exception):
    def __init__(self, issue: ImportIssue):
        super().__init__(str(issue))
        self.issue = issue


def import_catalogue(source, actor=None) -> ImportReport:
    """Import a workbook (path or binary file). All or nothing: see the module docstring."""
    services.require_permission(actor, services.EDIT_PERMISSION)
    report = ImportReport()
    if problem := _package_problem(source):
        report.issues.append(ImportIssue("", 0, "", problem))
        return report
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError, TypeError):
        report.issues.append(
            ImportIssue(
                "",
                0,
                "",
                "Không đọc được tệp: đây không phải bảng tính Excel .xlsx hợp lệ (tệp .xls cũ, CSV hoặc tệp "
                "hỏng). Hãy mở bằng Excel và lưu lại dưới dạng “Excel Workbook (.xlsx)”.",
            )
        )
        return report
    try:
        plans = _parse(workbook, report.issues)
    finally:
        workbook.close()  # a read-only workbook keeps the file open
    if report.issues:
        report.issues.sort(key=lambda i: (list(SHEETS).index(i.sheet) if i.sheet in SHEETS else 9, i.row))
        return report
    try:
        with transaction.atomic():
            for code, plan in plans.items():
                _apply(actor, code, plan, report)
            from egov.audit.services import record

            record(
                actor,
                "services.catalogue_imported",
                None,
                created=report.created,
                new_versions=report.new_versions,
                unchanged=len(report.unchanged),
            )
    except _Abort as abort:
        return ImportReport(issues=[abort.issue])
    return report
