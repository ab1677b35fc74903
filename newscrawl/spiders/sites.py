"""One spider per site of ``newscrawl/sites.toml``, made from its entry.

Each is a subclass of :class:`newscrawl.spiders.site.SiteSpider` named by the site's key
(``scrapy crawl palestinetoday``) and holding its :class:`newscrawl.sites.Site`; the code is the
same for every site. The classes are made here, in this module, because Scrapy's spider loader
lists the spider classes a module of ``SPIDER_MODULES`` defines: adding an entry to
``sites.toml`` adds a spider, with no Python.
"""

from __future__ import annotations

from newscrawl.sites import SITES, Site
from newscrawl.spiders.site import SiteSpider


def spider_class(site: Site) -> type[SiteSpider]:
    """The spider class of ``site``: ``AlmaghribtodaySpider`` with ``name = "almaghribtoday"``."""
    class_name = "".join(part.capitalize() for part in site.key.split("_")) + "Spider"
    return type(
        class_name,
        (SiteSpider,),
        {
            "name": site.key,
            "site": site,
            "__module__": __name__,
            "__qualname__": class_name,
            "__doc__": f"The crawl of {site.hosts[0]} ({site.publisher}), from newscrawl/sites.toml.",
        },
    )


#: the spider class of every configured site, by key
SPIDERS: dict[str, type[SiteSpider]] = {key: spider_class(site) for key, site in SITES.items()}
globals().update({cls.__name__: cls for cls in SPIDERS.values()})
