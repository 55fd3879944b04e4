"""geo/db/lock.py: FairLock serves waiting threads in the order they arrived and lets its
holder in again, keeping the lock until its last exit.  No sleeps: the lock's condition is
watched, so the test knows when a thread is waiting its turn, and a lock that did nothing
fails instead of passing by luck."""
import threading
from collections import Counter

from geo.db.lock import FairLock

WAITERS = 20  # enough that a lock serving in no particular order all but never gets them right
PATIENCE = 10  # seconds; only a broken lock makes a test wait this long (threads are daemons: none hangs the run)


class WatchedTurn(threading.Condition):
    """FairLock's condition, counting each thread's waits so the test knows who is queued."""

    def __init__(self):
        super().__init__(threading.Lock())
        self.waits: Counter[str] = Counter()
        self._seen = threading.Condition()

    def wait(self, timeout=None):
        with self._seen:
            self.waits[threading.current_thread().name] += 1
            self._seen.notify_all()
        return super().wait(timeout)

    def until_waiting(self, name: str, times: int = 1) -> None:
        with self._seen:
            assert self._seen.wait_for(lambda: self.waits[name] >= times, PATIENCE), f"{name} never waited its turn"


def watched_lock() -> tuple[FairLock, WatchedTurn]:
    lock = FairLock()
    lock._turn = WatchedTurn()
    return lock, lock._turn


def test_waiting_threads_are_served_in_arrival_order():
    lock, turn = watched_lock()
    order = []

    def take(i):
        with lock:
            order.append(i)

    threads = [threading.Thread(target=take, args=(i,), name=f"waiter-{i}", daemon=True) for i in range(WAITERS)]
    with lock:
        for thread in threads:
            thread.start()
            turn.until_waiting(thread.name)  # queued before the next one arrives
        assert order == []
    for thread in threads:
        thread.join(PATIENCE)
    assert order == list(range(WAITERS))


def test_the_holder_enters_again_and_keeps_the_lock_until_its_last_exit():
    lock, turn = watched_lock()
    inside = []
    twice, inner_left, leave = threading.Event(), threading.Event(), threading.Event()

    def hold():
        with lock:
            with lock:  # a lock that is not re-entrant hangs here
                twice.set()
            inner_left.set()
            leave.wait(PATIENCE)

    def other():
        with lock:
            inside.append("other")

    holder = threading.Thread(target=hold, name="holder", daemon=True)
    holder.start()
    assert twice.wait(PATIENCE), "the holder could not enter again"
    waiter = threading.Thread(target=other, name="other", daemon=True)
    waiter.start()
    turn.until_waiting("other")
    assert inner_left.wait(PATIENCE)
    with turn:
        turn.notify_all()  # wake the waiter: after the inner exit it must find the lock still held
    turn.until_waiting("other", times=2)
    assert inside == []
    leave.set()
    holder.join(PATIENCE)
    waiter.join(PATIENCE)
    assert inside == ["other"]
