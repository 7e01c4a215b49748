from functools import update_wrapper
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .admin_scoping import AuditedAdminMixin


class PortalAdminSite(admin.AdminSite):
    """Django admin behind the portal's own login page and the same second-factor rule as staff pages.
    Every ModelAdmin registered here writes its changes to the audit trail (AuditedAdminMixin)."""

    site_title = "Quản trị hệ thống"
    index_title = "Quản trị"

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (AuditedAdminMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        return super().register(model_or_iterable, admin_class, **options)

    def forbidden(self, request):
        """A logged-in person without admin rights: a clear answer, not a redirect back to the login page
        (which would send them here again, for ever)."""
        return TemplateResponse(request, "admin/forbidden.html", status=403)

    def login(self, request, extra_context=None):
        """The portal's own login page stands in for the admin's; someone already in goes straight on."""
        if not request.user.is_authenticated:
            return self._portal_login(self._next(request))
        if not self.has_permission(request):
            return self.forbidden(request)
        return redirect(self._next(request))

    def logout(self, request, extra_context=None):
        """The portal's logout (a confirmation page, then the audited logout), not a second one."""
        from .accounts.views import logout_view

        return logout_view(request)

    def _next(self, request) -> str:
        """Where to go after the login: a page of this site other than the admin's own login or logout
        (which would only send the person back here), else the admin index."""
        target = request.GET.get("next", "")
        doors = (reverse("admin:login"), reverse("admin:logout"))
        if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()) and (
            not target.startswith(doors)
        ):
            return target
        return reverse("admin:index")

    @staticmethod
    def _portal_login(target: str):
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            from .accounts.decorators import two_factor_redirect

            if not request.user.is_authenticated:  # one hop to the portal's login, not two
                logout = request.path == reverse("admin:logout")
                return self._portal_login(reverse("admin:index") if logout else request.get_full_path())
            if not self.has_permission(request):
                return self.forbidden(request)
            staff = request.user.is_authenticated and request.user.is_staff
            if staff and (response := two_factor_redirect(request)) is not None:
                return response
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, inner)


# Third-party apps and models under Vietnamese names. Only what people read changes: labels, tables and
# migrations stay the packages' own (migrations read a model's Meta as written, not these runtime names).
APP_NAMES = {
    "authtoken": _("Mã truy cập API"),
    "axes": _("Chống dò mật khẩu"),
    "otp_totp": _("Xác thực hai lớp: ứng dụng tạo mã"),
    "otp_static": _("Xác thực hai lớp: mã dự phòng"),
}
MODEL_NAMES = {
    "authtoken.token": (_("mã truy cập API"), _("các mã truy cập API")),
    "authtoken.tokenproxy": (_("mã truy cập API"), _("các mã truy cập API")),
    "axes.accessattempt": (_("lần đăng nhập sai"), _("các lần đăng nhập sai")),
    "axes.accessattemptexpiration": (_("thời hạn khóa đăng nhập"), _("các thời hạn khóa đăng nhập")),
    "axes.accessfailurelog": (_("nhật ký đăng nhập sai"), _("nhật ký đăng nhập sai")),
    "axes.accesslog": (_("nhật ký đăng nhập"), _("nhật ký đăng nhập")),
    "otp_totp.totpdevice": (_("thiết bị tạo mã xác thực"), _("các thiết bị tạo mã xác thực")),
    "otp_static.staticdevice": (_("bộ mã dự phòng"), _("các bộ mã dự phòng")),
    "otp_static.statictoken": (_("mã dự phòng"), _("các mã dự phòng")),
}


def group_label(group) -> str:
    """A role's group by the role's Vietnamese name; the group keeps its code name, which code looks up."""
    from .accounts.roles import Role

    return Role(group.name).label if group.name in Role.values else group.name


class PortalAdminConfig(AdminConfig):
    default_site = "egov.admin_site.PortalAdminSite"

    def ready(self):
        super().ready()
        from django.apps import apps
        from django.contrib.auth.models import Group

        for label, name in APP_NAMES.items():
            if label in apps.app_configs:
                apps.get_app_config(label).verbose_name = name
        for model_label, (singular, plural) in MODEL_NAMES.items():
            meta = apps.get_model(model_label)._meta
            meta.verbose_name, meta.verbose_name_plural = singular, plural
        # every place the admin names a group (lists, filters, choices of a user's roles, the trail)
        Group.__str__ = group_label
