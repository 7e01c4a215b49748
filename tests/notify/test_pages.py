"""The citizen's page of their messages: login required, only their own, newest first, paginated, with the
status in Vietnamese."""

import datetime

import pytest
from django.utils import timezone

from egov.notify.models import Channel, Message, Status
from egov.notify.views import PAGE_SIZE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/tai-khoan/thong-bao/"


def message(user, n, **fields):
    values = {
        "user": user,
        "channel": Channel.SMS,
        "address": "0912345678",
        "event": "accepted",
        "body": f"Tin số {n} <b>đậm</b>",
        "key": f"{getattr(user, 'pk', 0)}:{n}",
        "queued_at": timezone.now() - datetime.timedelta(minutes=1000 - n),
    }
    values.update(fields)
    return Message.objects.create(**values)


def test_login_is_required(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_only_the_own_messages_newest_first_with_vietnamese_status(client):
    me, other = UserFactory(), UserFactory()
    message(me, 1, status=Status.SENT, sent_at=timezone.now())
    message(me, 2, status=Status.QUEUED)
    message(me, 3, status=Status.FAILED, channel=Channel.EMAIL, subject="Hồ sơ đã được tiếp nhận")
    message(me, 4, status=Status.GAVE_UP)
    message(other, 5, body="Tin của người khác")
    message(None, 6, body="Tin của người nộp tại quầy")
    client.force_login(me)
    page = client.get(URL).content.decode()
    assert "Tin của người khác" not in page and "Tin của người nộp tại quầy" not in page
    positions = [page.index(f"Tin số {n}") for n in (4, 3, 2, 1)]
    assert positions == sorted(positions)
    for label in (
        "Đã gửi",
        "Đang gửi",
        "Gửi lỗi, sẽ thử lại",
        "Không gửi được",
        "Thư điện tử",
        "Tin nhắn SMS",
    ):
        assert label in page
    assert "Chờ gửi" not in page  # a queued message reads "Đang gửi"
    assert "&lt;b&gt;đậm&lt;/b&gt;" in page  # the text is shown, never run


def test_pages_of_twenty(client):
    me = UserFactory()
    for n in range(PAGE_SIZE + 5):
        message(me, n)
    client.force_login(me)
    first = client.get(URL).content.decode()
    assert f"Tin số {PAGE_SIZE + 4} " in first and "Tin số 4 " not in first and "Trang 1/2" in first
    second = client.get(URL, {"trang": "2"}).content.decode()
    assert "Tin số 4 " in second and "Tin số 5 " not in second
    assert client.get(URL, {"trang": "x\x01"}).status_code == 200  # a hostile page number: the first page


def test_no_messages_yet(client):
    client.force_login(UserFactory())
    assert "Chưa có thông báo nào được gửi cho bạn." in client.get(URL).content.decode()
