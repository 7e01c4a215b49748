"""The one-stop desk tells the applicant through egov.notify: each business action queues its event's
e-mail and SMS, in Vietnamese, to the walk-in's address and phone or the account's; an account holder also
gets the in-portal notification (and one e-mail, not two)."""

import datetime

import pytest
from django.core import mail

from documents.models import Notification
from egov.notify.models import Channel, LocalSms, Message
from onestop import services
from onestop.models import ReturnMethod
from tests.onestop.conftest import MONDAY, accepted, at, pay_fees, processing, walk_in
from tests.onestop.signers import demo_pki, result_ready, signers  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def messages_of(dossier, event) -> dict[str, Message]:
    rows = Message.objects.filter(related=f"onestop.dossier:{dossier.pk}", event=event)
    return {m.channel: m for m in rows}


def test_acceptance_tells_the_walk_in_by_mail_and_sms(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = accepted(world)
    sent = messages_of(dossier, "accepted")
    assert set(sent) == {Channel.EMAIL, Channel.SMS}
    email, sms = sent[Channel.EMAIL], sent[Channel.SMS]
    assert email.user is None and email.address == "hung@example.vn" and sms.address == "0912345678"
    assert email.subject == f"Hồ sơ {dossier.code} đã được tiếp nhận"
    assert "Kính gửi ông/bà Lê Văn Hùng" in email.body and "Cấp phiếu lý lịch tư pháp" in email.body
    assert "Thời gian hẹn trả kết quả: 17:00 ngày 09/03/2026" in email.body
    url = f"http://127.0.0.1:8000/tra-cuu-ho-so/{dossier.code}/"
    assert url in email.body and url in sms.body
    assert sms.body == f"Hồ sơ {dossier.code} đã được tiếp nhận, hẹn trả 09/03/2026. Tra cứu: {url}"
    assert len(sms.body) <= 160
    assert [m.subject for m in mail.outbox] == [email.subject]
    assert LocalSms.objects.get().text == sms.body


def test_an_account_holder_gets_the_portal_notification_and_one_mail(
    world, django_capture_on_commit_callbacks
):
    world.citizen.phone = "0987654321"
    world.citizen.save()
    with django_capture_on_commit_callbacks(execute=True):
        dossier = accepted(world, applicant=services.Applicant(name="", user=world.citizen))
    sent = messages_of(dossier, "accepted")
    assert {m.user_id for m in sent.values()} == {world.citizen.pk}
    assert sent[Channel.EMAIL].address == world.citizen.email and sent[Channel.SMS].address == "0987654321"
    portal = Notification.objects.get(user=world.citizen)
    assert portal.key == sent[Channel.EMAIL].key and portal.mail == Notification.Mail.NONE
    assert len(mail.outbox) == 1


def test_a_supplement_request_names_the_papers_in_the_mail_not_in_the_sms(world):
    dossier = services.request_supplement(
        world.sotp.specialist, processing(world), "Thiếu bản sao giấy khai sinh", at=at(3)
    )
    sent = messages_of(dossier, "supplement_requested")
    assert sent[Channel.EMAIL].subject == f"Hồ sơ {dossier.code} cần bổ sung"
    assert "Thiếu bản sao giấy khai sinh" in sent[Channel.EMAIL].body
    assert "khai sinh" not in sent[Channel.SMS].body and dossier.code in sent[Channel.SMS].body


def test_the_apology_gives_the_new_date_and_the_reason(world):
    dossier = processing(world)
    new_due = dossier.due_at + datetime.timedelta(days=2)
    services.apologise_and_reschedule(world.sotp.leader, dossier, "Chờ kết quả xác minh", new_due, at=at(5))
    sent = messages_of(dossier, "rescheduled")
    email = sent[Channel.EMAIL]
    assert email.subject == f"Xin lỗi: hồ sơ {dossier.code} được hẹn lại ngày trả kết quả"
    assert "chân thành xin lỗi" in email.body and "Lý do: Chờ kết quả xác minh" in email.body
    assert "17:00 ngày 11/03/2026" in email.body
    assert "11/03/2026" in sent[Channel.SMS].body


def test_a_closing_uses_its_own_event_and_the_generic_text(world):
    dossier = services.stop(world.sotp.leader, processing(world), "Người nộp đề nghị dừng", at=at(3))
    email = messages_of(dossier, "stopped")[Channel.EMAIL]
    assert email.subject == f"Hồ sơ {dossier.code}: Dừng giải quyết"
    assert f"Hồ sơ {dossier.code} đã dừng giải quyết. Lý do: Người nộp đề nghị dừng" in email.body


def test_payment_received_and_the_same_occurrence_told_once(world):
    dossier = accepted(world)
    text = "Đã nhận khoản phí, lệ phí 50.000 đồng qua cổng thanh toán."
    services._tell_applicant(dossier, text, event="payment_received")
    services._tell_applicant(dossier, text, event="payment_received")  # a gateway's callback replayed
    sent = messages_of(dossier, "payment_received")
    assert Message.objects.filter(event="payment_received").count() == 2  # e-mail and SMS, once each
    assert sent[Channel.EMAIL].subject == f"Đã nhận phí, lệ phí hồ sơ {dossier.code}"
    assert text in sent[Channel.EMAIL].body
    assert sent[Channel.SMS].body.startswith(f"Đã nhận phí, lệ phí hồ sơ {dossier.code}.")


@pytest.mark.usefixtures("demo_pki")
def test_the_result_ready_and_returned_are_told(world):
    desk = signers(world.sotp)
    dossier = services.record_appraisal(desk.specialist, processing(world), "Đủ điều kiện", at=at(3, 10))
    dossier = services.approve(desk.leader, dossier, at=at(4, 10))
    dossier = result_ready(desk, dossier, at=at(4, 11))
    ready = messages_of(dossier, "result_ready")
    assert ready[Channel.EMAIL].subject == f"Hồ sơ {dossier.code} đã có kết quả"
    assert ready[Channel.SMS].body.startswith(f"Hồ sơ {dossier.code} đã có kết quả, mời ông/bà nhận kết quả.")
    dossier = pay_fees(desk, dossier, at=at(5, 9))
    services.return_result(
        desk.officer, dossier, ReturnMethod.COUNTER, received_by_name="Lê Văn Hùng", at=at(5, 9)
    )
    returned = messages_of(dossier, "result_returned")
    assert returned[Channel.EMAIL].subject == f"Hồ sơ {dossier.code} đã được trả kết quả"
    assert "đã được trả (Tại Bộ phận Một cửa)." in returned[Channel.EMAIL].body
    assert returned[Channel.SMS].body.startswith(f"Hồ sơ {dossier.code} đã được trả kết quả.")


def test_a_walk_in_without_address_or_phone_gets_no_message(world):
    dossier = accepted(world, applicant=walk_in(email="", phone=""), when=MONDAY)
    assert not Message.objects.filter(related=f"onestop.dossier:{dossier.pk}").exists()
