from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from egov.admin_scoping import (
    ADMIN_ROLES,
    CHANGED,
    admin_agency_ids,
    grantable_roles,
    is_province_wide,
    outranks_actor,
    users_in_scope,
)
from egov.audit.services import record

from .models import User

# Fields only a superuser sets: a crafted POST carrying them is refused, not silently ignored.
SUPERUSER_ONLY = ("is_superuser", "user_permissions")
ROLE_FIELDS = ("is_active", "is_staff", "groups")


class ScopedUserFormMixin:
    """The rules of the user form, checked on the server whatever the page showed."""

    actor = None

    def clean(self):
        cleaned = super().clean()
        actor = self.actor
        if actor is None or actor.is_superuser:
            return cleaned
        if any(name in self.data for name in SUPERUSER_ONLY):
            raise ValidationError(_("Chỉ quản trị tối cao mới đặt quyền tối cao hoặc quyền riêng lẻ."))
        if "groups" in self.fields:
            before = {group.name for group in self.initial_groups()}
            after = {group.name for group in cleaned.get("groups") or []}
            if (before ^ after) - grantable_roles(actor):
                self.add_error("groups", _("Không được cấp hoặc thu hồi vai trò cao hơn vai trò của mình."))
        if cleaned.get("is_staff") and "is_staff" in self.changed_data:
            groups = cleaned.get("groups")
            names = {g.name for g in groups} if groups is not None else set(self.instance.role_names)
            if not names & ADMIN_ROLES:
                self.add_error("is_staff", _("Chỉ người giữ vai trò quản trị mới được vào trang quản trị."))
        return cleaned

    def initial_groups(self):
        if self.instance.pk is None:
            return Group.objects.none()
        return self.instance.groups.all()


class ScopedUserCreationForm(ScopedUserFormMixin, UserCreationForm):
    """An agency admin adds a user into one of their agencies, with a post, in one step."""

    agency = forms.ModelChoiceField(label=_("cơ quan"), queryset=None, required=False)
    position = forms.ModelChoiceField(label=_("chức vụ"), queryset=None, required=False)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "full_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from egov.directory.models import Agency, Position

        self.fields["agency"].queryset = Agency.objects.all()
        self.fields["position"].queryset = Position.objects.all()
        if self.actor is not None and not is_province_wide(self.actor):
            self.fields["agency"].queryset = Agency.objects.filter(pk__in=admin_agency_ids(self.actor))
            self.fields["agency"].required = self.fields["position"].required = True


class ScopedUserChangeForm(ScopedUserFormMixin, BaseUserAdmin.form):
    pass


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = ScopedUserChangeForm
    add_form = ScopedUserCreationForm
    list_display = ["username", "full_name", "email", "personal_id", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["username", "full_name", "email", "personal_id", "phone"]
    ordering = ["username"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            "Thông tin cá nhân",
            {"fields": ["full_name", "email", "phone", "personal_id", "birth_date", "sex"]},
        ),
        ("Phân quyền", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Thời điểm", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "full_name", "email", "password1", "password2", "agency", "position"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=users_in_scope(request.user).values("pk"))

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return self.list_filter
        return ["is_active", "is_staff", "groups"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and outranks_actor(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj == request.user or outranks_actor(request.user, obj)):
            return False
        return super().has_delete_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in SUPERUSER_ONLY]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        readonly += ["last_login", "date_joined"]
        if obj is not None and obj.pk == request.user.pk:
            readonly += list(ROLE_FIELDS)  # nobody raises their own rights
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=grantable_roles(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        agency, position = form.cleaned_data.get("agency"), form.cleaned_data.get("position")
        if not change and agency is not None and position is not None:
            from egov.directory.models import StaffAssignment

            StaffAssignment.objects.create(user=obj, agency=agency, position=position)

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            done = request.method == "POST" and response.status_code == 302
            if done and response["Location"] != request.get_full_path():
                target = User.objects.get(pk=id)
                record(
                    request.user,
                    "admin.password",
                    target,
                    before={"password": CHANGED},
                    after={"password": CHANGED},
                )
        return response


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Roles are defined in code (roles.py, synced on migrate); changing a role's permissions would raise
    everyone holding it, so only a superuser may."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
