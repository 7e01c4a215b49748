"""Who leads or is the clerk of which agency, for the remote-signing API: the app that knows the staff
posts registers its answers at start-up (documents registers documents.access), so signing, the layer
under it, never imports it. Until one is registered nobody may sign through the API."""

from typing import Protocol


class Authority(Protocol):
    def led_agency_ids(self, user) -> set[int]: ...
    def clerk_agency_ids(self, user) -> set[int]: ...
    def is_clerk_of(self, user, agency_id) -> bool: ...


class _Nobody:
    def led_agency_ids(self, user) -> set[int]:
        return set()

    def clerk_agency_ids(self, user) -> set[int]:
        return set()

    def is_clerk_of(self, user, agency_id) -> bool:
        return False


_current: Authority = _Nobody()


def register(authority: Authority) -> None:
    global _current
    _current = authority


def current() -> Authority:
    return _current
