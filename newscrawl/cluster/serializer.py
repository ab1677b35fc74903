"""Requests as JSON, for scrapy-redis's queue (``SCHEDULER_SERIALIZER`` names this module).

scrapy-redis pickles requests by default (``scrapy_redis.picklecompat``): whoever can write to
the shared server could then run code in every worker. ``Request.to_dict()`` is JSON but for
bytes (the body, the headers) and dicts keyed by bytes (the headers); these are tagged here:
``{"$b": base64}`` and ``{"$d": [[key, value], ...]}``. Anything else that JSON cannot hold (an
object in ``meta``) raises ``TypeError`` when the request is queued, instead of being pickled.
"""

from __future__ import annotations

import base64
import json
from typing import Any


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and not ({"$b", "$d"} & set(value)):
            return {k: _encode(v) for k, v in value.items()}
        return {"$d": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot queue a {type(value).__name__} in JSON: {value!r}")


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$b"}:
            return base64.b64decode(value["$b"])
        if set(value) == {"$d"}:
            return {_decode(k): _decode(v) for k, v in value["$d"]}
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def dumps(obj: dict[str, Any]) -> str:
    """A request's dict (``Request.to_dict()``) as one JSON line, keys sorted (the same request
    is the same member of the queue's sorted set)."""
    return json.dumps(_encode(obj), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(data: str | bytes) -> dict[str, Any]:
    value = _decode(json.loads(data))
    if not isinstance(value, dict):
        raise ValueError("a queued request is a JSON object")
    return value
