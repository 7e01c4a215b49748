from functools import update_wrapper
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.urls import reverse


class PortalAdminSite(admin.AdminSite):
    """Django admin behind the portal's own login page and the same second-factor rule as staff pages."""

    site_title = "Quản trị hệ thống"
    index_title = "Quản trị"

    def login(self, request, extra_context=None):
        return redirect(
            f"{reverse('accounts:login')}?{urlencode({'next': request.GET.get('next', '/admin/')})}"
        )

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            from .accounts.decorators import two_factor_redirect

            staff = request.user.is_authenticated and request.user.is_staff
            if staff and (response := two_factor_redirect(request)) is not None:
                return response
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, inner)


class PortalAdminConfig(AdminConfig):
    default_site = "egov.admin_site.PortalAdminSite"
