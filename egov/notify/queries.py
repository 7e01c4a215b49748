"""Read side: the messages a person may see are the ones sent to their own account."""

from .models import Message


def visible_to(user):
    if not user.is_authenticated:
        return Message.objects.none()
    return Message.objects.filter(user=user)
