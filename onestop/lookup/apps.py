from django.apps import AppConfig


class LookupConfig(AppConfig):
    name = "onestop.lookup"
    label = "lookup"
    verbose_name = "Tra cứu hồ sơ"
    url_prefix = ""  # /tra-cuu-ho-so/ and /bang-theo-doi/ at the site's root; API: /api/v1/tra-cuu-ho-so/

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from egov.directory.models import Agency
        from services.models import Procedure, ProcedureVersion

        from .queries import forget_names

        for model in (Agency, Procedure, ProcedureVersion):
            for signal in (post_save, post_delete):
                signal.connect(forget_names, sender=model, dispatch_uid=f"lookup-names-{model._meta.label}")
