"""Error answers: Vietnamese pages in the portal's layout (the 500 page with neither request nor database),
JSON `{"detail": ...}` under /api/."""

import pytest
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import path

import egov.urls
from egov import error_pages


def boom(request):
    raise RuntimeError("a bug")


# this module doubles as a URL configuration with a failing page and API endpoint
urlpatterns = [path("loi/", boom), path("api/v1/loi/", boom), *egov.urls.urlpatterns]
handler500 = "egov.error_pages.server_error"


def in_layout(html: str) -> bool:
    return 'class="site-header"' in html and 'class="site-footer"' in html and 'lang="vi"' in html


@pytest.mark.django_db
def test_unknown_page_is_a_vietnamese_404_in_the_layout(client):
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404 and in_layout(html)
    assert "Không tìm thấy trang" in html and "Not Found" not in html


@pytest.mark.django_db
def test_unknown_api_path_answers_json_404(client):
    response = client.get("/api/v1/khong-co/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Không tìm thấy trang hoặc dữ liệu yêu cầu."}


@pytest.mark.django_db
def test_csrf_failure_is_a_vietnamese_403():
    response = Client(enforce_csrf_checks=True).post("/tai-khoan/dang-nhap/", {"username": "a"})
    html = response.content.decode()
    assert response.status_code == 403 and in_layout(html)
    assert "Phiên làm việc của biểu mẫu đã hết hạn" in html and "CSRF verification failed" not in html


@pytest.mark.django_db
def test_refused_page_is_a_vietnamese_403(client, make_user):
    from egov.accounts.roles import Role

    client.force_login(make_user(Role.CITIZEN))
    response = client.get("/van-ban/")
    html = response.content.decode()
    assert response.status_code == 403 and in_layout(html)
    assert "Không có quyền truy cập" in html


@pytest.mark.django_db
def test_bad_host_is_a_vietnamese_400(client):
    response = client.get("/", HTTP_HOST="ke-gian.example")
    assert response.status_code == 400 and "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.mark.django_db
def test_crash_is_a_vietnamese_500_page_and_json_under_the_api(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    page = client.get("/loi/")
    assert page.status_code == 500 and in_layout(page.content.decode())
    assert "Hệ thống đang gặp sự cố" in page.content.decode()
    api = client.get("/api/v1/loi/")
    assert api.status_code == 500
    assert api.json() == {"detail": "Hệ thống đang gặp sự cố. Vui lòng thử lại sau ít phút."}


def test_500_page_renders_without_database_or_request():
    # no django_db mark: any query here raises
    response = error_pages.server_error(None)
    html = response.content.decode()
    assert response.status_code == 500 and in_layout(html) and "Hệ thống đang gặp sự cố" in html


def test_429_page_is_vietnamese_in_the_layout():
    html = loader.get_template("429.html").render({}, RequestFactory().get("/"))
    assert in_layout(html) and "Quá nhiều yêu cầu" in html
