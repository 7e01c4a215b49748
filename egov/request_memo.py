"""Values worth working out once per request rather than once per query: a user's posts, which every
inbox, list and badge of the documents app asks for (the menu badge alone asked some twenty times).

They are kept in a dict that lives as long as the request (`RequestMemoMiddleware`). Outside a request
(a Celery task, a management command, a test calling a service) nothing is kept, and a saved change to
what is memoised clears the request's dict (`forget`, connected by the app that memoises), so a request
that changes a post and reads it again sees the change."""

import contextlib
from collections.abc import Callable, Hashable, Iterator
from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)


def memoised[T](key: Hashable, compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget(**_signal) -> None:
    memo = _memo.get()
    if memo:
        memo.clear()


@contextlib.contextmanager
def scope() -> Iterator[None]:
    """What a request is to the memo: values kept inside, gone after."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with scope():
            return self.get_response(request)
