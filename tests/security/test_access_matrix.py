"""Who may open what: every role against every kind of object, of their own agency and of another, normal
and secret, assigned and not, through the staff pages, the API and the admin. The table below is the
rule written out; a 200 where it says no is a leak and fails, and so does a refusal where it says yes."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from documents import services
from documents.models import Secrecy
from egov.accounts.roles import Role
from egov.directory.models import Position
from egov.workdays.clock import TimeUnit
from services.models import Field, FormDraft, Procedure, ProcedureVersion
from tests.documents.factories import Office, incoming_data, pdf_upload, person

ROLES = [
    "citizen",
    "onestop",
    "specialist",  # VX, the one the secret document is assigned to
    "kt_specialist",  # KT, assigned nothing
    "head",  # head of VX
    "clerk",
    "leader",
    "agency_admin",
    "leader_password_only",  # a second leader, logged in without the second factor: sees nothing
]
NOBODY = frozenset()
EVERY = frozenset(ROLES)

# object -> the roles of the first agency that may open it. Nobody of the first agency sees the second's.
MAY_OPEN = {
    # incoming, normal, assigned to the VX department
    "incoming": {"specialist", "head", "clerk", "leader"},
    # incoming, secret, presented to the leader and assigned by them to the VX specialist in person
    "incoming_secret": {"specialist", "clerk", "leader"},
    "incoming_other_agency": NOBODY,
    # the department's task on the normal document; the specialist's own task on the secret one
    "task": {"head", "leader"},
    "task_secret": {"specialist", "leader"},
    # drafts by the VX specialist
    "outgoing": {"specialist", "head", "clerk", "leader"},
    "outgoing_secret": {"specialist", "clerk"},
    "outgoing_other_agency": NOBODY,
    # a citizen's online form draft: its owner only (the citizen of this table owns it)
    "form_draft": {"citizen"},
    "form_draft_other_citizen": NOBODY,
}

# Through the admin: users of the own agency for the agency admin; no document for anyone, since the
# documents are staff-page business and the admin would skip their secrecy and agency scoping.
ADMIN_MAY_OPEN = {
    "user_own_agency": {"agency_admin"},
    "user_other_agency": NOBODY,
    "incoming": NOBODY,
    "incoming_secret": NOBODY,
    "incoming_other_agency": NOBODY,
    "outgoing": NOBODY,
    "outgoing_secret": NOBODY,
    "task": NOBODY,
}


def _login(user, totp_device) -> Client:
    client = Client()
    client.force_login(user)
    if user.requires_two_factor:
        code = totp_device(user)
        assert client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": code()}).status_code == 302
    return client


def _form_draft(user) -> FormDraft:
    field, _ = Field.objects.get_or_create(code="XD", defaults={"name": "Xây dựng"})
    procedure, _ = Procedure.objects.get_or_create(
        code="1.009994",
        defaults={"name": "Cấp giấy phép xây dựng", "field": field, "handling_level": "commune"},
    )
    version, _ = ProcedureVersion.objects.get_or_create(
        procedure=procedure,
        number=1,
        defaults={
            "effective_from": datetime.date(2025, 7, 1),
            "time_limit_amount": Decimal(15),
            "time_limit_unit": TimeUnit.DAYS,
        },
    )
    return FormDraft.objects.create(user=user, version=version, data={"ho_ten": "Nguyễn Văn A"})


@pytest.fixture
def world(db, settings, tmp_path, make_user, totp_device):
    settings.MEDIA_ROOT = tmp_path / "media"
    office, other = Office(), Office(name="Sở Tư pháp tỉnh Phú Thọ", short="STP")
    people = {
        "citizen": make_user(Role.CITIZEN),
        "onestop": person(office.agency, Role.ONESTOP_OFFICER, position="Cán bộ một cửa"),
        "specialist": office.specialist,
        "kt_specialist": office.kt_specialist,
        "head": office.head,
        "clerk": office.clerk,
        "leader": office.leader,
        "agency_admin": person(
            office.agency, Role.AGENCY_ADMIN, rank=Position.Rank.STAFF, position="Quản trị", is_staff=True
        ),
    }
    deadline = datetime.date.today() + datetime.timedelta(days=10)
    normal = services.register_incoming(office.clerk, office.agency, incoming_data(), upload=pdf_upload())
    [task] = services.assign(office.leader, normal, {"department": office.vx, "deadline": deadline})
    secret = services.register_incoming(
        office.clerk,
        office.agency,
        incoming_data(number="16", subject="Kế hoạch bảo vệ bí mật", secrecy=Secrecy.SECRET),
        upload=pdf_upload("Mật"),
        presented_to=office.leader,
    )
    [secret_task] = services.assign(
        office.leader, secret, {"assignee": office.specialist, "deadline": deadline}
    )
    elsewhere = services.register_incoming(
        other.clerk, other.agency, incoming_data(number="17"), upload=pdf_upload("Khác")
    )

    def draft(author, agency, department, **data):
        fields = {"doc_type": "CV", "subject": "Về việc chuyển đổi số", "body": "Kính gửi", **data}
        return services.create_draft(author, agency=agency, department=department, data=fields)

    objects = {
        "incoming": normal,
        "incoming_secret": secret,
        "incoming_other_agency": elsewhere,
        "task": task,
        "task_secret": secret_task,
        "outgoing": draft(office.specialist, office.agency, office.vx),
        "outgoing_secret": draft(office.specialist, office.agency, office.vx, secrecy=Secrecy.SECRET),
        "outgoing_other_agency": draft(other.specialist, other.agency, other.vx),
        "form_draft": _form_draft(people["citizen"]),
        "form_draft_other_citizen": _form_draft(make_user(Role.CITIZEN)),
        "user_own_agency": office.kt_specialist,
        "user_other_agency": other.specialist,
    }
    clients = {role: _login(user, totp_device) for role, user in people.items()}
    halfway = person(office.agency, Role.LEADER, rank=Position.Rank.AGENCY_LEADER, position="Chủ tịch")
    totp_device(halfway)
    clients["leader_password_only"] = Client()
    clients["leader_password_only"].force_login(halfway)
    return clients, objects


def _urls(name, pk) -> list[str]:
    """The pages and API answers that show the object (and its file)."""
    kind = name.split("_")[0]
    if kind == "incoming":
        return [f"/van-ban/den/{pk}/", f"/van-ban/den/{pk}/tep/", f"/api/v1/van-ban/den/{pk}/"]
    if kind == "outgoing":
        return [f"/van-ban/di/{pk}/", f"/api/v1/van-ban/di/{pk}/"]
    if kind == "task":
        return [f"/van-ban/nhiem-vu/{pk}/", f"/api/v1/van-ban/nhiem-vu/{pk}/"]
    return [f"/dich-vu-cong/ho-so-nhap/{pk}/"]


ADMIN_MODELS = {
    "user": "accounts/user",
    "incoming": "documents/incomingdocument",
    "outgoing": "documents/outgoingdocument",
    "task": "documents/task",
}


def _outcomes(table, urls_of, clients, objects):
    """(role, object, url, expected, status) for every cell of the table."""
    for name, allowed in table.items():
        for role in ROLES:
            for url in urls_of(name, objects[name].pk):
                status = clients[role].get(url).status_code
                yield role, name, url, role in allowed, status


def _wrong(outcomes) -> list[str]:
    wrong = []
    for role, name, url, expected, status in outcomes:
        if expected and status != 200:
            wrong.append(f"{role} refused {name} at {url}: {status}")
        elif not expected and status == 200:
            wrong.append(f"LEAK: {role} opened {name} at {url}")
    return wrong


def test_pages_and_api_show_each_object_only_to_the_table_s_roles(world):
    clients, objects = world
    wrong = _wrong(_outcomes(MAY_OPEN, _urls, clients, objects))
    assert not wrong, "\n".join(wrong)


def test_admin_opens_only_own_agency_users_for_the_agency_admin(world):
    clients, objects = world

    def admin_urls(name, pk):
        return [f"/admin/{ADMIN_MODELS[name.split('_')[0]]}/{pk}/change/"]

    wrong = _wrong(_outcomes(ADMIN_MAY_OPEN, admin_urls, clients, objects))
    assert not wrong, "\n".join(wrong)


def test_lists_never_name_what_the_table_hides(world):
    """The lists (pages and API) of every role leave out the subjects of what the table hides."""
    clients, objects = world
    secret_subject = objects["incoming_secret"].subject
    lists = ["/van-ban/den/", "/api/v1/van-ban/den/", "/van-ban/", "/api/v1/van-ban/nhiem-vu/"]
    leaks = []
    for role in ROLES:
        if role in MAY_OPEN["incoming_secret"]:
            continue
        for url in lists:
            response = clients[role].get(url)
            if response.status_code == 200 and secret_subject in response.content.decode():
                leaks.append(f"LEAK: {role} sees the secret subject at {url}")
    assert not leaks, "\n".join(leaks)
