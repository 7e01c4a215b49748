from django.conf import settings
from django.db import models
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which object, when, from where. Append-only: the database refuses UPDATE and
    DELETE on this table (triggers in migration 0002), and the model refuses them before that."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        # Deleting a user must not rewrite the trail (UPDATE is refused): the entry keeps the id and name.
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=200, blank=True)
    action = models.CharField(_("hành động"), max_length=100, db_index=True)
    target_type = models.CharField(_("loại đối tượng"), max_length=100, blank=True, db_index=True)
    target_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True, db_index=True)
    target_repr = models.CharField(_("đối tượng"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)

    class Meta:
        verbose_name = _("bản ghi nhật ký")
        verbose_name_plural = _("nhật ký hệ thống")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-at"])]

    def __str__(self):
        # the action is shown by its label where the entry is shown (egov.audit.admin), never as its code
        return f"{localtime(self.at):%H:%M %d/%m/%Y} {self.actor_name}: {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit entries are append-only")
