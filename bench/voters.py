"""The background voters of `make bench`: about 20 vote posts per second while a page is measured.

Each post is a whole request sent at once on a new connection, as nginx sends them to the app
servers. (A throttled wrk connects first and waits before writing its request, and a sync
gunicorn worker sits idle on that open connection meanwhile: with two workers that measured
the benchmark's own idle connections instead of the app.)
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Voter:
    """One signed-in account and the solution it flips its vote on."""

    token: str
    solution_id: int


@dataclass
class BackgroundVoters:
    """Post votes at `rate` per second from `threads` threads until stopped; count posts and failures."""

    origin: str
    voters: list[Voter]
    cookie: str  # the session cookie and the auth cookie's name, the account's token goes after it
    csrf_token: str
    rate: float = 20.0
    threads: int = 8  # enough that slow answers under load do not hold the rate down
    posted: int = 0
    failed: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _workers: list[threading.Thread] = field(default_factory=list)
    _count_lock: threading.Lock = field(default_factory=threading.Lock)
    _started: float = 0.0

    def start(self) -> BackgroundVoters:
        self._started = time.perf_counter()
        threads = min(self.threads, len(self.voters))
        for number in range(threads):
            mine = self.voters[number::threads]
            worker = threading.Thread(target=self._post_in_turn, args=(mine,), daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def stop(self) -> tuple[float, int]:
        """Posts per second that were answered, and the posts that failed."""
        self._stop.set()
        for worker in self._workers:
            worker.join()
        elapsed = time.perf_counter() - self._started
        return (self.posted - self.failed) / elapsed, self.failed

    def _post_in_turn(self, mine: list[Voter]) -> None:
        interval = min(self.threads, len(self.voters)) / self.rate
        values: dict[Voter, int] = {}
        next_at = time.perf_counter()
        turn = 0
        while not self._stop.is_set():
            voter = mine[turn % len(mine)]
            turn += 1
            values[voter] = 0 if values.get(voter) == 1 else 1  # every post changes the vote
            ok = self._post(voter, values[voter])
            with self._count_lock:
                self.posted += 1
                self.failed += not ok
            next_at += interval
            self._stop.wait(max(0.0, next_at - time.perf_counter()))

    def _post(self, voter: Voter, value: int) -> bool:
        address = urlsplit(self.origin)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        try:
            connection.request(
                "POST",
                f"/solutions/{voter.solution_id}/vote",
                body=f"value={value}",
                headers={
                    "Cookie": self.cookie + voter.token,
                    "X-CSRFToken": self.csrf_token,
                    "Accept": "application/json",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()
