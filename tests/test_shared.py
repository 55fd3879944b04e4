"""ui.shared: made once per key however many sessions ask at once, and only the newest keys kept."""
from __future__ import annotations

import threading
import time

from ui.shared import Shared


def test_a_crowd_asking_for_a_new_key_waits_for_one_making():
    made = []

    def make(n):
        made.append(n)
        time.sleep(0.05)  # long enough for the whole crowd to arrive while it is being made
        return {"made for": n}

    shared = Shared(make, keep=8)
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(shared.get(("db", 1), 1))) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made == [1]
    assert len(answers) == 20 and all(a is answers[0] for a in answers)  # one object, shared


def test_a_new_revision_is_made_again_and_the_oldest_keys_are_let_go():
    shared = Shared(lambda n: [n], keep=2)
    first = shared.get(1, 1)
    assert shared.get(1, 1) is first
    shared.get(2, 2)
    shared.get(3, 3)
    assert shared.get(1, 1) is not first  # let go when the third key came, so made afresh
    assert shared.get(3, 3) == [3]
