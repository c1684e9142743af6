from participation.domain.events import Booking, admit, promotions, seats_left, waiting_position


def test_new_registration_is_confirmed_while_seats_are_left_then_waits():
    bookings = [Booking("a", 2, "confirmed"), Booking("b", 1, "cancelled")]
    assert seats_left(3, bookings) == 1
    assert admit(3, bookings, 1) == "confirmed"
    assert admit(3, bookings, 2) == "waiting"


def test_newcomer_does_not_overtake_a_waiting_party_even_if_a_seat_is_free():
    bookings = [Booking("a", 1, "confirmed"), Booking("w", 3, "waiting")]
    assert admit(3, bookings, 1) == "waiting"


def test_cancellation_promotes_the_head_of_the_waiting_list_first():
    bookings = [Booking("a", 1, "cancelled"), Booking("b", 1, "confirmed"), Booking("w1", 1, "waiting"),
                Booking("w2", 1, "waiting")]
    assert promotions(2, bookings) == ["w1"]


def test_a_large_party_at_the_head_is_not_overtaken():
    bookings = [Booking("b", 1, "confirmed"), Booking("w1", 3, "waiting"), Booking("w2", 1, "waiting")]
    assert promotions(3, bookings) == []
    assert promotions(4, bookings) == ["w1"]


def test_several_freed_seats_promote_several_waiting():
    bookings = [Booking("w1", 1, "waiting"), Booking("w2", 2, "waiting"), Booking("w3", 1, "waiting")]
    assert promotions(3, bookings) == ["w1", "w2"]


def test_waiting_position_counts_only_waiting_registrations():
    bookings = [Booking("a", 1, "confirmed"), Booking("w1", 1, "waiting"), Booking("w2", 1, "waiting")]
    assert waiting_position(bookings, "w2") == 2
    assert waiting_position(bookings, "a") is None
