"""Demo data for signing: runs after the directory's seed (INSTALLED_APPS order)."""

from .demo_pki import ensure_demo_pki


def seed(stdout) -> None:
    ensure_demo_pki(stdout)
