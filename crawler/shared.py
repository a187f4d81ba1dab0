"""Sites shared by several crawl workers through one Redis server.

The unit of work is a whole site (every start URL of one origin): a worker leases a site, crawls
it with its own frontier and budget, writes its records, then marks it done. So one site is
never fetched by two workers at once (politeness holds as in one process), and the records equal
a one-process crawl's. A lease names its worker and is renewed every few seconds while the worker
lives; a worker killed with SIGKILL stops renewing, and another worker takes the site over when
the lease runs out -- no site is lost. A worker that was paused past its lease (SIGSTOP, a
swapping machine) finds on waking that the site is no longer its own, and neither fetches nor
writes any more of it.

Redis itself may go away: every call is retried with backoff for a bounded time (``outage``),
then the worker stops with one sentence. A Redis that comes back without its data no longer
holds the run: the worker says so instead of taking the empty queue for a finished run.

Why not scrapy-redis's shared request queue: it spreads a site's *requests* over workers, so
a site's page budget, canonical-URL bookkeeping and per-site politeness would have to live in
Redis too, and its start-URL pop is destructive (a killed worker's sites are gone). Leasing
whole sites needs only redis-py (maintained with Redis itself) and a few atomic commands.
"""

from __future__ import annotations

import json
import time
import uuid

import redis
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_delay,
    wait_exponential,
)

from carefinder import CarefinderError
from crawler.urls import by_origin

LEASE_SECONDS = 20.0
OUTAGE_SECONDS = 120.0  # how long a worker waits for an unreachable Redis before it stops
PREFIX = "carefinder:crawl:"
UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)
# The scripts run atomically in Redis: a worker killed between two commands cannot leave a site
# neither queued nor leased, and no two workers can both believe they hold one.
# A queued site, else the oldest expired lease, leased to the caller (ARGV[3]); finished sites
# are dropped on the way.
CLAIM = """
local now, lease, me = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
while true do
  local site = redis.call('LPOP', KEYS[1])
  if not site then
    site = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 1)[1]
  end
  if not site then return false end
  if redis.call('SISMEMBER', KEYS[3], site) == 1 then
    redis.call('ZREM', KEYS[2], site)
  else
    redis.call('ZADD', KEYS[2], now + lease, site)
    redis.call('HSET', KEYS[4], site, me)
    return site
  end
end
"""
# The caller's leases among ARGV[3..] renewed until ARGV[1]; the sites it no longer holds.
RENEW = """
local lost = {}
for i = 3, #ARGV do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[2] then
    redis.call('ZADD', KEYS[1], tonumber(ARGV[1]), ARGV[i])
  else
    lost[#lost + 1] = ARGV[i]
  end
end
return lost
"""
# A site done, if the caller holds it (1), else nothing changes (0).
FINISH = """
if redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return 1
"""
# A site and its start URLs, queued unless this run already knows it (1 when queued).
SEED = """
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  return 1
end
return 0
"""


class RunLost(CarefinderError):
    """Redis no longer holds the run this worker joined (it came back without its data)."""


class SharedSites:
    def __init__(self, url: str, lease: float = LEASE_SECONDS, outage: float = OUTAGE_SECONDS):
        self.url, self.lease, self.outage = url, lease, outage
        self.me = uuid.uuid4().hex  # names this worker's leases
        self.run: str | None = None  # the run this worker joined, once one is seeded
        self.known: set[str] = set()  # sites this worker seeded or claimed: must end done
        self.held: dict[str, float] = {}  # leased site -> (monotonic) time its lease was renewed
        try:
            # a short socket timeout: a hung Redis holds the reactor at most this long per try
            self.db = redis.Redis.from_url(
                url, decode_responses=True, socket_timeout=2, socket_connect_timeout=2
            )
            self.db.ping()
        except (redis.RedisError, ValueError) as exc:
            raise CarefinderError(f"cannot reach Redis at {url}: {exc}") from None
        self.queue, self.leases, self.owners, self.sites, self.done, self.seeded = (
            PREFIX + name for name in ("queue", "leases", "owners", "sites", "done", "seeded")
        )
        self._claim = self.db.register_script(CLAIM)
        self._renew = self.db.register_script(RENEW)
        self._finish = self.db.register_script(FINISH)
        self._seed = self.db.register_script(SEED)

    async def patiently(self, method, *args):
        """``method(*args)``, retried with exponential backoff while Redis cannot be reached
        (killed, restarting, a network cut), for at most ``outage`` seconds; then a
        CarefinderError in one sentence. The waits are asyncio's: the crawl goes on meanwhile."""
        retrying = AsyncRetrying(
            retry=retry_if_exception_type(UNREACHABLE),
            wait=wait_exponential(multiplier=0.1, max=2),
            stop=stop_after_delay(self.outage),
            reraise=True,
        )
        try:
            return await retrying(method, *args)
        except UNREACHABLE as exc:
            raise CarefinderError(
                f"Redis at {self.url} could not be reached for {self.outage:g} s ({exc})"
            ) from None

    def seed(self, urls: list[str], written: set[str]) -> int:
        """Queue each origin's start URLs once (a second seeding of the same sites adds none),
        the ``written`` ones done at once. Seeding after a finished run starts a new one (a
        monthly recrawl of the same sites)."""
        if self.db.exists(self.seeded) and not self._left():
            self.db.delete(self.queue, self.leases, self.owners, self.sites, self.done, self.seeded)
        self.mark_done(written)  # before queueing: no worker may claim them meanwhile
        added = 0
        for site, site_urls in by_origin(urls).items():
            added += self._seed(keys=[self.sites, self.queue], args=[site, json.dumps(site_urls)])
            self.known.add(site)
        self.db.set(self.seeded, uuid.uuid4().hex, nx=True)  # the run's name, kept by re-seeding
        self.run = self.db.get(self.seeded)
        return added

    def mark_done(self, sites: set[str]) -> None:
        """Sites already written (an output's journal, for ``--resume``) are done in this run,
        whatever Redis remembers: never queued or leased again."""
        if sites:
            with self.db.pipeline() as atomic:
                atomic.sadd(self.done, *sites)
                atomic.zrem(self.leases, *sites)
                atomic.hdel(self.owners, *sites)
                atomic.execute()

    def claim(self) -> tuple[str, list[str]] | None:
        """A site to crawl (its start URLs): a queued one, else one whose worker died."""
        site = self._claim(
            keys=[self.queue, self.leases, self.done, self.owners],
            args=[time.time(), self.lease, self.me],
        )
        if not site:
            return None
        self.run = self.run or self.db.get(self.seeded)  # a busy worker joins the run here
        self.held[site] = time.monotonic()
        self.known.add(site)
        return site, json.loads(self.db.hget(self.sites, site) or "[]")

    def renew(self, sites: list[str] | None = None) -> set[str]:
        """Renew the leases of ``sites`` (default: every site held); return those this worker
        no longer holds (taken over while it was paused, or lost with Redis's data)."""
        sites = list(self.held) if sites is None else sites
        if not sites:
            return set()
        asked = time.monotonic()
        lost = set(
            self._renew(
                keys=[self.leases, self.owners], args=[time.time() + self.lease, self.me, *sites]
            )
        )
        for site in sites:
            if site in lost:
                self.held.pop(site, None)
            else:
                self.held[site] = asked
        return lost

    def fresh(self, site: str) -> bool:
        """The lease was renewed recently enough (half a lease ago) to act on it without
        asking Redis; after a pause, it must be confirmed first."""
        renewed = self.held.get(site)
        return renewed is not None and time.monotonic() - renewed < self.lease / 2

    def finish(self, site: str) -> bool:
        """Mark a written site done; False when another worker holds it now."""
        finished = self._finish(keys=[self.done, self.leases, self.owners], args=[site, self.me])
        self.held.pop(site, None)
        return bool(finished)

    def over(self) -> bool:
        """The shared work is over: nothing queued or leased, and Redis says every site this
        worker knows of is done. (A worker started before the seeding one waits for it.)
        RunLost when Redis no longer holds the run this worker joined."""
        run = self.db.get(self.seeded)
        self.run = self.run or run
        if run != self.run:
            raise self._lost()
        if run is None or self._left():
            return False
        known = sorted(self.known)
        if known and not all(self.db.smismember(self.done, known)):
            raise self._lost()
        return True

    def _left(self) -> bool:
        return bool(self.db.llen(self.queue) or self.db.zcard(self.leases))

    def _lost(self) -> RunLost:
        done = self.db.smismember(self.done, sorted(self.known)) if self.known else []
        missing = len(self.known) - sum(done)
        return RunLost(
            f"Redis at {self.url} no longer holds the run this worker joined (restarted "
            f"without its data?): {missing} of the {len(self.known)} sites it knows are not "
            "done there; run the crawl again with --resume (the seeding worker with its start "
            "URLs) to finish them"
        )
