from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    label = "documents"
    verbose_name = "Văn bản đi, đến"
    url_prefix = "van-ban/"  # public and staff pages: /van-ban/; API: /api/v1/van-ban/
    staff_nav = [
        (
            "documents-inbox",
            _("Văn bản chờ xử lý"),
            "documents:inbox",
            "documents.view_incomingdocument",
            "documents:badge",
        ),
        (
            "documents-incoming",
            _("Văn bản đến"),
            "documents:incoming-list",
            "documents.view_incomingdocument",
        ),
        ("documents-outgoing", _("Văn bản đi"), "documents:outgoing-list", "documents.view_outgoingdocument"),
        ("documents-tracking", _("Theo dõi nhiệm vụ"), "documents:tracking", "documents.view_task"),
        ("documents-files", _("Hồ sơ công việc"), "documents:work-files", "documents.view_workfile"),
    ]

    def ready(self):
        from egov.signing import authority

        from . import access, tasks  # noqa: F401  (tasks: connects the notification mail to its Celery task)

        authority.register(access)  # who may sign through the signing API: the staff posts known here
        self._forget_posts_on_change()

    @staticmethod
    def _forget_posts_on_change():
        """A request that changes a post (or its agency, or its rank) reads the user's posts again."""
        from django.db.models.signals import post_delete, post_save

        from egov.directory.models import Agency, Position, StaffAssignment
        from egov.request_memo import forget

        for model in (StaffAssignment, Position, Agency):
            for signal in (post_save, post_delete):
                signal.connect(forget, sender=model, dispatch_uid=f"documents-posts-{model._meta.label}")
