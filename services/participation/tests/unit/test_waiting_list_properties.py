"""Property test: any sequence of registrations and cancellations, replayed through the domain rules the
service uses, never overbooks and never lets anyone overtake the head of the waiting list."""

from hypothesis import given, settings
from hypothesis import strategies as st

from participation.domain.events import Booking, admit, promotions, seats_taken

ops = st.lists(st.one_of(st.tuples(st.just("register"), st.integers(1, 4)),
                         st.tuples(st.just("cancel"), st.integers(0, 50))), max_size=60)


@settings(max_examples=300, deadline=None)
@given(capacity=st.integers(1, 12), operations=ops)
def test_never_overbooked_and_first_come_first_served(capacity, operations):
    bookings: list[Booking] = []
    for op, arg in operations:
        if op == "register":
            status = admit(capacity, bookings, arg)
            bookings.append(Booking(f"r{len(bookings)}", arg, status))
        else:
            live = [b for b in bookings if b.status != "cancelled"]
            if not live:
                continue
            victim = live[arg % len(live)]
            bookings = [Booking(b.registration_id, b.seats, "cancelled") if b is victim else b for b in bookings]
            promoted = set(promotions(capacity, bookings))
            bookings = [Booking(b.registration_id, b.seats, "confirmed") if b.registration_id in promoted else b
                        for b in bookings]
        assert seats_taken(bookings) <= capacity
        statuses = [b.status for b in bookings]
        if "waiting" in statuses:
            head = statuses.index("waiting")
            # the head of the queue waits only because it does not fit, and nobody behind it got a seat
            assert bookings[head].seats > capacity - seats_taken(bookings)
            assert "confirmed" not in statuses[head:]
