"""Placement: where each signature goes and what it shows (Decree 30/2020 Phụ lục I): the leader's
signature in the signer block, the seal overlapping the left third of its image, the appendix signature
top right of page 1. Each builds an engine.Plan."""

import io
import math
from hashlib import sha256

import pypdf
from asn1crypto import cms as asn1_cms
from pyhanko.sign import fields as sig_fields
from pyhanko.sign.fields import FieldMDPAction, FieldMDPSpec

from egov.errors import DomainError

from . import appearance, formfields
from .engine import Plan, display_time, has_signatures, iso_vn, now_vn, sig_field_names, unique_field_name
from .models import SealImage, SignatureImage, SigningCertificate

LEADER_FIELD = "ChuKyLanhDao"
ORGANISATION_FIELD = "ChuKyCoQuan"
APPENDIX_FIELD = "ChuKyCoQuanPhuLuc"
DEFAULT_LEADER_BOX = (330, 110, 530, 200)


def _seal_field(
    seal: SealImage, image_rect: appearance.Rect, lines: list[str]
) -> tuple[int, appearance.Rect]:
    """(diameter in points, field rect) of the seal next to the leader's signature image."""
    diameter = math.floor(float(seal.diameter_mm) * appearance.MM)
    return diameter, appearance.seal_rect(image_rect, diameter, appearance.seal_text_band(lines))


def _seal_reservation(agency, image_path, box, page, stamp_lines) -> sig_fields.SigFieldSpec | None:
    """The empty field where the organisation's seal will go (seal_rect, as _seal_plan computes it),
    locking every form field once signed; None when the agency has no seal image yet."""
    seal = SealImage.objects.filter(agency=agency).first()
    if seal is None or not seal.image:
        return None
    size = appearance.load_image(image_path).size if image_path else None
    image_rect = appearance.leader_image_rect(appearance.Rect(*box), size)
    _diameter, rect = _seal_field(seal, image_rect, list(stamp_lines))
    return sig_fields.SigFieldSpec(
        ORGANISATION_FIELD, box=rect.as_tuple(), on_page=page, field_mdp_spec=FieldMDPSpec(FieldMDPAction.ALL)
    )


def person_plan(
    pdf_bytes,
    cert,
    user,
    *,
    box,
    page,
    reason,
    position,
    location,
    text_fields=(),
    organisation=None,
    organisation_lines=(),
) -> Plan:
    image = SignatureImage.objects.filter(user=user).first()
    image_path = image.image.path if image and image.image else None
    position = position or cert.position
    when = now_vn()
    box = tuple(round(v) for v in (box or DEFAULT_LEADER_BOX))
    reservation = None
    if organisation is not None and ORGANISATION_FIELD not in sig_field_names(pdf_bytes):
        reservation = _seal_reservation(organisation, image_path, box, page, list(organisation_lines))

    def prepare(writer):
        formfields.add_text_fields(writer, list(text_fields))
        if reservation is not None:
            sig_fields.append_signature_field(writer, reservation)

    return Plan(
        field_name=unique_field_name(pdf_bytes, LEADER_FIELD),
        box=box,
        page=page,
        style=appearance.leader_style(image_path, appearance.Rect(*box)),
        text_params={
            "signer": user.get_full_name() or cert.subject_name,
            "position": position or "",
            "when": display_time(when),
        },
        reason=reason or "Ký ban hành văn bản",
        location=location,
        signed_at=when,
        name=user.get_full_name() or None,
        prepare=prepare if (text_fields or reservation) else None,
        # Blanks to be filled at issue and the organisation's field ready: certify the document, permitting
        # only form filling and signing existing fields (a new visible field would break a certification).
        certify=bool(text_fields) and reservation is not None and not has_signatures(pdf_bytes),
    )


def _leader_geometry(pdf_bytes: bytes) -> tuple[int, appearance.Rect, appearance.Rect]:
    """(page index, field rect, signature image rect) of the latest leader signature in the file."""

    try:
        reader = pypdf.PdfReader(io.BytesIO(pdf_bytes), strict=False)
        found = None
        for index, page in enumerate(reader.pages):
            for annot in page.get("/Annots") or []:
                annot = annot.get_object()
                name = str(annot.get("/T", ""))
                parent = annot.get("/Parent")
                if not name and parent is not None:
                    name = str(parent.get_object().get("/T", ""))
                if name.startswith(LEADER_FIELD) and "/Rect" in annot:
                    found = (
                        index,
                        [float(v) for v in annot["/Rect"]],
                        annot.get("/V") or (parent.get_object().get("/V") if parent is not None else None),
                    )
    except Exception as error:
        raise DomainError("Không đọc được tệp PDF.", code="bad_pdf") from error
    if found is None:
        raise DomainError(
            "Văn bản chưa có chữ ký số của người có thẩm quyền; văn thư chỉ ký số của cơ quan "
            "sau khi người có thẩm quyền đã ký.",
            code="leader_signature_missing",
        )
    index, (x1, y1, x2, y2), value = found
    box = appearance.Rect(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    image_size = None
    if value is not None:
        try:
            contents = bytes(value.get_object()["/Contents"])
            signed = asn1_cms.ContentInfo.load(contents.rstrip(b"\x00"))["content"]

            fingerprints = [sha256(c.chosen.dump()).hexdigest() for c in signed["certificates"]]
            cert = SigningCertificate.objects.filter(fingerprint__in=fingerprints, user__isnull=False).first()
            image = SignatureImage.objects.filter(user_id=cert.user_id).first() if cert else None
            if image and image.image:
                image_size = appearance.load_image(image.image.path).size
        except Exception:  # noqa: S110 - fall back to the whole image area
            pass
    return index, box, appearance.leader_image_rect(box, image_size)


def seal_plan(pdf_bytes, cert, agency, *, stamp_lines, reason, field_values=None) -> Plan:
    page_index, _box, image_rect = _leader_geometry(pdf_bytes)
    seal = SealImage.objects.filter(agency=agency).first()
    if seal is None or not seal.image:
        raise DomainError(f"Cơ quan {agency} chưa có ảnh con dấu.", code="no_seal_image")
    when = now_vn()
    params = {"when": display_time(when), "iso": iso_vn(when), "time": when.strftime("%H:%M:%S")}
    lines = [line % params for line in (stamp_lines or [])]
    diameter, rect = _seal_field(seal, image_rect, lines)
    # the leader's signing may have reserved the field (a certified document): sign that one
    reserved = ORGANISATION_FIELD in sig_field_names(pdf_bytes, filled=False)
    return Plan(
        field_name=ORGANISATION_FIELD if reserved else unique_field_name(pdf_bytes, ORGANISATION_FIELD),
        box=None if reserved else rect.as_tuple(),
        page=page_index,
        style=appearance.seal_style(seal.image.path, lines, diameter),
        text_params={},
        reason=reason or "Ký số của cơ quan, tổ chức (phát hành)",
        location=getattr(agency, "place_name", "") or "",
        signed_at=when,
        name=agency.name,
        prepare=(lambda writer: formfields.fill_text_fields(writer, field_values)) if field_values else None,
        lock_fields=bool(field_values),
    )


def appendix_plan(pdf_bytes, cert, agency, *, notation, reason) -> Plan:

    try:
        first = pypdf.PdfReader(io.BytesIO(pdf_bytes), strict=False).pages[0]
        width, height = float(first.mediabox.width), float(first.mediabox.height)
    except Exception as error:
        raise DomainError("Không đọc được tệp PDF.", code="bad_pdf") from error
    when = now_vn()
    text = f"{notation} {iso_vn(when)}"
    rect = appearance.appendix_rect(width, height, appearance.text_width(text, appearance.APPENDIX_FONT_SIZE))
    return Plan(
        field_name=unique_field_name(pdf_bytes, APPENDIX_FIELD),
        box=rect.as_tuple(),
        page=0,
        style=appearance.appendix_style(),
        text_params={"notation": notation, "iso": iso_vn(when)},
        reason=reason or f"Ký số của cơ quan trên phụ lục văn bản {notation}",
        location=getattr(agency, "place_name", "") or "",
        signed_at=when,
        name=agency.name,
    )
