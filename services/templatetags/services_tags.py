from django import template

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """75000 -> '75.000' (Vietnamese thousands separator)."""
    try:
        return f"{int(amount):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""
