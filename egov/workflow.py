"""Explicit state machines: each app's workflow.py declares its transitions as a table of
(action, from-states, to-state) rows, readable at a glance; anything not in the table is refused."""

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import TransitionNotAllowed


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    label: str = ""


class StateMachine:
    def __init__(self, transitions: Iterable[Transition], labels: dict[str, str] | None = None):
        self.transitions = {t.action: t for t in transitions}
        self.labels = labels or {}

    def target(self, state: str, action: str) -> str:
        """The state `action` leads to from `state`, or TransitionNotAllowed with a Vietnamese reason."""
        transition = self.transitions.get(action)
        if transition is None or state not in transition.sources:
            raise TransitionNotAllowed(
                f"Không thể thực hiện “{transition.label if transition else action}” "
                f"khi đang ở trạng thái “{self.labels.get(state, state)}”."
            )
        return transition.target

    def allowed(self, state: str) -> list[Transition]:
        return [t for t in self.transitions.values() if state in t.sources]
