import threading
import time

from geo.db.lock import FairLock


def test_waiting_threads_are_served_in_arrival_order():
    lock, order = FairLock(), []
    lock.__enter__()
    threads = []
    for i in range(6):
        t = threading.Thread(target=lambda i=i: (lock.__enter__(), order.append(i), lock.__exit__()))
        t.start()
        threads.append(t)
        time.sleep(0.02)  # let each one queue before the next arrives
    lock.__exit__()
    for t in threads:
        t.join(5)
    assert order == list(range(6))


def test_the_holder_can_enter_again():
    lock = FairLock()
    with lock:
        with lock:
            pass
    done = []
    t = threading.Thread(target=lambda: (lock.__enter__(), done.append(1), lock.__exit__()))
    t.start()
    t.join(2)
    assert done == [1]
