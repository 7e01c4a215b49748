from rest_framework.routers import SimpleRouter

from .views import AdministrativeUnitViewSet, AgencyViewSet

router = SimpleRouter()
router.register("don-vi", AdministrativeUnitViewSet, basename="unit")
router.register("co-quan", AgencyViewSet, basename="agency")

urlpatterns = router.urls
