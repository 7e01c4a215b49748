from rest_framework.routers import SimpleRouter

from .views import DossierViewSet

router = SimpleRouter()
router.register("", DossierViewSet, basename="dossier")

urlpatterns = router.urls
