"""Signals onestop sends; other apps (reporting) listen without onestop importing them.

`dossier_changed` is sent inside the transaction that changed the dossier, from `services._event` (the one
place every change of a dossier is recorded: each transition, a fee payment, a supplement, an apology) and
from `ratings.rate`. Arguments: `dossier` (the saved row, in its new state), `action` (the transition or
event name), `status` (the status after), `at` (the business time of the change). A receiver that raises
rolls the change back with it.
"""

from django.dispatch import Signal

dossier_changed = Signal()
