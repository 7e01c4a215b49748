from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .personal_id import FEMALE, MALE, validate_personal_id
from .roles import STAFF_ROLES, TWO_FACTOR_ROLES, Role


class User(AbstractUser):
    """One account for staff and citizens; what a person may do comes from their roles (groups)."""

    class Sex(models.TextChoices):
        MALE = MALE, _("Nam")
        FEMALE = FEMALE, _("Nữ")

    first_name = None
    last_name = None
    full_name = models.CharField(_("họ và tên"), max_length=150)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    personal_id = models.CharField(
        _("số định danh cá nhân"), max_length=12, null=True, blank=True, unique=True, default=None
    )
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices, blank=True)

    objects = UserManager()
    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_email_unique_ci"
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split()[-1] if self.full_name else self.username

    def clean(self):
        super().clean()
        if self.personal_id == "":
            self.personal_id = None
        if self.personal_id:
            try:
                validate_personal_id(self.personal_id, self.birth_date, self.sex or None)
            except ValidationError as error:
                raise ValidationError({"personal_id": error.messages}) from error

    @property
    def role_names(self) -> frozenset[str]:
        if not hasattr(self, "_role_names"):
            self._role_names = frozenset(self.groups.values_list("name", flat=True))
        return self._role_names

    @property
    def role_labels(self) -> list[str]:
        """The Vietnamese names of the user's roles, for display."""
        return [role.label for role in Role if role.value in self.role_names]

    def has_role(self, role: Role) -> bool:
        return self.is_active and role.value in self.role_names

    @property
    def is_staff_member(self) -> bool:
        """May enter the staff area (not the same as Django's is_staff, which opens the admin)."""
        return self.is_active and (
            self.is_superuser or bool(self.role_names & {r.value for r in STAFF_ROLES})
        )

    @property
    def requires_two_factor(self) -> bool:
        return self.is_superuser or bool(self.role_names & {r.value for r in TWO_FACTOR_ROLES})


class SecondFactorToken(models.Model):
    """Marks an API token issued after the second factor (POST /api/v1/auth/token/ with `otp`). For a role
    that needs the second factor, a token without this mark (issued with the password alone, or before the
    role was granted) is refused."""

    token = models.OneToOneField(
        "authtoken.Token", primary_key=True, on_delete=models.CASCADE, related_name="second_factor"
    )
    device = models.CharField(_("thiết bị xác thực"), max_length=255)
    verified_at = models.DateTimeField(_("xác thực lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("mã truy cập đã xác thực hai lớp")
        verbose_name_plural = _("mã truy cập đã xác thực hai lớp")

    def __str__(self):
        return f"{self.token_id[:6]}… ({self.device})"
