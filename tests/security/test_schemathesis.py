"""Schemathesis over the whole published API schema, in-process against the WSGI application,
anonymous and as a clerk with a token: any 5xx, or any documented answer that does not match the
schema, fails. Bounded and derandomised, so every run sends the same requests."""

import datetime
import re
from urllib.parse import urlencode

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from documents import services
from egov.directory.models import AdministrativeUnit
from tests.documents.factories import Office, incoming_data

re_path_param = re.compile(r"\{[^}]+\}")
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
EXAMPLES = 6
BOUNDED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _world():
    """Two agencies; an incoming document assigned to a department (a task without an assignee); a
    draft with a recipient not yet delivered; a province without a parent. The answers then carry the
    nulls the schema must allow. Returns the objects the path parameters point at."""
    office, other = Office(), Office(name="Sở Tư pháp tỉnh Phú Thọ", short="STP")
    document = services.register_incoming(office.clerk, office.agency, incoming_data())
    deadline = datetime.date.today() + datetime.timedelta(days=10)
    [task] = services.assign(office.leader, document, {"department": office.vx, "deadline": deadline})
    draft = services.create_draft(
        office.clerk,
        agency=office.agency,
        department=office.vp,
        data={"doc_type": "CV", "subject": "Về việc chuyển đổi số", "body": "Kính gửi"},
    )
    services.add_recipient(office.clerk, draft, kind="agency", agency=other.agency)
    unit = AdministrativeUnit.objects.create(
        code="25", name="Tỉnh Phú Thọ", kind="tinh", level="province", valid_from=datetime.date(2025, 7, 1)
    )
    ids = {
        "/api/v1/van-ban/den/{id}": document.pk,
        "/api/v1/van-ban/di/{id}": draft.pk,
        "/api/v1/van-ban/nhiem-vu/{id}": task.pk,
        "/api/v1/danh-muc/co-quan/{id}": office.agency.pk,
        "/api/v1/danh-muc/don-vi/{id}": unit.pk,
    }
    return office, ids


def _known_object(path: str, ids: dict) -> dict | None:
    for prefix, pk in ids.items():
        if path.startswith(prefix):
            return {"id": pk}
    return None


def _has_inputs(operation) -> bool:
    return bool(operation.path_parameters or operation.query or operation.body)


def _run(operation, strategy, headers, failures):
    @BOUNDED
    @given(case=strategy)
    def check(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        check()
    except (Exception, FailureGroup) as exc:  # every operation is tried; failures are reported together
        failures.append(f"{operation.label}: {_describe(exc)}")


def _describe(exc) -> str:
    if isinstance(exc, BaseExceptionGroup):
        return "; ".join(_describe(inner) for inner in exc.exceptions)
    return f"{type(exc).__name__}: {str(exc)[:1500]}"


@pytest.fixture
def _keep_test_connection():
    """The application is called straight through WSGI, not through Django's test client: keep it from
    closing the test's database connection (and its transaction) at the end of each request, as the
    test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("who", ["anonymous", "clerk"])
def test_api_conforms_to_its_schema(db, who, _keep_test_connection):
    office, ids = _world()
    headers = {}
    if who == "clerk":
        headers = {"Authorization": f"Token {Token.objects.create(user=office.clerk).key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        _run(operation, operation.as_strategy(), headers, failures)
        if _has_inputs(operation):  # nothing to make invalid otherwise
            _run(operation, operation.as_strategy(generation_mode=GenerationMode.NEGATIVE), headers, failures)
        # the generated ids seldom exist: once more against a real object, so its answer is checked too
        known = _known_object(operation.path, ids)
        if known is not None:
            _run(operation, operation.as_strategy(path_parameters=known), headers, failures)
    assert operations > 30
    assert not failures, "\n\n".join(failures)


def _integer_parameters(spec):
    """(method, path, parameter name, where) of every integer path or query parameter in the schema."""
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
                if parameter.get("schema", {}).get("type") == "integer":
                    yield method, path, parameter["name"], parameter["in"]


def _call(client, method, path, name, where, value):
    url = path.replace("{" + name + "}", value) if where == "path" else path
    url = re_path_param.sub("1", url)
    query = {name: value} if where == "query" else None
    if method == "get":
        return client.get(url, query)
    return client.generic(
        method.upper(), url + ("?" + urlencode(query) if query else ""), "{}", "application/json"
    )


@pytest.mark.django_db
def test_numbers_beyond_64_bits_are_answered_like_malformed_ones(client):
    """An id or integer query parameter of 2**64 answers what a malformed value ("abc") of the same
    parameter answers (400, 404, or the filter ignored), on SQLite (which cannot bind it) and PostgreSQL."""
    office, _ids = _world()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=office.clerk).key}")
    spec = client.get("/api/schema/", {"format": "json"}).json()
    parameters = list(_integer_parameters(spec))
    assert len(parameters) > 10
    mismatched = []
    for method, path, name, where in parameters:
        huge = _call(api, method, path, name, where, str(2**64)).status_code
        malformed = _call(api, method, path, name, where, "abc").status_code
        if huge >= 500 or huge != malformed:
            mismatched.append(f"{method.upper()} {path} {name}={2**64}: {huge}, 'abc': {malformed}")
    assert not mismatched, "\n".join(mismatched)
