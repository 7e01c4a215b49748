from django.db import models
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    """One gap-free sequence: a scope (e.g. "documents.incoming:42") and a period (e.g. "2026").

    `value` is the last number handed out. Rows are locked with SELECT ... FOR UPDATE by
    `egov.numbering.services.next_number` inside the caller's transaction, so a rolled-back
    registration gives its number back and two registrations never get the same one."""

    scope = models.CharField(_("phạm vi"), max_length=200)
    period = models.CharField(_("kỳ"), max_length=20)
    value = models.PositiveBigIntegerField(_("số đã cấp gần nhất"), default=0)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("bộ đếm số")
        verbose_name_plural = _("bộ đếm số")
        constraints = [
            models.UniqueConstraint(fields=["scope", "period"], name="numbering_counter_scope_period")
        ]

    def __str__(self):
        return f"{self.scope} / {self.period}: {self.value}"
