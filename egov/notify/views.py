"""The citizen's page of the messages sent to them (e-mail and SMS), newest first."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from . import queries

PAGE_SIZE = 20


@login_required
def my_messages(request):
    messages = queries.visible_to(request.user).order_by("-queued_at", "-pk")
    page = Paginator(messages, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "notify/messages.html", {"page": page, "nav": "messages"})
