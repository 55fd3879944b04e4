"""How much memory racing sign-ins take with the real argon2 settings (64 MB a
check), in a fresh process so the peak is theirs alone:

    python -m tests.signin_memory DB_PATH N [--unguarded]

N attempts at once, each a different name from a different address, so no
budget stops them and every one wants an argon2 check.  --unguarded lets all N
run argon2 at once, to show what the gate saves.  Prints JSON: the answers and
the growth of the process's peak resident memory (MB) over its size before."""
from __future__ import annotations

import json
import resource
import sys
import threading


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(path: str, n: int, unguarded: bool) -> None:
    from geo.db import Store, accounts, signin
    from geo.errors import PermissionDenied

    store = Store.open(f"sqlite:///{path}")
    if unguarded:
        accounts.GATE = signin.Gate(verifiers=n)
    before = _peak_mb()
    answers: list[str] = []
    start = threading.Barrier(n)

    def one(k: int) -> None:
        start.wait()
        try:
            store.accounts.authenticate(f"name-{k}", "not the password", client=f"address-{k}")
        except PermissionDenied as refused:
            answers.append(str(refused))

    threads = [threading.Thread(target=one, args=(k,)) for k in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"answers": answers, "before_mb": round(before), "peak_growth_mb": round(_peak_mb() - before)}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), "--unguarded" in sys.argv[3:])
