from rest_framework.routers import SimpleRouter

from .views import InstanceViewSet

router = SimpleRouter()
router.register("", InstanceViewSet, basename="instance")

urlpatterns = router.urls
