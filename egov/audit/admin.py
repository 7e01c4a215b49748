from django.apps import apps
from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from egov.admin_scoping import users_filter

from .models import AuditEntry

# What each action code means, for the people who read the trail; a code missing here is shown as is.
ACTION_LABELS = {
    "admin.add": _("Quản trị: thêm mới"),
    "admin.change": _("Quản trị: sửa"),
    "admin.delete": _("Quản trị: xóa"),
    "admin.action": _("Quản trị: thao tác hàng loạt"),
    "admin.password": _("Quản trị: đặt mật khẩu"),
    "accounts.login": _("Đăng nhập"),
    "accounts.login_failed": _("Đăng nhập không thành công"),
    "accounts.login_sso": _("Đăng nhập qua VNeID"),
    "accounts.logout": _("Đăng xuất"),
    "accounts.otp_verified": _("Xác thực hai lớp"),
    "accounts.otp_failed": _("Nhập sai mã xác thực hai lớp"),
    "accounts.otp_enrolled": _("Đăng ký thiết bị xác thực hai lớp"),
    "accounts.locked_out": _("Khóa đăng nhập tạm thời"),
    "accounts.token_refused": _("Từ chối cấp mã truy cập API"),
    "accounts.totp_confirmed": _("Đăng ký thiết bị xác thực hai lớp"),
    "accounts.token_issued": _("Cấp mã truy cập API"),
    "accounts.grant_role": _("Cấp vai trò"),
    "accounts.register_citizen": _("Công dân đăng ký tài khoản"),
    "accounts.register_existing": _("Đăng ký mới bằng thông tin đã có tài khoản (đã báo chủ tài khoản)"),
    "accounts.register_sso": _("Đăng ký tài khoản qua VNeID"),
    "documents.register_incoming": _("Vào sổ văn bản đến"),
    "documents.receive_electronic": _("Nhận văn bản điện tử"),
    "documents.return_incoming": _("Trả lại văn bản đến"),
    "documents.assign": _("Giao xử lý văn bản"),
    "documents.delegate": _("Chuyển giao xử lý"),
    "documents.create_task": _("Tạo nhiệm vụ"),
    "documents.complete_task": _("Hoàn thành nhiệm vụ"),
    "documents.progress": _("Cập nhật tiến độ"),
    "documents.comment": _("Cho ý kiến"),
    "documents.create_draft": _("Tạo dự thảo"),
    "documents.update_draft": _("Sửa dự thảo"),
    "documents.submit": _("Trình dự thảo"),
    "documents.review": _("Thẩm định dự thảo"),
    "documents.return_draft": _("Trả lại dự thảo"),
    "documents.approve": _("Phê duyệt văn bản"),
    "documents.approved_unsigned": _("Phê duyệt không ký số"),
    "documents.issue": _("Ban hành văn bản"),
    "documents.issued_unsigned": _("Ban hành không ký số"),
    "documents.appendix_unsigned": _("Phụ lục không ký số"),
    "documents.recall": _("Thu hồi văn bản"),
    "documents.start_correction": _("Đính chính văn bản"),
    "documents.create_work_file": _("Lập hồ sơ công việc"),
    "documents.add_to_work_file": _("Đưa văn bản vào hồ sơ"),
    "documents.register_exported": _("Xuất sổ văn bản"),
    "documents.secret_file_downloaded": _("Tải tệp văn bản mật"),
    "services.catalogue_imported": _("Nhập danh mục thủ tục từ Excel"),
    "services.version_created": _("Tạo phiên bản thủ tục"),
    "services.version_changed": _("Sửa phiên bản thủ tục (dự thảo)"),
    "services.field_saved": _("Thêm, đổi tên lĩnh vực thủ tục"),
    "services.procedure_created": _("Thêm thủ tục vào danh mục"),
    "services.procedure_changed": _("Sửa thông tin thủ tục"),
    "services.version_published": _("Công bố thủ tục"),
    "services.version_unpublished": _("Ngừng công bố thủ tục"),
    "signing.register_document": _("Đăng ký văn bản đã ký"),
    "signing.import_certificate": _("Nhập chứng thư số"),
    "signing.certificate_expiring": _("Chứng thư số sắp hết hạn"),
    "signing.remote_prepare": _("Chuẩn bị ký số từ xa"),
    "signing.revoke_certificate": _("Thu hồi chứng thư số"),
    "directory.unit_saved": _("Lưu đơn vị hành chính"),
    "directory.unit_deleted": _("Xóa đơn vị hành chính"),
    "directory.succession_saved": _("Lưu quan hệ sắp xếp đơn vị hành chính"),
    "directory.succession_deleted": _("Xóa quan hệ sắp xếp đơn vị hành chính"),
    "directory.agency_saved": _("Lưu cơ quan"),
    "directory.agency_deleted": _("Xóa cơ quan"),
    "directory.agency_code_saved": _("Lưu mã định danh cơ quan"),
    "directory.agency_code_deleted": _("Xóa mã định danh cơ quan"),
    "directory.department_saved": _("Lưu phòng ban"),
    "directory.department_deleted": _("Xóa phòng ban"),
    "directory.position_saved": _("Lưu chức vụ"),
    "directory.position_deleted": _("Xóa chức vụ"),
    "directory.assignment_saved": _("Lưu phân công cán bộ (quyền xem văn bản theo chức vụ)"),
    "directory.assignment_deleted": _("Xóa phân công cán bộ"),
    "directory.units_loaded": _("Nạp danh mục đơn vị hành chính"),
    "workdays.override_added": _("Thêm ngày nghỉ, ngày làm bù"),
    "workdays.override_changed": _("Sửa ngày nghỉ, ngày làm bù"),
    "workdays.override_deleted": _("Xóa ngày nghỉ, ngày làm bù"),
    "onestop.submit_online": _("Nộp hồ sơ trực tuyến"),
    "onestop.resubmit": _("Nộp lại hồ sơ đã hoàn thiện"),
    "onestop.accept": _("Tiếp nhận hồ sơ, cấp mã và hẹn trả"),
    "onestop.request_completion": _("Yêu cầu hoàn thiện hồ sơ (Mẫu 02)"),
    "onestop.refuse_intake": _("Từ chối tiếp nhận hồ sơ (Mẫu 03)"),
    "onestop.hand_over": _("Chuyển hồ sơ đến phòng chuyên môn"),
    "onestop.assign": _("Phân công thẩm định hồ sơ"),
    "onestop.record_appraisal": _("Trình kết quả thẩm định hồ sơ"),
    "onestop.send_back": _("Trả lại hồ sơ để thẩm định lại"),
    "onestop.approve": _("Phê duyệt hồ sơ"),
    "onestop.request_supplement": _("Yêu cầu bổ sung hồ sơ, tạm dừng thời hạn"),
    "onestop.receive_supplement": _("Nhận hồ sơ bổ sung, tính tiếp thời hạn"),
    "onestop.send_to_agency": _("Chuyển hồ sơ liên thông"),
    "onestop.receive_back": _("Nhận lại hồ sơ liên thông"),
    "onestop.apologise": _("Xin lỗi và hẹn lại ngày trả (Mẫu 04)"),
    "onestop.stop": _("Dừng giải quyết hồ sơ (Mẫu 05)"),
    "onestop.refuse": _("Từ chối giải quyết hồ sơ"),
    "onestop.withdraw": _("Rút hồ sơ"),
    "onestop.attach_result": _("Có kết quả giải quyết hồ sơ"),
    "onestop.sign_result": _("Ký số kết quả giải quyết hồ sơ"),
    "onestop.seal_result": _("Đóng dấu kết quả giải quyết hồ sơ"),
    "onestop.return_result": _("Trả kết quả giải quyết hồ sơ"),
    "onestop.deadline_sweep": _("Rà soát hạn giải quyết hồ sơ"),
    "onestop.rate": _("Đánh giá mức độ hài lòng"),
    "onestop.await_payment": _("Chờ nộp phí, lệ phí, tạm dừng thời hạn"),
    "onestop.receive_payment": _("Đã nộp đủ phí, lệ phí, tính tiếp thời hạn"),
    "onestop.take_fees": _("Ghi nhận nộp phí, lệ phí"),
    "onestop.grant_fee_exemption": _("Miễn, giảm phí, lệ phí"),
    "payments.start": _("Bắt đầu thanh toán trực tuyến"),
    "payments.confirm": _("Cổng thanh toán xác nhận đã thanh toán"),
    "payments.fail": _("Cổng thanh toán báo giao dịch không thành công"),
    "payments.cancel": _("Người nộp hủy giao dịch tại cổng thanh toán"),
    "counter.register_device": _("Đăng ký máy lấy số"),
    "counter.revoke_device": _("Thu hồi máy lấy số"),
    "counter.take_seat": _("Cán bộ nhận quầy"),
    "counter.leave_seat": _("Cán bộ rời quầy"),
    "report_regimes.instance_created": _("Báo cáo định kỳ: tạo kỳ báo cáo"),
    "report_regimes.values_saved": _("Báo cáo định kỳ: lưu số liệu"),
    "report_regimes.sent_for_signature": _("Báo cáo định kỳ: trình ký"),
    "report_regimes.withdrawn": _("Báo cáo định kỳ: rút lại để sửa"),
    "report_regimes.submitted": _("Báo cáo định kỳ: ký số và gửi"),
    "report_regimes.accepted": _("Báo cáo định kỳ: tiếp nhận"),
    "report_regimes.returned": _("Báo cáo định kỳ: trả lại để sửa"),
    "report_regimes.reminded": _("Báo cáo định kỳ: nhắc hạn gửi"),
    "notify.resend": _("Gửi lại tin nhắn, thư cho người dân"),
    "notify.requeue_stalled": _("Chuyển lại tin nhắn, thư bị treo cho máy gửi"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def kind_label(model_label: str) -> str:
    """'accounts.user' -> 'Người dùng': the kind of object by its model's name; an unknown label as is."""
    try:
        return capfirst(apps.get_model(model_label)._meta.verbose_name)
    except (LookupError, ValueError):
        return model_label


class CodeFilter(admin.SimpleListFilter):
    """A filter on a code column (`parameter_name`) that offers each code found by its label (`label`)."""

    def lookups(self, request, model_admin):
        name = self.parameter_name
        codes = model_admin.get_queryset(request).order_by(name).values_list(name, flat=True)
        return [(code, type(self).label(code)) for code in codes.distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(**{self.parameter_name: self.value()}) if self.value() else queryset


class ActionFilter(CodeFilter):
    title = _("hành động")
    parameter_name = "action"
    label = staticmethod(action_label)


class KindFilter(CodeFilter):
    title = _("loại đối tượng")
    parameter_name = "target_type"
    label = staticmethod(kind_label)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action_display", "kind_display", "target_repr", "ip_address"]
    list_filter = [ActionFilter, KindFilter, "at"]
    search_fields = ["actor_name", "action", "target_repr", "target_id", "ip_address"]
    date_hierarchy = "at"
    # the entry's page names the action and the kind of object by their labels too, not their codes
    readonly_fields = [
        {"action": "action_display", "target_type": "kind_display"}.get(f.name, f.name)
        for f in AuditEntry._meta.fields
    ]
    fields = readonly_fields

    @admin.display(description=_("hành động"), ordering="action")
    def action_display(self, entry):
        return action_label(entry.action)

    @admin.display(description=_("loại đối tượng"), ordering="target_type")
    def kind_display(self, entry):
        return kind_label(entry.target_type)

    def get_queryset(self, request):
        """An agency admin reads what the people of their agencies did, not the whole province's trail."""
        return super().get_queryset(request).filter(users_filter(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
