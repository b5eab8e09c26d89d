"""The lifecycle table is the only thing that decides transitions."""

from __future__ import annotations

import itertools

import pytest

from ygclient.store import Event, State, TransitionError, allowed_events, next_state
from ygclient.store.lifecycle import STATE_LABELS, TRANSITIONS

# The paths the issue lists, step by step.
PATHS = [
    [State.DRAFT, Event.MARK_READY, State.READY, Event.QUEUE, State.QUEUED, Event.DELIVER,
     State.SUBMITTED, Event.ACCEPT, State.ACCEPTED],
    [State.QUEUED, Event.REJECT, State.REJECTED],  # refused on arrival
    [State.SUBMITTED, Event.REJECT, State.REJECTED, Event.EDIT, State.REJECTED, Event.QUEUE,
     State.QUEUED],
    [State.ACCEPTED, Event.START_CORRECTION, State.CORRECTION, Event.QUEUE, State.QUEUED],
    [State.ACCEPTED, Event.START_RETRACTION, State.RETRACTION, Event.QUEUE, State.QUEUED,
     Event.DELIVER, State.SUBMITTED, Event.ACCEPT_RETRACTION, State.RETRACTED],
    [State.SENDING, Event.SEND_FAILED, State.QUEUED],  # left by an older version's sync
    [State.ACCEPTED, Event.OBJECTION_NOTICE, State.UNDER_OBJECTION, Event.ANSWER,
     State.ANSWERED, Event.RESOLVE, State.RESOLVED],
    [State.ACCEPTED, Event.END_DISCLOSURE, State.DISCLOSURE_ENDED],
]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: f"{p[0]}→{p[-1]}")
def test_documented_paths(path: list[State | Event]) -> None:
    state = path[0]
    for event, expected in zip(path[1::2], path[2::2], strict=True):
        assert isinstance(state, State) and isinstance(event, Event)
        state = next_state(state, event)
        assert state == expected


def test_everything_else_is_refused_with_a_clear_message() -> None:
    refused = 0
    for state, event in itertools.product(State, Event):
        if (state, event) in TRANSITIONS:
            continue
        refused += 1
        with pytest.raises(TransitionError) as err:
            next_state(state, event)
        message = str(err.value)
        assert message.startswith(f"记录处于“{state.label}”状态，不能{event.label}")
        assert "此状态下可以" in message
    assert refused > 200


def test_terminal_states() -> None:
    assert allowed_events(State.RETRACTED) == ()
    assert allowed_events(State.DISCLOSURE_ENDED) == ()


def test_every_state_and_event_has_a_chinese_label() -> None:
    assert set(STATE_LABELS) == set(State)
    for event in Event:
        assert event.label and not event.label.isascii()
