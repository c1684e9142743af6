"""Bodies, meetings and votes: quorum, recusal, vote counting, decision numbers. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

BODY_TYPES = {
    "begleitausschuss": ("Begleitausschuss", "BA"),
    "steuerungsgruppe": ("Steuerungsgruppe", "SG"),
    "arbeitskreis": ("Arbeitskreis", "AK"),
    "impulswerkstatt": ("Impulswerkstatt", "IW"),
    "netzwerk": ("Netzwerk", "NW"),
}
ROLES = {"chair": "Vorsitz", "member": "Mitglied", "deputy": "Stellvertretung", "advisory": "beratend (ohne Stimme)"}
CHOICES = {"yes": "Ja", "no": "Nein", "abstain": "Enthaltung"}
OUTCOMES = {"approved": "angenommen", "rejected": "abgelehnt", "deferred": "vertagt"}


@dataclass(frozen=True)
class Member:
    membership_id: str
    organisation_id: str | None  # the organisation the member represents in the body
    role: str
    voting: bool
    person_organisation_id: str | None = None  # the organisation the person belongs to (person record)

    @property
    def has_vote(self) -> bool:
        return self.voting and self.role != "advisory"


def quorum(members: list[Member], present_ids: set[str], percent: int = 50) -> dict:
    """Beschlussfähigkeit: strictly more than ``percent`` % of the voting members are present."""
    voting = [m for m in members if m.has_vote]
    present = [m for m in voting if m.membership_id in present_ids]
    needed = len(voting) * percent // 100 + 1 if voting else 1
    return {"voting_members": len(voting), "present": len(present), "needed": needed,
            "quorate": bool(voting) and len(present) >= needed}


def is_recused(member: Member, applicant_organisation_id: str | None) -> bool:
    """A member whose organisation is the applicant of the item may not vote on it: the organisation the member
    represents in the body, and equally the organisation the person belongs to (e.g. a deputy sent by the city
    who chairs the applicant club)."""
    if not applicant_organisation_id:
        return False
    return applicant_organisation_id in (member.organisation_id, member.person_organisation_id)


def recusal_reason(organisation_name: str, *, represented: bool = True) -> str:
    """The recorded reason; ``represented`` is False when the applicant is the person's own organisation but not
    the one represented in the body."""
    if represented:
        return f"Befangen: die vertretene Organisation „{organisation_name}“ ist Antragstellerin."
    return f"Befangen: die eigene Organisation „{organisation_name}“ ist Antragstellerin."


def recusal_reason_for(member: Member, applicant_organisation_id: str, organisation_name: str) -> str:
    return recusal_reason(organisation_name, represented=member.organisation_id == applicant_organisation_id)


def valid_votes(votes: list[tuple[str, str]], members: list[Member], present_ids: set[str],
                applicant_organisation_id: str | None) -> tuple[list[str], list[str]]:
    """Split the stored votes ``(membership_id, choice)`` of an item into the choices that count and the
    membership ids whose vote does not: only a member who is present when the result is established, has a vote
    on the meeting day and is not recused may be counted. A vote of a member marked absent afterwards (left the
    meeting before the vote was closed) stays on record but is not counted."""
    by_id = {m.membership_id: m for m in members}
    counted, ignored = [], []
    for membership_id, choice in votes:
        member = by_id.get(membership_id)
        if member is None or not member.has_vote or membership_id not in present_ids \
                or is_recused(member, applicant_organisation_id):
            ignored.append(membership_id)
        else:
            counted.append(choice)
    return counted, sorted(ignored)


def count_votes(choices: list[str]) -> dict:
    tally = {"yes": 0, "no": 0, "abstain": 0}
    for choice in choices:
        if choice not in tally:
            raise ValueError(f"unknown vote choice {choice!r}")
        tally[choice] += 1
    return tally


def outcome_of(tally: dict) -> str:
    """Simple majority of the votes cast; abstentions do not count, a tie rejects."""
    return "approved" if tally["yes"] > tally["no"] else "rejected"


def decision_number(prefix: str, year: int, seq: int) -> str:
    return f"{prefix}-{year}-{seq:03d}"


def check_amount(amount: Decimal | None) -> Decimal | None:
    if amount is None:
        return None
    if amount <= 0:
        raise ValueError("amount must be positive")
    return amount.quantize(Decimal("0.01"))
