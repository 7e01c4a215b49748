from functools import update_wrapper
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

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
        if request.user.is_authenticated and not self.has_permission(request):
            return self.forbidden(request)
        return redirect(
            f"{reverse('accounts:login')}?{urlencode({'next': request.GET.get('next', '/admin/')})}"
        )

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            from .accounts.decorators import two_factor_redirect

            if request.user.is_authenticated and not self.has_permission(request):
                return self.forbidden(request)
            staff = request.user.is_authenticated and request.user.is_staff
            if staff and (response := two_factor_redirect(request)) is not None:
                return response
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, inner)


class PortalAdminConfig(AdminConfig):
    default_site = "egov.admin_site.PortalAdminSite"
