"""The procedure page's summary (what a citizen checks before going) and the catalogue's search box."""

import pytest

pytestmark = pytest.mark.django_db


def _summary(html: str) -> str:
    return html.split('<aside class="card svc-summary"')[1].split("</aside>")[0]


def test_summary_gives_time_fee_papers_channels_and_the_online_button(client, make_procedure):
    make_procedure()
    summary = _summary(client.get("/dich-vu-cong/thu-tuc/1.009994/").content.decode())
    assert "<strong>15 ngày làm việc</strong>" in summary
    assert "75.000 đồng" in summary
    assert '<a href="#s-papers">3 loại giấy tờ</a>' in summary
    assert "<dd>trực tuyến, trực tiếp</dd>" in summary
    assert 'href="/dich-vu-cong/thu-tuc/1.009994/nop-truc-tuyen/">Nộp hồ sơ trực tuyến</a>' in summary


def test_level_2_summary_points_to_the_paper_forms_instead_of_an_online_button(client, make_procedure):
    make_procedure(
        code="2.000815", name="Chứng thực bản sao", online_level=2, classification="thong_tin", days=0
    )
    html = client.get("/dich-vu-cong/thu-tuc/2.000815/").content.decode()
    summary = _summary(html)
    assert "Trong ngày" in summary and "nop-truc-tuyen" not in html
    assert "rồi nộp trực tiếp tại nơi tiếp nhận." in summary  # not by post: make_procedure takes none
    assert "Nơi tiếp nhận hồ sơ" not in html  # no agency recorded: no empty heading


def test_receiving_places_are_listed_under_their_heading(client, make_procedure):
    from egov.directory.models import Agency

    agency = Agency.objects.create(name="Ủy ban nhân dân phường Việt Trì", short_name="UBND", level="commune")
    make_procedure(agency=agency)
    html = client.get("/dich-vu-cong/thu-tuc/1.009994/").content.decode()
    where = html.split('id="s-where"')[1].split("</section>")[0]
    assert "Nơi tiếp nhận hồ sơ" in where and agency.name in where


def test_search_box_says_accents_are_optional(client):
    html = client.get("/dich-vu-cong/").content.decode()
    assert 'aria-describedby="svc-q-hint"' in html
    assert "Gõ có dấu hoặc không dấu đều được, ví dụ: giay phep xay dung." in html
