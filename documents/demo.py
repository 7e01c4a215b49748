"""Demo documents for UBND tỉnh Phú Thọ: incoming documents in every state and outgoing drafts along the
review route up to issue (delivered to two agencies of the portal). One công văn goes through the signed
flow (regulations §1.9): the leader signs it at approval and the clerk seals it at issue, with the demo
PKI (egov/signing/demo_pki.py, PIN 123456), with a PDF appendix sealed too, so it can be downloaded and
checked on the public verification page (/chu-ky-so/xac-thuc/). Everything goes through the services,
so arrival numbers, numbers, signatures, timelines and audit entries are the real ones.

Idempotent: a document whose subject is already in the agency's books is left alone."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from egov.directory.models import Agency
from egov.errors import DomainError

from . import services
from .models import IncomingDocument, OutgoingDocument, Recipient, Task

# subject, type, number, notation, organ, signer, urgency, secrecy, due in days (None: none), plan
# plan: "registered" | "assigned" | "processing" | "done" | "overdue" | "delegated"
INCOMING = [
    (
        "Về việc triển khai Kế hoạch chuyển đổi số năm 2026",
        "CV",
        "125",
        "BTTTT-CĐS",
        "Bộ Thông tin và Truyền thông",
        ("Nguyễn Huy Dũng", "Thứ trưởng"),
        0,
        0,
        15,
        "assigned",
    ),
    (
        "Quyết định về việc đăng ký thi đua năm 2026",
        "QĐ",
        "42",
        "QĐ-BNV",
        "Bộ Nội vụ",
        ("Trương Hải Long", "Thứ trưởng"),
        0,
        0,
        None,
        "done",
    ),
    (
        "Về việc phòng, chống cơn bão số 3 và mưa lũ",
        "CĐ",
        "07",
        "CĐ-TTg",
        "Thủ tướng Chính phủ",
        ("Trần Hồng Hà", "Phó Thủ tướng"),
        3,
        0,
        2,
        "processing",
    ),
    (
        "Về việc báo cáo tình hình thực hiện cải cách hành chính quý II",
        "CV",
        "318",
        "BNV-CCHC",
        "Bộ Nội vụ",
        ("Vũ Đăng Minh", "Vụ trưởng"),
        0,
        0,
        -3,
        "overdue",
    ),
    (
        "Hướng dẫn tổ chức Ngày hội Đại đoàn kết toàn dân tộc",
        "HD",
        "15",
        "HD-MTTQ",
        "Ủy ban MTTQ Việt Nam tỉnh Phú Thọ",
        ("Hoàng Thị Lan", "Chủ tịch"),
        0,
        0,
        20,
        "delegated",
    ),
    (
        "Về việc rà soát thủ tục hành chính lĩnh vực hộ tịch",
        "CV",
        "1204",
        "STP-HCTP",
        "Sở Tư pháp tỉnh Phú Thọ",
        ("Lê Văn Quang", "Giám đốc"),
        1,
        0,
        10,
        "assigned",
    ),
    (
        "Giấy mời dự Hội nghị tổng kết công tác văn thư, lưu trữ",
        "GM",
        "56",
        "GM-SNV",
        "Sở Nội vụ tỉnh Phú Thọ",
        ("Phạm Thị Hoa", "Phó Giám đốc"),
        1,
        0,
        5,
        "registered",
    ),
    (
        "Về việc đăng ký nhu cầu đào tạo, bồi dưỡng cán bộ năm 2026",
        "CV",
        "877",
        "SNV-CCVC",
        "Sở Nội vụ tỉnh Phú Thọ",
        ("Phạm Thị Hoa", "Phó Giám đốc"),
        0,
        0,
        12,
        "registered",
    ),
    (
        "Báo cáo kết quả kiểm tra trật tự xây dựng 6 tháng đầu năm",
        "BC",
        "233",
        "BC-SXD",
        "Sở Xây dựng tỉnh Phú Thọ",
        ("Đỗ Minh Tuấn", "Giám đốc"),
        0,
        0,
        None,
        "done",
    ),
    (
        "Về việc bảo đảm an toàn thông tin mạng dịp Tết Nguyên đán",
        "CV",
        "09",
        "BCA-A05",
        "Bộ Công an",
        ("Nguyễn Văn Long", "Thứ trưởng"),
        2,
        1,
        7,
        "assigned",
    ),
    (
        "Thông báo kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với các xã",
        "TB",
        "112",
        "TB-VP",
        "Văn phòng UBND tỉnh Phú Thọ",
        ("Nguyễn Đức Anh", "Chánh Văn phòng"),
        0,
        0,
        None,
        "registered",
    ),
    (
        "Kế hoạch kiểm tra công tác phòng cháy, chữa cháy năm 2026",
        "KH",
        "64",
        "KH-CAT",
        "Công an tỉnh Phú Thọ",
        ("Trần Quốc Việt", "Phó Giám đốc"),
        0,
        0,
        -1,
        "overdue",
    ),
    (
        "Về việc hỗ trợ kinh phí khắc phục hậu quả thiên tai",
        "CV",
        "1520",
        "BTC-NSNN",
        "Bộ Tài chính",
        ("Võ Thành Hưng", "Thứ trưởng"),
        1,
        0,
        8,
        "processing",
    ),
    (
        "Chỉ thị về tăng cường kỷ luật, kỷ cương hành chính",
        "CT",
        "05",
        "CT-TTg",
        "Thủ tướng Chính phủ",
        ("Phạm Minh Chính", "Thủ tướng"),
        0,
        0,
        None,
        "done",
    ),
    (
        "Về việc cung cấp số liệu dân số phục vụ quy hoạch",
        "CV",
        "402",
        "CTK-DS",
        "Cục Thống kê tỉnh Phú Thọ",
        ("Nguyễn Thị Mai", "Cục trưởng"),
        0,
        0,
        9,
        "assigned",
    ),
    (
        "Tờ trình đề nghị phê duyệt danh mục dự án đầu tư công",
        "TTr",
        "88",
        "TTr-SKHĐT",
        "Sở Kế hoạch và Đầu tư tỉnh Phú Thọ",
        ("Lê Thanh Bình", "Giám đốc"),
        0,
        0,
        6,
        "registered",
    ),
]

# subject, type, department, urgency, plan: "draft" | "in_review" | "pending" | "approved" | "issued"
# | "signed" (issued with the leader's digital signature and the organisation's seal)
OUTGOING = [
    ("Về việc tăng cường sử dụng chữ ký số trong gửi, nhận văn bản điện tử", "CV", "VX", 0, "signed"),
    ("Về việc triển khai thực hiện chuyển đổi số trong giáo dục", "CV", "VX", 0, "issued"),
    ("Về việc tổ chức các hoạt động văn hóa chào mừng Quốc khánh", "CV", "VX", 1, "issued"),
    ("Kế hoạch kiểm tra công tác văn thư, lưu trữ năm 2026", "KH", "VX", 0, "approved"),
    ("Về việc báo cáo công tác y tế dự phòng mùa mưa bão", "CV", "VX", 2, "pending"),
    ("Về việc rà soát cơ sở vật chất trường học trước năm học mới", "CV", "VX", 0, "in_review"),
    ("Báo cáo tình hình thực hiện chính sách an sinh xã hội", "BC", "VX", 0, "in_review"),
    ("Về việc hướng dẫn đăng ký thi đua khen thưởng năm 2026", "CV", "VX", 0, "draft"),
    ("Thông báo lịch tiếp công dân tháng tới", "TB", "VX", 0, "draft"),
]

SIGNED_BODY = (
    "Thực hiện Nghị định số 30/2020/NĐ-CP của Chính phủ về công tác văn thư, Ủy ban nhân dân tỉnh đề nghị "
    "các cơ quan, đơn vị gửi, nhận văn bản điện tử có chữ ký số của người có thẩm quyền và chữ ký số của "
    "cơ quan, tổ chức; kiểm tra tính xác thực, toàn vẹn của văn bản đến trước khi vào sổ.\n"
    "Danh sách đơn vị thực hiện thí điểm tại Phụ lục kèm theo."
)
APPENDIX_TITLE = "Danh sách đơn vị thực hiện thí điểm"

DRAFT_BODY = (
    "Căn cứ chức năng, nhiệm vụ được giao, Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị khẩn trương "
    "triển khai thực hiện các nội dung sau đây và báo cáo kết quả trước thời hạn quy định."
)


def _people():
    User = get_user_model()
    names = ["vanthu", "lanhdao", "chuyenvien", "truongphong"]
    found = {u.username: u for u in User.objects.filter(username__in=names)}
    return found if len(found) == len(names) else None


def _ubnd():
    return (
        Agency.objects.filter(short_name="UBND", level="province", name__icontains="Phú Thọ").first()
        or Agency.objects.filter(short_name="UBND", parent__isnull=True).order_by("pk").first()
    )


def _seed_incoming(ubnd, people, today, stdout) -> int:
    clerk, leader, specialist, head = (people[k] for k in ("vanthu", "lanhdao", "chuyenvien", "truongphong"))
    vx = ubnd.departments.filter(abbreviation="VX").first()
    kt = ubnd.departments.filter(abbreviation="KT").first()
    made = 0
    for index, (subject, kind, number, notation, organ, signer, urgency, secrecy, due, plan) in enumerate(
        INCOMING
    ):
        if IncomingDocument.objects.filter(agency=ubnd, subject=subject).exists():
            continue
        data = {
            "doc_type": kind,
            "number": number,
            "notation": notation,
            "issued_date": today - datetime.timedelta(days=3 + index % 5),
            "issuing_organ": organ,
            "subject": subject,
            "signer_name": signer[0],
            "signer_position": signer[1],
            "urgency": urgency,
            "secrecy": secrecy,
            "due_date": today + datetime.timedelta(days=due) if due is not None else None,
            "pages": 1 + index % 4,
            "channel": "electronic" if index % 2 else "paper",
        }
        with transaction.atomic():
            document = services.register_incoming(
                clerk, ubnd, data, presented_to=leader, confirm_duplicate=True
            )
            made += 1
            if plan == "registered":
                continue
            lead = {
                "department": vx,
                "assignee": specialist if plan != "delegated" else None,
                "deadline": today + datetime.timedelta(days=max(due or 10, 1)),
                "instructions": "Chủ trì tham mưu, báo cáo kết quả.",
            }
            coordinators = []
            if kt is not None and index % 3 == 0:
                coordinators.append(
                    {
                        "department": kt,
                        "assignee": None,
                        "deadline": lead["deadline"],
                        "instructions": "Phối hợp cung cấp số liệu.",
                    }
                )
            tasks = services.assign(leader, document, lead, coordinators, comment="Giao Phòng VX chủ trì.")
            lead_task = tasks[0]
            if plan == "delegated":
                services.delegate(
                    head,
                    lead_task,
                    specialist,
                    deadline=lead["deadline"],
                    instructions="Đồng chí nghiên cứu, dự thảo văn bản trả lời.",
                )
            elif plan in ("processing", "done", "overdue"):
                services.record_progress(specialist, lead_task, "Đã làm việc với các đơn vị liên quan.")
            if plan == "done":
                services.complete_task(specialist, lead_task, "Đã tổng hợp, báo cáo lãnh đạo.")
            if plan == "overdue":
                # Demo only: the deadline was set weeks ago (services refuse a past deadline today).
                late = today - datetime.timedelta(days=-due)
                Task.objects.filter(incoming=document).update(deadline=late)
    return made


def _appendix_upload() -> SimpleUploadedFile:
    from egov.pdf.render import render_html_to_pdf

    rows = "".join(
        f"<tr><td>{n}</td><td>{name}</td></tr>"
        for n, name in enumerate(
            ["Sở Tư pháp", "Sở Nội vụ", "Sở Xây dựng", "Văn phòng UBND tỉnh", "UBND phường Việt Trì"], 1
        )
    )
    html = (
        '<html><body style="font-family: Tinos; font-size: 13pt; margin: 20mm 15mm 20mm 30mm">'
        f'<p style="text-align:center"><b>PHỤ LỤC</b><br><b>{APPENDIX_TITLE.upper()}</b></p>'
        '<table style="width:100%;border-collapse:collapse" border="1" cellpadding="4">'
        f"<tr><th>STT</th><th>Cơ quan, đơn vị</th></tr>{rows}</table></body></html>"
    )
    return SimpleUploadedFile("phu-luc-danh-sach.pdf", render_html_to_pdf(html), "application/pdf")


DEMO_SIGNER = {"sign_on_behalf": "Ủy ban nhân dân", "sign_authority": "KT", "sign_for_title": "Chủ tịch"}


def _seed_outgoing(ubnd, people, stdout) -> int:
    portal = list(
        Agency.objects.filter(is_active=True, short_name__in=["STP", "SNV", "SXD"]).order_by("pk")[:2]
    ) or list(Agency.objects.filter(is_active=True, parent=ubnd).order_by("pk")[:2])
    made = 0
    for subject, kind, abbreviation, urgency, plan in OUTGOING:
        if OutgoingDocument.objects.filter(agency=ubnd, subject=subject).exists():
            continue
        department = ubnd.departments.filter(abbreviation=abbreviation).first()
        try:
            made += _seed_one_outgoing(ubnd, people, portal, subject, kind, department, urgency, plan)
        except DomainError as error:  # the signed one needs the signing demo (DEBUG on): left out
            stdout.write(f"  documents: “{subject}” not created: {error}")
    return made


def _seed_one_outgoing(ubnd, people, portal, subject, kind, department, urgency, plan) -> int:
    """One outgoing document taken along the route up to `plan`, in one transaction (all or nothing)."""
    from egov.signing.demo_pki import DEMO_PIN

    clerk, leader, specialist, head = (people[k] for k in ("vanthu", "lanhdao", "chuyenvien", "truongphong"))
    signed = plan == "signed"
    pin = DEMO_PIN if signed else None
    body = SIGNED_BODY if signed else DRAFT_BODY
    with transaction.atomic():
        document = services.create_draft(
            specialist,
            agency=ubnd,
            department=department,
            # the provincial committee's deputy chairman signs for the chairman, on behalf of the committee
            data={"doc_type": kind, "subject": subject, "body": body, "urgency": urgency, **DEMO_SIGNER},
        )
        if signed:
            services.add_appendix(specialist, document, APPENDIX_TITLE, _appendix_upload())
        for agency in portal:
            services.add_recipient(specialist, document, kind=Recipient.Kind.AGENCY, agency=agency)
        services.add_recipient(
            specialist,
            document,
            kind=Recipient.Kind.EXTERNAL,
            name="Báo Phú Thọ",
            email="toasoan@baophutho.vn",
        )
        if plan == "draft":
            return 1
        services.submit(specialist, document, "Kính trình lãnh đạo phòng.")
        if plan == "in_review":
            return 1
        services.review(head, document, "Đồng ý, kính trình lãnh đạo UBND tỉnh.")
        if plan == "pending":
            return 1
        services.approve(leader, document, "Đồng ý ban hành.", pin=pin)
        if plan == "approved":
            return 1
        services.issue(clerk, document, pin=pin)
    return 1


COMMUNE_INCOMING = [
    ("Về việc tổ chức tổng vệ sinh môi trường khu dân cư", "CV", "211", "UBND-KT", 0),
    ("Kế hoạch tiêm chủng mở rộng cho trẻ em dưới 5 tuổi", "KH", "37", "KH-TTYT", 1),
]


def _seed_communes(ubnd, today) -> int:
    """Each demo commune's clerk registers a couple of documents in the commune's own books."""
    from egov.accounts.roles import Role
    from egov.directory.queries import agency_staff

    made = 0
    for commune in Agency.objects.filter(parent=ubnd, level="commune", is_active=True).order_by("pk"):
        clerk = next((p for p in agency_staff(commune) if p.has_role(Role.CLERK)), None)
        if clerk is None:
            continue
        for index, (subject, kind, number, notation, urgency) in enumerate(COMMUNE_INCOMING):
            if IncomingDocument.objects.filter(agency=commune, subject=subject).exists():
                continue
            data = {
                "doc_type": kind,
                "number": number,
                "notation": notation,
                "issued_date": today - datetime.timedelta(days=2 + index),
                "issuing_organ": ubnd.name if kind == "CV" else "Trung tâm Y tế khu vực",
                "subject": subject,
                "urgency": urgency,
                "due_date": today + datetime.timedelta(days=7 + index),
                "channel": "paper",
            }
            services.register_incoming(clerk, commune, data, confirm_duplicate=True)
            made += 1
    return made


def seed(stdout) -> None:
    ubnd, people = _ubnd(), _people()
    if ubnd is None or people is None:
        stdout.write("  documents: directory demo not loaded (UBND tỉnh, vanthu, lanhdao…), skipped")
        return
    today = timezone.localdate()
    incoming = _seed_incoming(ubnd, people, today, stdout)
    outgoing = _seed_outgoing(ubnd, people, stdout)
    communes = _seed_communes(ubnd, today)
    stdout.write(
        f"  documents: {incoming} incoming and {outgoing} outgoing documents added for {ubnd.name}, "
        f"{communes} for the communes "
        f"({IncomingDocument.objects.filter(agency=ubnd).count()} incoming in the books)"
    )
