"""The signer block of Decree 30 (Phụ lục I II.7): its lines, the combinations refused, and its place on
the printed page (never alone on a page, kept with the last lines of the text)."""

import subprocess

import pytest

from documents import services
from documents.models import OutgoingDocument
from documents.notation import signer_block
from egov.errors import DomainError

pytestmark = pytest.mark.django_db


def block(**fields):
    values = {"signer_name": "Nguyễn Văn A", "signer_position": "Phó Chủ tịch"} | fields
    return signer_block(OutgoingDocument(**values))


@pytest.mark.parametrize(
    ("fields", "lines"),
    [
        (
            {"sign_on_behalf": "Ủy ban nhân dân", "sign_authority": "KT", "sign_for_title": "Chủ tịch"},
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A"],
        ),
        (
            {"sign_authority": "KT", "sign_for_title": "Bộ trưởng", "signer_position": "Thứ trưởng"},
            ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Nguyễn Văn A"],
        ),
        ({"sign_authority": "Q", "sign_for_title": "Chủ tịch"}, ["Q. CHỦ TỊCH", "Nguyễn Văn A"]),
        (
            {"sign_authority": "TL", "sign_for_title": "Chủ tịch", "signer_position": "Chánh Văn phòng"},
            ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Nguyễn Văn A"],
        ),
        (
            {"sign_authority": "TUQ", "sign_for_title": "Giám đốc", "signer_position": "Trưởng phòng"},
            ["TUQ. GIÁM ĐỐC", "TRƯỞNG PHÒNG", "Nguyễn Văn A"],
        ),
        (
            {"sign_on_behalf": "Ủy ban nhân dân", "signer_position": "Chủ tịch"},
            ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"],
        ),
        ({}, ["PHÓ CHỦ TỊCH", "Nguyễn Văn A"]),
    ],
)
def test_signer_block_lines(fields, lines):
    assert block(**fields) == lines


def draft(office, **data):
    values = {"doc_type": "CV", "subject": "V/v triển khai tiêm chủng", "body": "Kính gửi các cơ quan."}
    return services.create_draft(office.specialist, agency=office.agency, data=values | data)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"sign_authority": "KT"}, "phải ghi chức danh"),
        ({"sign_authority": "Q", "sign_for_title": " "}, "phải ghi chức danh"),
        ({"sign_for_title": "CHỦ TỊCH"}, "Chỉ ghi chức danh"),
        ({"sign_authority": "XX", "sign_for_title": "CHỦ TỊCH"}, "không hợp lệ"),
    ],
)
def test_impossible_combinations_are_refused_in_vietnamese(office, fields, message):
    with pytest.raises(DomainError, match=message):
        draft(office, **fields)
    document = draft(office)
    with pytest.raises(DomainError, match=message):
        services.update_draft(office.specialist, document, data=fields)
    assert OutgoingDocument.objects.count() == 1


def test_approval_prints_the_block_in_capitals(office):
    document = draft(office, sign_on_behalf="Ủy ban nhân dân", sign_authority="KT", sign_for_title="Chủ tịch")
    services.submit(office.specialist, document)
    services.review(office.head, document)
    services.approve(office.leader, document)
    document.refresh_from_db()
    text = pdf_pages(services.render_issued_pdf(document))[-1]
    lines = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    places = [text.find(line) for line in lines]
    assert -1 not in places and places == sorted(places), text
    assert office.leader.get_full_name() in text


def pdf_pages(pdf: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return text.stdout.decode().split("\f")[:-1]


PARAGRAPH = (
    "Thực hiện chỉ đạo của cấp trên, đề nghị các cơ quan, đơn vị triển khai nội dung sau đây trong "
    "phạm vi quản lý, báo cáo kết quả đúng thời hạn (đoạn {n})."
)


@pytest.mark.parametrize("count", range(10, 18))
def test_the_signer_block_never_stands_alone_on_a_page(office, count):
    """Over lengths that move the end of the text across the page break, the page that holds the
    signer's name also holds the last paragraph."""
    body = "\n".join(PARAGRAPH.format(n=n) for n in range(1, count + 1))
    document = draft(
        office, body=body, sign_on_behalf="Ủy ban nhân dân", sign_authority="KT", sign_for_title="Chủ tịch"
    )
    document.signer_name, document.signer_position = "Nguyễn Văn A", "Phó Chủ tịch"
    pages = pdf_pages(services.render_issued_pdf(document))
    with_name = [i for i, page in enumerate(pages) if "Nguyễn Văn A" in page]
    assert len(with_name) == 1
    page = pages[with_name[0]]
    assert "TM. ỦY BAN NHÂN DÂN" in page and "Nơi nhận" in page
    assert f"(đoạn {count})" in " ".join(page.split())


def test_the_printed_document_is_vietnamese_whatever_the_page_language(office):
    """A leader working in English approves and signs the Vietnamese document, urgency stamp included."""
    from django.utils import translation

    document = draft(office, urgency=OutgoingDocument._meta.get_field("urgency").choices[2][0])
    with translation.override("en"):
        text = pdf_pages(services.printing.approval_pdf(document))[0]
    assert "THƯỢNG KHẨN" in text.upper() and "URGENT" not in text.upper(), text
