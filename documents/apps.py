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
