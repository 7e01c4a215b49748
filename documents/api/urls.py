from rest_framework.routers import SimpleRouter

from .views import IncomingViewSet, NotificationViewSet, OutgoingViewSet, TaskViewSet

router = SimpleRouter()
router.register("den", IncomingViewSet, basename="incoming")
router.register("di", OutgoingViewSet, basename="outgoing")
router.register("nhiem-vu", TaskViewSet, basename="task")
router.register("thong-bao", NotificationViewSet, basename="notification")

urlpatterns = router.urls
