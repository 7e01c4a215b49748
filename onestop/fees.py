"""What a dossier owes (phí, lệ phí): the fee lines of the version it was received under, an exemption the
applicant qualifies for (the catalogue's `exemptions` text is the reason), and whether the procedure
collects its fees before the dossier is processed."""

from collections.abc import Iterable
from dataclasses import dataclass

from egov.errors import DomainError
from services.models import ProcessingStep


@dataclass(frozen=True)
class FeeLine:
    pk: int
    kind: str
    name: str
    amount: int
    exemptions: str
    exempt: bool = False


@dataclass(frozen=True)
class Assessment:
    lines: list[FeeLine]
    due: int
    exemption_reason: str

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


@dataclass(frozen=True)
class Dues:
    """A dossier's fees as recorded: the lines, the amount due after any exemption, what is paid."""

    lines: list[FeeLine]
    due: int
    paid: int
    exemption_reason: str

    @property
    def outstanding(self) -> int:
        return max(self.due - self.paid, 0)


def lines(version) -> list[FeeLine]:
    return [
        FeeLine(fee.pk, fee.get_kind_display(), fee.name, fee.amount, fee.exemptions)
        for fee in version.fees.order_by("order", "pk")
    ]


def assess(version, exempt: Iterable[int] = ()) -> Assessment:
    """The amount due under `version`, the fees in `exempt` (their ids) waived. Only a fee whose catalogue
    entry names who is exempt may be waived; its `exemptions` text becomes the recorded reason."""
    exempt = set(exempt)
    rows = lines(version)
    unknown = exempt - {line.pk for line in rows}
    if unknown:
        raise DomainError("Khoản phí, lệ phí được miễn không thuộc thủ tục của hồ sơ này.")
    out, reasons = [], []
    for line in rows:
        if line.pk in exempt:
            if not line.exemptions.strip():
                raise DomainError(f"“{line.name}” không có đối tượng được miễn, giảm theo quy định.")
            reasons.append(f"{line.name}: {line.exemptions.strip()}")
            line = FeeLine(line.pk, line.kind, line.name, line.amount, line.exemptions, exempt=True)
        out.append(line)
    due = sum(line.amount for line in out if not line.exempt)
    return Assessment(out, due, "; ".join(reasons)[:500])


def dues(dossier) -> Dues:
    return Dues(lines(dossier.version), dossier.fees_due, dossier.fees_paid, dossier.fee_exemption_reason)


def requires_prior_payment(version) -> bool:
    """True when the version's process collects the fees (a COLLECT_FEE step) before its first appraisal."""
    kinds = list(version.steps.order_by("order").values_list("kind", flat=True))
    if ProcessingStep.Kind.COLLECT_FEE not in kinds:
        return False
    collect = kinds.index(ProcessingStep.Kind.COLLECT_FEE)
    appraise = kinds.index(ProcessingStep.Kind.APPRAISE) if ProcessingStep.Kind.APPRAISE in kinds else None
    return appraise is None or collect < appraise
