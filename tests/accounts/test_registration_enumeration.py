"""Registration never tells whether a personal ID or an e-mail already has an account: the page answers
the same either way, the mailbox says what happened, and a new account exists only once its link is
confirmed."""

import re

import pytest
from django.core import mail

from egov.accounts.models import User
from egov.accounts.roles import Role

pytestmark = pytest.mark.django_db

REGISTER = "/tai-khoan/dang-ky/"


def form(**overrides):
    return {
        "full_name": "Nguyễn Văn An",
        "personal_id": "025090012345",
        "birth_date": "1990-03-04",
        "sex": "M",
        "email": "an@example.vn",
        "phone": "0912345678",
        "password1": "Rat-an-toan-2026",
        "password2": "Rat-an-toan-2026",
    } | overrides


def page_text(response) -> str:
    """The answer without what the visitor typed and the per-request token."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return html.replace("an@example.vn", "EMAIL").replace("khac@example.vn", "EMAIL")


@pytest.fixture
def owner(make_user):
    return make_user(
        Role.CITIZEN, username="025090012345", personal_id="025090012345", email="chu@example.vn"
    )


def test_taken_id_taken_email_and_new_person_get_the_same_page(client, owner):
    other = {"personal_id": "001190012345", "birth_date": "1990-01-02", "sex": "F"}
    answers = [
        client.post(REGISTER, form(**other, email="khac@example.vn")),  # nobody has either
        client.post(REGISTER, form(email="khac@example.vn")),  # the ID has an account
        client.post(REGISTER, form(**other, email="chu@example.vn")),  # the e-mail has one
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    pages = [page_text(answer).replace("chu@example.vn", "EMAIL") for answer in answers]
    assert "Kiểm tra hộp thư" in pages[0] and pages[0] == pages[1] == pages[2]
    assert not User.objects.filter(personal_id="001190012345").exists()  # nothing created before the link


def test_the_owner_is_told_and_the_account_is_unchanged(client, owner):
    password = owner.password
    client.post(REGISTER, form(email="moi@example.vn"))
    owner.refresh_from_db()
    assert owner.password == password and owner.email == "chu@example.vn"
    to = {tuple(message.to): message.body for message in mail.outbox}
    assert "đã có tài khoản" in to[("chu@example.vn",)]
    assert "đã có tài khoản" in to[("moi@example.vn",)]  # only the mailbox learns it
    assert all("/dang-ky/xac-nhan/" not in body for body in to.values())


def test_a_new_citizen_confirms_by_the_link_and_is_logged_in(client):
    assert client.post(REGISTER, form()).status_code == 200
    assert not User.objects.filter(personal_id="025090012345").exists()
    (message,) = mail.outbox
    assert message.to == ["an@example.vn"]
    link = re.search(r"https?://\S+/dang-ky/xac-nhan/\S+/", message.body).group(0).split("testserver")[1]
    assert client.get(link).status_code == 200 and not User.objects.exists()  # a mail scanner's GET
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(personal_id="025090012345")
    assert user.username == "025090012345" and user.has_role(Role.CITIZEN)
    assert user.check_password("Rat-an-toan-2026")
    assert client.get("/").context["user"] == user
    client.logout()
    again = client.post(link)  # a link is good once
    assert "Liên kết không còn hiệu lực" in again.content.decode()
    assert User.objects.filter(personal_id="025090012345").count() == 1


def test_a_link_whose_id_was_taken_meanwhile_creates_nothing(client, make_user):
    client.post(REGISTER, form())
    link = re.search(r"/tai-khoan/dang-ky/xac-nhan/\S+/", mail.outbox[0].body).group(0)
    make_user(Role.CITIZEN, username="025090012345", personal_id="025090012345", email="x@example.vn")
    assert "Liên kết không còn hiệu lực" in client.post(link).content.decode()
    assert User.objects.filter(personal_id="025090012345").count() == 1


def test_form_errors_are_still_shown(client):
    response = client.post(REGISTER, form(birth_date="1991-03-04", email=""))
    html = response.content.decode()
    assert "không khớp với năm sinh" in html and not mail.outbox
