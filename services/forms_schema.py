"""Online forms as data: a JSON Schema (validated with `jsonschema`) plus a layout, rendered server-side.

Supported schema: an object whose properties are flat fields of type string (optionally with `enum`,
`format` date, email or personal-id (checked as registration checks it), `minLength`, `maxLength`,
`pattern`), integer, number (`minimum`, `maximum`...) or boolean. The layout orders and labels them:

    {"sections": [{"title": "Người đề nghị", "fields": ["ho_ten", "so_dinh_danh"]}, ...],
     "fields": {"ho_ten": {"label": "Họ và tên", "help": "...", "widget": "textarea", "placeholder": "..."}}}

("order": [...] may replace "sections"; without either, the schema's property order is used.)
Errors from jsonschema are translated to Vietnamese messages keyed by field name.

Dates (format "date") are typed day first, dd/mm/yyyy, as Vietnamese forms are, and stored as ISO
yyyy-mm-dd (what JSON Schema's date format means). A new form starts with the citizen's own details from
their account in the conventional fields ho_ten, so_dinh_danh, dien_thoai and email (PROFILE_FIELDS)."""

import datetime
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, DecimalException, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError

from egov import files
from egov.accounts.personal_id import validate_personal_id
from egov.files import human_size

SUPPORTED_TYPES = {"string", "integer", "number", "boolean"}
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
WIDGETS = {"text", "textarea", "select", "radio", "date", "email", "tel", "number", "checkbox"}
NON_FIELD = "__all__"
PERSONAL_ID_FORMAT = "personal-id"


# --- Checking a schema (admin, import, model clean) -------------------------------------------------------
def schema_problems(schema, layout=None) -> list[str]:
    """Why `schema` (and `layout`) cannot be used as a form, in Vietnamese; empty when it can."""
    if schema in (None, {}):
        return []
    if not isinstance(schema, dict):
        return ["Biểu mẫu phải là một đối tượng JSON."]
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        return [f"Không phải JSON Schema hợp lệ: {error.message}"]
    problems = []
    if schema.get("type") != "object":
        problems.append('Biểu mẫu phải có "type": "object".')
    properties = schema.get("properties")
    if not isinstance(properties, dict) or not properties:
        return [*problems, 'Biểu mẫu phải có ít nhất một trường trong "properties".']
    for name, spec in properties.items():
        if not FIELD_NAME.match(name):
            problems.append(f"Tên trường “{name}” chỉ được gồm chữ thường không dấu, số và dấu gạch dưới.")
        if not isinstance(spec, dict) or spec.get("type") not in SUPPORTED_TYPES:
            problems.append(f"Trường “{name}” phải có type là một trong: string, integer, number, boolean.")
    for name in schema.get("required", []):
        if name not in properties:
            problems.append(f"Trường bắt buộc “{name}” không có trong properties.")
    layout = layout or {}
    if not isinstance(layout, dict):
        return [*problems, "Bố cục phải là một đối tượng JSON."]
    listed = []
    for section in layout.get("sections", []):
        if not isinstance(section, dict) or not isinstance(section.get("fields"), list):
            problems.append('Mỗi phần của bố cục phải có "fields" là một danh sách.')
            continue
        listed.extend(section["fields"])
    listed.extend(layout.get("order", []))
    for name in listed:
        if name not in properties:
            problems.append(f"Bố cục nhắc tới trường “{name}” không có trong biểu mẫu.")
    for name, options in (layout.get("fields") or {}).items():
        if name not in properties:
            problems.append(f"Bố cục nhắc tới trường “{name}” không có trong biểu mẫu.")
        elif isinstance(options, dict) and options.get("widget") and options["widget"] not in WIDGETS:
            problems.append(f"Kiểu hiển thị “{options['widget']}” của trường “{name}” không được hỗ trợ.")
    return problems


# --- Labels and layout ------------------------------------------------------------------------------------
def _options(layout, name) -> dict:
    return ((layout or {}).get("fields") or {}).get(name) or {}


def label_for(schema, layout, name) -> str:
    spec = (schema.get("properties") or {}).get(name) or {}
    return _options(layout, name).get("label") or spec.get("title") or name


def sections(schema, layout) -> list[tuple[str, list[str]]]:
    """[(section title or "", [field names])], every property exactly once."""
    properties = list((schema.get("properties") or {}).keys())
    layout = layout or {}
    result, seen = [], set()
    if layout.get("sections"):
        for section in layout["sections"]:
            names = [n for n in section.get("fields", []) if n in properties and n not in seen]
            seen.update(names)
            result.append((section.get("title", ""), names))
    elif layout.get("order"):
        names = [n for n in layout["order"] if n in properties]
        seen.update(names)
        result.append(("", names))
    rest = [n for n in properties if n not in seen]
    if rest:
        result.append(("" if not result else "Thông tin khác", rest))
    return [(title, names) for title, names in result if names]


# --- From a POST to data, and data to errors -----------------------------------------------------------
PROFILE_FIELDS = {
    "ho_ten": "full_name",
    "so_dinh_danh": "personal_id",
    "dien_thoai": "phone",
    "email": "email",
}
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def profile_initial(schema, user) -> dict:
    """What a new form can take from the account: only string fields of the schema, only non-empty values."""
    properties = schema.get("properties") or {}
    initial = {}
    for name, attribute in PROFILE_FIELDS.items():
        value = getattr(user, attribute, "") or ""
        if (properties.get(name) or {}).get("type") == "string" and isinstance(value, str) and value.strip():
            initial[name] = value.strip()
    return initial


def parse_day(raw: str) -> str | None:
    """'05/01/2026', '5-1-2026' or '2026-01-05' -> '2026-01-05'; None when it is not a real day."""
    try:
        if match := _DAY_FIRST.fullmatch(raw):
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return datetime.date.fromisoformat(raw).isoformat()
    except ValueError:
        return None
    return None


def show_day(value) -> str:
    """'2026-01-05' -> '05/01/2026'; anything else unchanged (what the citizen typed that did not parse)."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return value


def coerce(schema, post) -> dict:
    """Form values typed per the schema. A value that does not parse is kept as typed, so a draft never
    loses what the citizen wrote and full validation reports it."""
    data = {}
    for name, spec in (schema.get("properties") or {}).items():
        kind = spec.get("type")
        if kind == "boolean":
            data[name] = post.get(name) in ("on", "true", "1", "yes")
            continue
        raw = (post.get(name) or "").strip()
        if raw == "":
            continue
        if kind in ("integer", "number") and _digits(raw) > NUMBER_MAX_DIGITS:
            data[name] = raw  # kept as typed (never turned into a huge int); bounds_errors refuses it
        elif kind == "integer":
            digits = raw.replace(".", "").replace(" ", "") if re.fullmatch(r"\d{1,3}(\.\d{3})+", raw) else raw
            try:
                data[name] = int(digits)
            except ValueError:
                data[name] = raw
        elif kind == "number":
            try:
                number = Decimal(raw.replace(" ", "").replace(",", "."))
                data[name] = int(number) if number == number.to_integral_value() else float(number)
            except InvalidOperation:
                data[name] = raw
        elif spec.get("format") == "date":
            data[name] = parse_day(raw) or raw
        else:
            data[name] = raw
    return data


# --- Bounds: what the form promises, enforced on every save of a draft as well as on the full check -------
TEXT_MAX_LENGTH = 10_000  # a text field whose schema sets no maxLength
NUMBER_MAX_DIGITS = 15  # what a float keeps exactly, and more than any amount or area in a form needs
_BOUND_KEYS = ("type", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum")


def draft_max_bytes() -> int:
    return settings.FORM_DRAFT_MAX_BYTES


def _digits(value) -> int:
    """Digits before and after the point of a number (1e30 has 31), without building a huge int."""
    try:
        number = (
            Decimal(str(value).replace(" ", "").replace(",", "."))
            if isinstance(value, str)
            else Decimal(value)
        )
    except (DecimalException, ValueError):
        return 0
    if not number.is_finite():
        return 0
    _sign, digits, exponent = number.as_tuple()
    return max(len(digits), len(digits) + exponent, 1 - exponent if exponent < 0 else 0)


def _bounds_schema(schema) -> dict:
    """The schema's limits without what only a complete form must have (required, minLength, pattern)."""
    properties = {}
    for name, spec in (schema.get("properties") or {}).items():
        bounded = {key: spec[key] for key in _BOUND_KEYS if key in spec}
        if spec.get("type") == "string":
            bounded["maxLength"] = spec.get("maxLength", TEXT_MAX_LENGTH)
            if spec.get("format") == "date":
                bounded["format"] = "date"
        properties[name] = bounded
    return {"type": "object", "properties": properties}


def bounds_errors(schema, layout, data) -> dict[str, list[str]]:
    """Vietnamese messages for every limit the form shows that `data` breaks (lengths, ranges, digits,
    dates, choices, the draft's overall size); what is merely missing is not an error here."""
    if not schema:
        return {}
    errors = _schema_errors(_bounds_schema(schema), schema, layout, data)
    for name, spec in (schema.get("properties") or {}).items():
        value = data.get(name)
        numeric = spec.get("type") in ("integer", "number") and not isinstance(value, bool | None)
        if numeric and _digits(value) > NUMBER_MAX_DIGITS:
            label = label_for(schema, layout, name)
            errors[name] = [f"“{label}” không được có quá {NUMBER_MAX_DIGITS} chữ số."]
    if not errors:
        size = len(json.dumps(data, ensure_ascii=False).encode())
        if size > (limit := draft_max_bytes()):
            errors[NON_FIELD] = [
                f"Hồ sơ quá lớn ({human_size(size)}); tối đa {human_size(limit)} cho toàn bộ biểu mẫu."
            ]
    return errors


def clip(schema, data) -> dict:
    """`data` with every text cut to its field's maximum length (to show a refused form again)."""
    properties = schema.get("properties") or {}
    clipped = {}
    for name, value in data.items():
        limit = (properties.get(name) or {}).get("maxLength", TEXT_MAX_LENGTH)
        clipped[name] = value[:limit] if isinstance(value, str) else value
    return clipped


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _message(error, label, spec) -> str:
    validator, value = error.validator, error.validator_value
    if validator == "type":
        return {
            "integer": f"“{label}” phải là số nguyên.",
            "number": f"“{label}” phải là số.",
            "boolean": f"“{label}” không hợp lệ.",
        }.get(value if isinstance(value, str) else "", f"“{label}” không đúng kiểu dữ liệu.")
    if validator == "minLength":
        return f"Vui lòng nhập “{label}”." if value == 1 else f"“{label}” phải có ít nhất {value} ký tự."
    if validator == "maxLength":
        return f"“{label}” không được dài quá {value} ký tự."
    if validator == "minimum":
        return f"“{label}” phải lớn hơn hoặc bằng {_fmt(value)}."
    if validator == "exclusiveMinimum":
        return f"“{label}” phải lớn hơn {_fmt(value)}."
    if validator == "maximum":
        return f"“{label}” phải nhỏ hơn hoặc bằng {_fmt(value)}."
    if validator == "exclusiveMaximum":
        return f"“{label}” phải nhỏ hơn {_fmt(value)}."
    if validator == "pattern":
        return spec.get("x-error") or f"“{label}” không đúng định dạng."
    if validator == "format":
        return {
            "date": f"“{label}” phải là một ngày hợp lệ, dạng ngày/tháng/năm, ví dụ 05/01/2026.",
            "email": f"“{label}” phải là địa chỉ thư điện tử hợp lệ.",
        }.get(value, f"“{label}” không đúng định dạng.")
    if validator == "enum":
        return f"“{label}”: hãy chọn một giá trị trong danh sách."
    if validator == "const":
        return (
            f"“{label}” phải được xác nhận." if spec.get("type") == "boolean" else f"“{label}” không hợp lệ."
        )
    return f"“{label}” không hợp lệ."


def _is_personal_id(name, spec) -> bool:
    """A field checked by the personal-ID validator registration uses: "format": "personal-id", or the
    conventional so_dinh_danh (PROFILE_FIELDS) whatever its schema says."""
    return isinstance(spec, dict) and (spec.get("format") == PERSONAL_ID_FORMAT or name == "so_dinh_danh")


def validate(schema, layout, data) -> dict[str, list[str]]:
    """Vietnamese error messages by field name (NON_FIELD for the form as a whole); empty when valid."""
    if not schema:
        return {}
    errors = bounds_errors(schema, layout, data)
    for name, messages in _schema_errors(schema, schema, layout, data).items():
        for message in messages:
            if message not in errors.setdefault(name, []):
                errors[name].append(message)
    properties = schema.get("properties") or {}
    for name, spec in properties.items():
        value = data.get(name)
        if _is_personal_id(name, spec) and isinstance(value, str) and value and name not in errors:
            try:
                validate_personal_id(value)
            except ValidationError as error:
                errors[name] = error.messages
    # a required boolean must be ticked (an unticked box is False, which "required" alone accepts)
    for name in schema.get("required", []):
        if (properties.get(name) or {}).get("type") == "boolean" and data.get(name) is False:
            errors.setdefault(name, [f"Vui lòng đánh dấu “{label_for(schema, layout, name)}”."])
    return errors


def _schema_errors(checked, schema, layout, data) -> dict[str, list[str]]:
    """`data` checked against `checked` (the form's schema or its bounds), labelled from `schema`."""
    errors: dict[str, list[str]] = {}
    properties = schema.get("properties") or {}
    validator = Draft202012Validator(checked, format_checker=FormatChecker())
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.path)):
        if error.validator == "required":
            for name in error.validator_value:
                if name not in (error.instance or {}) and name not in errors:
                    label = label_for(schema, layout, name)
                    errors[name] = [f"Vui lòng nhập “{label}”."]
            continue
        name = error.path[0] if error.path else NON_FIELD
        label = label_for(schema, layout, name) if name != NON_FIELD else "Biểu mẫu"
        errors.setdefault(name, []).append(_message(error, label, properties.get(name) or {}))
    return errors


# --- Rendering ---------------------------------------------------------------------------------------------
@dataclass
class RenderedField:
    name: str
    label: str
    kind: str  # the schema type
    widget: str
    value: object
    required: bool
    help: str = ""
    placeholder: str = ""
    choices: list = field(default_factory=list)
    attrs: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"f-{self.name}"

    @property
    def display_value(self) -> str:
        if self.value is None:
            return ""
        if self.widget == "date":
            return show_day(self.value)
        if isinstance(self.value, float):
            return f"{self.value:g}"
        return str(self.value)


def _widget(spec, options) -> str:
    if options.get("widget"):
        return options["widget"]
    if spec.get("type") == "boolean":
        return "checkbox"
    if spec.get("enum"):
        return "select"
    if spec.get("format") in ("date", "email"):
        return spec["format"]
    if spec.get("type") in ("integer", "number"):
        return "number"
    if (spec.get("maxLength") or 0) > 300:
        return "textarea"
    return "text"


def render_fields(schema, layout, data, errors) -> list[tuple[str, list[RenderedField]]]:
    """The form's sections with everything a template needs to draw each field accessibly."""
    properties = schema.get("properties") or {}
    required = set(schema.get("required", []))
    result = []
    for title, names in sections(schema, layout):
        rendered = []
        for name in names:
            spec, options = properties[name], _options(layout, name)
            attrs = {}
            for key, attr in (("minimum", "min"), ("maximum", "max"), ("maxLength", "maxlength")):
                if key in spec:
                    attrs[attr] = spec[key]
            if spec.get("type") == "string":
                attrs.setdefault("maxlength", TEXT_MAX_LENGTH)
            elif spec.get("type") == "number":
                attrs["step"] = "any"
            elif spec.get("type") == "integer":
                attrs["step"] = "1"
            rendered.append(
                RenderedField(
                    name=name,
                    label=label_for(schema, layout, name),
                    kind=spec.get("type"),
                    widget=_widget(spec, options),
                    value=data.get(name),
                    required=name in required,
                    help=options.get("help") or spec.get("description", ""),
                    placeholder=options.get("placeholder", ""),
                    choices=[
                        (c, (options.get("choices") or {}).get(str(c), c)) for c in spec.get("enum", [])
                    ],
                    attrs=attrs,
                    errors=errors.get(name, []),
                )
            )
        result.append((title, rendered))
    return result


# --- Uploads -----------------------------------------------------------------------------------------------
ACCEPT_ATTR = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def check_upload(upload) -> str:
    """The real content type (PDF, JPEG or PNG; a PDF that parses), or ValidationError in Vietnamese."""
    return files.check_upload(upload, (files.PDF, files.JPEG, files.PNG)).content_type
