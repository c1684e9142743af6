"""Public events (Veranstaltungen): capacity, waiting list and promotion. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Booking:
    registration_id: str
    seats: int
    status: str  # confirmed | waiting | cancelled


def seats_taken(bookings: list[Booking]) -> int:
    return sum(b.seats for b in bookings if b.status == "confirmed")


def seats_left(capacity: int, bookings: list[Booking]) -> int:
    return max(0, capacity - seats_taken(bookings))


def admit(capacity: int, bookings: list[Booking], seats: int) -> str:
    """Status of a new registration: confirmed while enough seats are left and nobody is waiting (a newcomer
    never overtakes the waiting list), otherwise waiting."""
    if any(b.status == "waiting" for b in bookings):
        return "waiting"
    return "confirmed" if seats <= seats_left(capacity, bookings) else "waiting"


def promotions(capacity: int, bookings: list[Booking]) -> list[str]:
    """Registrations to move from the waiting list (given in order) to confirmed, first come first served.

    A party that does not fit waits; the list is not skipped so no one overtakes the head of the queue."""
    free = seats_left(capacity, bookings)
    promoted = []
    for b in bookings:
        if b.status != "waiting":
            continue
        if b.seats > free:
            break
        promoted.append(b.registration_id)
        free -= b.seats
    return promoted


def waiting_position(bookings: list[Booking], registration_id: str) -> int | None:
    waiting = [b.registration_id for b in bookings if b.status == "waiting"]
    return waiting.index(registration_id) + 1 if registration_id in waiting else None
