from django import template

from egov import text

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """75000 -> '75.000' (Vietnamese thousands separator)."""
    try:
        return text.vnd(amount)
    except (TypeError, ValueError):
        return ""
