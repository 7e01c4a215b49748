"""Create forms count once: the same page sent twice (double click, resent request) creates one object,
and the second submission is led to what the first one created."""

import datetime
import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from documents.models import IncomingDocument, OutgoingDocument, Task, WorkFile

from .factories import incoming_data, pdf_upload

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


def _token(client, url):
    """The one-time token of the form as the page gives it."""
    form = client.get(url).context["form"]
    token = form["form_token"].value()
    assert token
    return token


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def _incoming_form(**overrides):
    data = incoming_data(**overrides)
    data["issued_date"] = data["issued_date"].strftime("%d/%m/%Y")
    return data


def _twice(client, url, data, files=None):
    """Posts the same page twice; returns both answers (the second followed to where it leads)."""
    first = client.post(url, {**data, **(files() if files else {})})
    second = client.post(url, {**data, **(files() if files else {})}, follow=True)
    return first, second


def test_an_incoming_registration_sent_twice_is_registered_once(office, login):
    client = login(office.clerk)
    url = reverse("documents:incoming-register")
    data = {**_incoming_form(), "form_token": _token(client, url)}
    first, second = _twice(client, url, data, lambda: {"file": pdf_upload()})
    document = IncomingDocument.objects.get()
    detail = reverse("documents:incoming-detail", args=[document.pk])
    assert first.status_code == 302 and first["Location"] == detail
    assert second.redirect_chain == [(detail, 302)]
    assert "Biểu mẫu này đã được gửi; đây là kết quả của lần gửi đó." in _messages(second)
    assert document.arrival_number == 1


def test_a_draft_a_task_and_a_work_file_sent_twice_are_created_once(office, login):
    specialist = login(office.specialist)
    url = reverse("documents:outgoing-create")
    draft = {"doc_type": "CV", "subject": "Về việc hội nghị", "body": "Kính gửi", "urgency": 0, "secrecy": 0}
    first, second = _twice(specialist, url, {**draft, "copies": 1, "form_token": _token(specialist, url)})
    document = OutgoingDocument.objects.get()
    assert (
        first["Location"]
        == second.redirect_chain[-1][0]
        == reverse("documents:outgoing-detail", args=[document.pk])
    )

    leader = login(office.leader)
    url = reverse("documents:tracking")
    task = {"title": "Báo cáo giải ngân", "agency": office.agency.pk, "department": office.kt.pk}
    first, second = _twice(leader, url, {**task, "working_days": 5, "form_token": _token(leader, url)})
    created = Task.objects.get(title="Báo cáo giải ngân")
    assert (
        first["Location"]
        == second.redirect_chain[-1][0]
        == reverse("documents:task-detail", args=[created.pk])
    )

    clerk = login(office.clerk)
    url = reverse("documents:work-files")
    work_file = {"notation": "01.VP", "title": "Hồ sơ thi đua", "maintenance": "10 năm"}
    first, second = _twice(clerk, url, {**work_file, "form_token": _token(clerk, url)})
    made = WorkFile.objects.get()
    assert first["Location"] == second.redirect_chain[-1][0] == reverse("documents:work-file", args=[made.pk])


def test_a_refused_submission_keeps_its_token_for_the_corrected_one(office, login):
    client = login(office.clerk)
    url = reverse("documents:incoming-register")
    client.post(url, {**_incoming_form(), "form_token": _token(client, url)})
    token = _token(client, url)
    warned = client.post(url, {**_incoming_form(), "form_token": token})
    assert warned.status_code == 200  # a probable duplicate: nothing created, the same page shown again
    assert warned.context["form"]["form_token"].value() == token
    confirmed = client.post(url, {**_incoming_form(), "form_token": token, "confirm_duplicate": "on"})
    assert confirmed.status_code == 302
    assert IncomingDocument.objects.count() == 2


def test_a_page_without_its_token_creates_nothing_and_is_shown_with_a_fresh_one(office, login):
    client = login(office.clerk)
    url = reverse("documents:incoming-register")
    for token in ("", "x<y"):
        response = client.post(url, {**_incoming_form(), "form_token": token})
        assert response.status_code == 200
        assert "Trang này đã cũ: hãy kiểm tra lại thông tin rồi gửi lại." in response.content.decode()
        assert len(response.context["form"]["form_token"].value()) >= 20
    assert not IncomingDocument.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_of_one_page_register_one_document(office, login):
    """The issue's case: both requests arrive together; the second waits for the first and follows it."""
    client = login(office.clerk)
    url = reverse("documents:incoming-register")
    data = {**_incoming_form(), "form_token": _token(client, url)}
    barrier = threading.Barrier(2)
    answers, errors = [], []

    def send():
        try:
            own = Client()
            own.cookies = client.cookies
            barrier.wait()
            answers.append(own.post(url, data))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    document = IncomingDocument.objects.get()
    detail = reverse("documents:incoming-detail", args=[document.pk])
    assert sorted(a.status_code for a in answers) == [302, 302]
    assert {a["Location"] for a in answers} == {detail}
