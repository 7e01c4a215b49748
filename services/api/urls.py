from rest_framework.routers import SimpleRouter

from .views import ProcedureViewSet

router = SimpleRouter()
router.register("thu-tuc", ProcedureViewSet, basename="procedure")
urlpatterns = router.urls
