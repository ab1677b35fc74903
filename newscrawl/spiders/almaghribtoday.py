"""The ``almaghribtoday`` spider, as it was imported before the group's sites were
configuration: the class made from its entry of ``newscrawl/sites.toml``."""

from __future__ import annotations

from newscrawl.spiders.sites import SPIDERS

AlmaghribtodaySpider = SPIDERS["almaghribtoday"]

__all__ = ["AlmaghribtodaySpider"]
