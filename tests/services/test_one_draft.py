"""One draft per application: "Kiểm tra hồ sơ" pressed again and saves sent at once never make a second
draft, and the file attached before is kept."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from egov.accounts.roles import Role
from services.models import DraftFile, FormDraft
from tests.concurrency import at_once

from .conftest import PDF

APPLY = "/dich-vu-cong/thu-tuc/1.009994/nop-truc-tuyen/"
FORM_ACTION = re.compile(r'<form method="post"(?: action="([^"]*)")? enctype="multipart/form-data"')


def _fields(html: str) -> dict:
    """The hidden inputs of the page's form, as the browser sends them back."""
    return dict(re.findall(r'<input type="hidden" name="(draft_token)" value="([^"]*)"', html))


def _post_target(html: str) -> str:
    match = FORM_ACTION.search(html)
    assert match, "the form is on the page"
    return match.group(1) or APPLY


@pytest.mark.django_db
def test_checking_a_new_application_twice_keeps_one_draft_and_its_file(client, make_user, make_procedure):
    make_procedure()
    client.force_login(make_user(Role.CITIZEN))
    page = client.get(APPLY).content.decode()
    first = client.post(
        _post_target(page),
        {
            **_fields(page),
            "ho_ten": "Nguyễn Văn A",
            "action": "check",
            "file_don_de_nghi": SimpleUploadedFile("don.pdf", PDF, "application/pdf"),
        },
    )
    assert first.status_code == 200
    html = first.content.decode()
    again = client.post(_post_target(html), {**_fields(html), "ho_ten": "Nguyễn Văn A", "action": "check"})
    assert again.status_code == 200
    draft = FormDraft.objects.get()  # one draft, not one for each press
    assert list(DraftFile.objects.filter(draft=draft).values_list("slot", flat=True)) == ["don_de_nghi"]
    assert "don.pdf" in again.content.decode()


@pytest.mark.django_db
def test_the_same_page_sent_again_updates_its_draft(client, make_user, make_procedure):
    """A second "Lưu nháp" from a new application's page (double click, back button) is the same draft."""
    make_procedure()
    client.force_login(make_user(Role.CITIZEN))
    page = client.get(APPLY).content.decode()
    for name in ("Nguyễn Văn A", "Nguyễn Văn B"):
        client.post(APPLY, {**_fields(page), "ho_ten": name, "action": "save"})
    draft = FormDraft.objects.get()
    assert draft.data["ho_ten"] == "Nguyễn Văn B"


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_of_a_new_application_make_one_draft(make_user, make_procedure):
    make_procedure()
    user = make_user(Role.CITIZEN)
    opener = Client()
    opener.force_login(user)
    page = opener.get(APPLY).content.decode()
    statuses = []

    def save(index):
        browser = Client()
        browser.force_login(user)
        response = browser.post(APPLY, {**_fields(page), "ho_ten": f"Người {index}", "action": "save"})
        statuses.append(response.status_code)

    workers = 4
    assert at_once([lambda index=index: save(index) for index in range(workers)])[1] == []
    assert statuses == [302] * workers
    assert FormDraft.objects.filter(user=user).count() == 1
