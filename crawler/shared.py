"""Sites shared by several crawl workers through one Redis server.

The unit of work is a whole site (every start URL of one origin): a worker leases a site, crawls
it with its own frontier and budget, writes its records, then marks it done. So one site is
never fetched by two workers at once (politeness holds as in one process), and the records equal
a one-process crawl's. A lease is renewed every few seconds while the worker lives; a worker
killed with SIGKILL stops renewing, and another worker takes the site over when the lease runs
out -- no site is lost.

Why not scrapy-redis's shared request queue: it spreads a site's *requests* over workers, so
a site's page budget, canonical-URL bookkeeping and per-site politeness would have to live in
Redis too, and its start-URL pop is destructive (a killed worker's sites are gone). Leasing
whole sites needs only redis-py (maintained with Redis itself) and a few atomic commands.
"""

from __future__ import annotations

import json
import time

import redis

from carefinder import CarefinderError
from crawler.urls import by_origin

LEASE_SECONDS = 20.0
PREFIX = "carefinder:crawl:"
# Both scripts run atomically in Redis: a worker killed between two commands cannot leave a site
# neither queued nor leased.
# A queued site, else the oldest expired lease, leased to the caller.
CLAIM = """
local now, lease = tonumber(ARGV[1]), tonumber(ARGV[2])
local site = redis.call('LPOP', KEYS[1])
if not site then
  site = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 1)[1]
end
if not site then return false end
redis.call('ZADD', KEYS[2], now + lease, site)
return site
"""
# A site and its start URLs, queued unless this run already knows it (1 when queued).
SEED = """
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  return 1
end
return 0
"""


class SharedSites:
    def __init__(self, url: str, lease: float = LEASE_SECONDS):
        self.lease = lease
        try:
            self.db = redis.Redis.from_url(url, decode_responses=True, socket_timeout=10)
            self.db.ping()
        except (redis.RedisError, ValueError) as exc:
            raise CarefinderError(f"cannot reach Redis at {url}: {exc}") from None
        self.queue, self.leases, self.sites, self.done, self.seeded = (
            PREFIX + name for name in ("queue", "leases", "sites", "done", "seeded")
        )
        self._claim = self.db.register_script(CLAIM)
        self._seed = self.db.register_script(SEED)

    def seed(self, urls: list[str]) -> int:
        """Queue each origin's start URLs once (a second seeding of the same sites adds none).
        Seeding after a finished run starts a new one (a monthly recrawl of the same sites)."""
        if self.db.exists(self.seeded) and self.all_done():
            self.db.delete(self.queue, self.leases, self.sites, self.done, self.seeded)
        added = 0
        for site, site_urls in by_origin(urls).items():
            added += self._seed(keys=[self.sites, self.queue], args=[site, json.dumps(site_urls)])
        self.db.set(self.seeded, 1)
        return added

    def claim(self) -> tuple[str, list[str]] | None:
        """A site to crawl (its start URLs): a queued one, else one whose worker died."""
        site = self._claim(keys=[self.queue, self.leases], args=[time.time(), self.lease])
        if not site:
            return None
        if self.db.sismember(self.done, site):  # finished just before its lease ran out
            self.db.zrem(self.leases, site)
            return self.claim()
        return site, json.loads(self.db.hget(self.sites, site) or "[]")

    def renew(self, sites: list[str]) -> None:
        if sites:
            self.db.zadd(self.leases, dict.fromkeys(sites, time.time() + self.lease), xx=True)

    def finish(self, site: str) -> None:
        self.db.sadd(self.done, site)
        self.db.zrem(self.leases, site)

    def all_done(self) -> bool:
        """Sites were queued, and nothing is queued or leased now: the shared work is over.
        (A worker started before the seeding one waits for it.)"""
        return (
            bool(self.db.exists(self.seeded))
            and self.db.llen(self.queue) == 0
            and self.db.zcard(self.leases) == 0
        )
