"""Cache backends that record each call as one round trip (as Redis makes it), and one that is down.

The cache is an external edge: these wrap Django's own backends, they do not
stand in for any of ours.
"""

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

#: Calls that reach the cache server; a call made inside another (locmem's
#: ``get_many`` asks ``get`` per key) is part of the outer one.
ROUND_TRIPS = (
    "get",
    "get_many",
    "set",
    "set_many",
    "add",
    "get_or_set",
    "has_key",
    "delete",
    "delete_many",
    "incr",
    "decr",
    "touch",
    "clear",
)


def counted(name):
    def method(self, *args, **kwargs):
        if not self.depth:
            self.calls.append(name)
        self.depth += 1
        try:
            return getattr(super(CountingMixin, self), name)(*args, **kwargs)
        finally:
            self.depth -= 1

    method.__name__ = name
    return method


class CountingMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.calls = []
        self.depth = 0


for _name in ROUND_TRIPS:
    setattr(CountingMixin, _name, counted(_name))


class CountingLocMemCache(CountingMixin, LocMemCache):
    pass


class CountingRedisCache(CountingMixin, RedisCache):
    pass


class DownCache(BaseCache):
    """A cache server that cannot be reached: every call fails."""

    def __init__(self, location, params):
        super().__init__(params)

    def _down(self, *args, **kwargs):
        raise ConnectionError("the cache server is down")

    get = get_many = set = set_many = add = delete = clear = _down
