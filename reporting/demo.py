"""Demo: after onestop's demo the summaries match its dossiers (rebuilt when they do not, e.g. dossiers
loaded before this app was migrated), and the demo specialist "chuyenvien" is given the "Thống kê" group."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import ledger
from .roles import STATISTICS_GROUP, ensure_statistics_group


def seed(stdout) -> None:
    ensure_statistics_group()
    statistician = get_user_model().objects.filter(username="chuyenvien").first()
    if statistician is not None:
        statistician.groups.add(Group.objects.get(name=STATISTICS_GROUP))
    units = ledger.refresh_units()  # what the nightly recount does: the units' rollups follow the directory
    if units:
        stdout.write(f"  reporting: rollups of {units} administrative units summed")
    want, facts = ledger.expected()
    if ledger.differences(want, ledger.stored()):
        dossiers, rows = ledger.rebuild()
        stdout.write(f"  reporting: summaries rebuilt from {dossiers} dossiers ({rows} rows)")
    else:
        stdout.write(f"  reporting: summaries match the {len(facts)} accepted dossiers")
