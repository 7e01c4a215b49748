"""{% pay_box dossier user as pay %}: what the citizen's dossier page shows of its fees and payments."""

from django import template

from onestop import fees

from .. import queries, services

register = template.Library()


@register.simple_tag
def pay_box(dossier, user):
    return {
        "dues": fees.dues(dossier),
        "may_pay": services.may_pay_online(dossier) and dossier.applicant_user_id == user.pk,
        "receipts": list(queries.receipts(dossier)),
    }
