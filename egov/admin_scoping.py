"""The admin as a scoped door: what an agency admin may see and grant, and the audit of every admin change.

Scope: a superuser, or a holder of the system-admin role, works province-wide. Anyone else sees in the
admin only the rows of the agencies where they hold a current post (`admin_agency_ids`).

Roles: a role is "above" the actor when it ranks higher than the highest role the actor holds
(`ROLE_RANK`); no one grants or removes a role above their own, and only a superuser grants or removes
the system-admin role (or sets superuser, or individual permissions)."""

import datetime
import decimal
import uuid

from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.db.models.fields.files import FieldFile

from egov.accounts.roles import Role

# Higher ranks may grant every role ranked at or below them.
ROLE_RANK = {
    Role.CITIZEN: 0,
    Role.ONESTOP_OFFICER: 1,
    Role.SPECIALIST: 1,
    Role.CLERK: 1,
    Role.LEADER: 1,
    Role.AGENCY_ADMIN: 2,
    Role.SYSTEM_ADMIN: 3,
}
ADMIN_ROLES = frozenset({Role.AGENCY_ADMIN.value, Role.SYSTEM_ADMIN.value})
CHANGED = "đã đổi"
# Field names whose values never enter the trail: only the fact that they changed.
SECRET_MARKERS = ("password", "secret", "key", "pin", "token", "pem", "pkcs")


def is_province_wide(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_role(Role.SYSTEM_ADMIN))


def admin_agency_ids(user) -> set[int]:
    from egov.directory.models import StaffAssignment

    return set(
        StaffAssignment.objects.current()
        .filter(user=user, agency__is_active=True)
        .values_list("agency_id", flat=True)
    )


def scope(queryset: QuerySet, user, path: str) -> QuerySet:
    """Rows whose `path` (an agency lookup, e.g. "agency" or "document__agency") is one of the user's."""
    if is_province_wide(user):
        return queryset
    return queryset.filter(**{f"{path}__in": admin_agency_ids(user)})


def users_in_scope(user) -> QuerySet:
    """The users an admin manages: people with a current post in one of their agencies."""
    from egov.accounts.models import User
    from egov.directory.models import StaffAssignment

    if is_province_wide(user):
        return User.objects.all()
    posts = StaffAssignment.objects.current().filter(agency_id__in=admin_agency_ids(user))
    return User.objects.filter(pk__in=posts.values("user_id"))


def rank(user) -> int:
    if user.is_superuser:
        return max(ROLE_RANK.values()) + 1
    return max((ROLE_RANK[Role(name)] for name in user.role_names if name in Role.values), default=-1)


def grantable_roles(user) -> set[str]:
    """The role (group) names this user may grant or remove."""
    if user.is_superuser:
        return set(Role.values)
    mine = rank(user)
    return {role.value for role in Role if ROLE_RANK[role] <= mine and role != Role.SYSTEM_ADMIN}


def outranks_actor(actor, target) -> bool:
    """A target the actor may not manage: a superuser, or someone holding a role above the actor's."""
    if actor.is_superuser:
        return False
    return target.is_superuser or bool(set(target.role_names) - grantable_roles(actor))


class ScopedAdminMixin:
    """get_queryset and every foreign-key or many-to-many choice narrowed to the actor's agencies.

    `agency_path` names the lookup from the model to its agency ("" for the Agency model itself);
    `user_path`, when set, also lets in rows held by a user the actor manages (a person's certificate)."""

    agency_path = "agency"
    user_path = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        user = request.user
        if is_province_wide(user):
            return queryset
        allowed = (
            Q(**{f"{self.agency_path or 'pk'}__in": admin_agency_ids(user)})
            if self.agency_path is not None
            else Q(pk__in=[])
        )
        if self.user_path:
            allowed |= Q(**{f"{self.user_path}__in": users_in_scope(user).values("pk")})
        return queryset.filter(allowed)

    def get_list_filter(self, request):
        """Filters on a relation offer only the values found in the scoped rows."""
        filters = super().get_list_filter(request)
        if is_province_wide(request.user):
            return filters
        return [_related_only(self.model, entry) for entry in filters]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return _narrow(field, db_field, request.user)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _narrow(field, db_field, request.user)


def _related_only(model, entry):
    from django.contrib.admin import RelatedOnlyFieldListFilter
    from django.core.exceptions import FieldDoesNotExist

    if not isinstance(entry, str) or "__" in entry:
        return entry
    try:
        field = model._meta.get_field(entry)
    except FieldDoesNotExist:
        return entry
    return (entry, RelatedOnlyFieldListFilter) if field.is_relation else entry


def _narrow(formfield, db_field, user):
    """Choices of a related field: agencies, departments and users of the actor's agencies only."""
    if formfield is None or is_province_wide(user) or not hasattr(formfield, "queryset"):
        return formfield
    from egov.accounts.models import User
    from egov.directory.models import Agency, Department

    model = db_field.related_model
    if model is Agency:
        formfield.queryset = formfield.queryset.filter(pk__in=admin_agency_ids(user))
    elif model is Department:
        formfield.queryset = formfield.queryset.filter(agency_id__in=admin_agency_ids(user))
    elif model is User:
        formfield.queryset = formfield.queryset.filter(pk__in=users_in_scope(user).values("pk"))
    return formfield


# --- audit ----------------------------------------------------------------------------------------------
def record(*args, **kwargs):
    # imported late: the admin site (and this module) load before the apps' models
    from egov.audit.services import record as append

    return append(*args, **kwargs)


def _is_secret(name: str) -> bool:
    return any(marker in name.lower() for marker in SECRET_MARKERS)


def plain(value):
    """A JSON-safe, readable form of a form or model value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, Model) and value._meta.label == "auth.Group":
        return value.name  # a role by its code name, which stays when its label is reworded
    if isinstance(value, Model):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "size"):  # an upload
        return value.name
    if isinstance(value, QuerySet | list | tuple | set | frozenset):
        return sorted(str(plain(item)) for item in value)
    return str(value)


def form_changes(form) -> tuple[dict, dict]:
    """Before and after values of the fields a form changed; secrets are written as "đã đổi"."""
    before, after = {}, {}
    for name in form.changed_data:
        if _is_secret(name):
            before[name] = after[name] = CHANGED
            continue
        initial = form.initial.get(name)
        if initial is None and name in form.fields:
            initial = form.fields[name].initial
        before[name] = plain(_labelled(form, name, initial))
        after[name] = plain(form.cleaned_data.get(name))
    return before, after


def _labelled(form, name, initial):
    """Initial values of relation fields are primary keys: show the rows instead."""
    field = form.fields.get(name)
    queryset = getattr(field, "queryset", None)
    if queryset is None or initial in (None, "", []):
        return initial
    if isinstance(initial, list | tuple):
        pks = [getattr(item, "pk", item) for item in initial]
        return list(queryset.model._default_manager.filter(pk__in=pks))
    return queryset.model._default_manager.filter(pk=getattr(initial, "pk", initial)).first()


class AuditedAdminMixin:
    """Every add, change, delete and action of a ModelAdmin in the audit trail, with before and after.
    The admin site mixes it into every registered ModelAdmin, so no model is forgotten."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before, after = form_changes(form)
        record(
            request.user,
            "admin.change" if change else "admin.add",
            form.instance,
            before=before if change else {},
            after=after,
        )
        for formset in formsets:
            self._audit_formset(request, formset)

    def _audit_formset(self, request, formset):
        for inline_form in formset.forms:
            if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                continue
            before, after = form_changes(inline_form)
            new = inline_form in formset.extra_forms
            record(
                request.user,
                "admin.add" if new else "admin.change",
                inline_form.instance,
                before={} if new else before,
                after=after,
            )
        for obj in getattr(formset, "deleted_objects", []):
            record(request.user, "admin.delete", obj, before={"object": str(obj)}, after={})

    def delete_model(self, request, obj):
        record(request.user, "admin.delete", obj, before={"object": str(obj)}, after={})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                record(request.user, "admin.delete", obj, before={"object": str(obj)}, after={})
            super().delete_queryset(request, queryset)

    def response_action(self, request, queryset, **kwargs):
        """An admin action, with the rows it was run on, in the same transaction as its effect."""
        action = request.POST.get("action", "")
        if not action or action == "delete_selected":  # deletions are recorded row by row above
            return super().response_action(request, queryset, **kwargs)
        with transaction.atomic():
            response = super().response_action(request, queryset, **kwargs)
            selected = request.POST.getlist("_selected_action")
            chosen = queryset.filter(pk__in=selected) if selected else queryset.none()
            record(
                request.user,
                "admin.action",
                None,
                model=self.model._meta.label_lower,
                name=action,
                objects=[str(obj) for obj in chosen[:200]],
            )
        return response


def users_filter(user) -> Q:
    """Audit entries an admin may read: those whose actor is one of the users they manage."""
    if is_province_wide(user):
        return Q()
    return Q(actor_id__in=users_in_scope(user).values("pk"))
