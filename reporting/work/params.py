"""The filters of a work-statistics request that are the work statistics' own: the agency, the department
and the grouping. The period is read by the reporting pages' and APIs' shared parsers, so a user and an API
client see the same names and rules as on the dossier statistics:

- the page (`WorkForm`): the period picker `ky`, `nam`, `so`, `tu`, `den` (reporting.forms.BasePeriodForm),
  with `co_quan`, `phong_ban` and `theo` (co-quan, phong-ban);
- the API (`DocumentQuerySerializer`, `TaskQuerySerializer`): the period `start`, `end`, `frequency`,
  `year`, `number`, `closing` (reporting.api.serializers.PeriodQuerySerializer), with `agency`,
  `department` and `by` (agency, department; person for tasks).

Whether the agency or department is one the user may see is reporting.work.scope's to say (403)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from reporting.api.serializers import CHOICE_MESSAGES, PeriodQuerySerializer, id_field
from reporting.forms import BasePeriodForm, vietnamese_messages

# the rows of a table, with the heading of its label column
GROUPS = {
    "agency": gettext_lazy("Cơ quan"),
    "department": gettext_lazy("Phòng, ban"),
    "person": gettext_lazy("Cán bộ"),
}
DOCUMENT_GROUPS = ("agency", "department")  # documents are not counted per person
# theo= on the page; the people of an agency or department are always the page's last table
GROUP_SLUGS = {"co-quan": "agency", "phong-ban": "department"}
SLUG_OF_GROUP = {group: slug for slug, group in GROUP_SLUGS.items()}
MAX_ID = 2**31 - 1


class WorkForm(BasePeriodForm):
    """The page's picker: the period, then the agency and department among those the user may see."""

    extra_field_names = ("co_quan", "phong_ban")

    co_quan = forms.IntegerField(label=gettext_lazy("Cơ quan"), required=False, min_value=1, max_value=MAX_ID)
    phong_ban = forms.IntegerField(
        label=gettext_lazy("Phòng, ban"), required=False, min_value=1, max_value=MAX_ID
    )
    # chosen by the grouping tabs; kept hidden so that "Xem" keeps it
    theo = forms.ChoiceField(
        choices=[(slug, GROUPS[group]) for slug, group in GROUP_SLUGS.items()],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, data=None, *, agencies=(), **kwargs):
        super().__init__(data, **kwargs)
        vietnamese_messages(self.fields["theo"])
        for name, reason in (
            ("co_quan", _("Mã cơ quan không hợp lệ.")),
            ("phong_ban", _("Mã phòng, ban không hợp lệ.")),
        ):
            self.fields[name].error_messages.update(
                dict.fromkeys(("invalid", "min_value", "max_value"), reason)
            )
        self.fields["co_quan"].widget = forms.Select(
            choices=[("", _("Tất cả cơ quan trong phạm vi"))] + [(a.pk, a.name) for a in agencies]
        )
        self.offer_departments(())

    def offer_departments(self, departments) -> None:
        self.fields["phong_ban"].widget = forms.Select(
            choices=[("", _("Tất cả"))] + [(d.pk, d.name) for d in departments]
        )

    @property
    def extra_fields(self):
        # a list with nothing to choose from is left out
        return [field for field in super().extra_fields if len(field.field.widget.choices) > 1]

    @property
    def group(self) -> str | None:
        return GROUP_SLUGS.get(self.cleaned_data.get("theo") or "")


def _by(choices) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=list(choices),
        required=False,
        error_messages=CHOICE_MESSAGES,
        help_text="Nhóm theo cơ quan, phòng, ban"
        + (" hoặc cán bộ" if "person" in choices else "")
        + "; mặc định theo cơ quan khi phạm vi có nhiều cơ quan, nếu không theo phòng, ban",
    )


class WorkQuerySerializer(PeriodQuerySerializer):
    agency = id_field(
        gettext_lazy("Mã cơ quan không hợp lệ."), "Một cơ quan trong phạm vi của người dùng (mã số)"
    )
    department = id_field(
        gettext_lazy("Mã phòng, ban không hợp lệ."), "Một phòng, ban trong phạm vi của người dùng (mã số)"
    )


class DocumentQuerySerializer(WorkQuerySerializer):
    by = _by(DOCUMENT_GROUPS)


class TaskQuerySerializer(WorkQuerySerializer):
    by = _by(GROUPS)
