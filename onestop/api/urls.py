from rest_framework.routers import SimpleRouter

from .citizen import OwnDossierViewSet
from .views import DossierViewSet

# the citizen's own dossiers first: "cua-toi" would otherwise be read as a dossier's id
citizen = SimpleRouter()
citizen.register("cua-toi", OwnDossierViewSet, basename="own-dossier")
router = SimpleRouter()
router.register("", DossierViewSet, basename="dossier")

urlpatterns = citizen.urls + router.urls
