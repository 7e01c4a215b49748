"""Run pyHanko's coroutines from synchronous code, also when the calling thread already runs an event loop
(ASGI views, Playwright in tests), where asyncio.run() would refuse (stack-facts §3.4)."""

import asyncio
import concurrent.futures


def run(coroutine_factory):
    """Run `coroutine_factory()` to completion and return its result."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine_factory())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_factory())).result()
