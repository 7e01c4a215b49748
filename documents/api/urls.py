from rest_framework.routers import SimpleRouter

from .views import IncomingViewSet, OutgoingViewSet, TaskViewSet

router = SimpleRouter()
router.register("den", IncomingViewSet, basename="incoming")
router.register("di", OutgoingViewSet, basename="outgoing")
router.register("nhiem-vu", TaskViewSet, basename="task")

urlpatterns = router.urls
