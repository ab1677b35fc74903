"""Page objects: they read a response and return raw field values, nothing else."""

from newscrawl.pages.article import ArticlePage, Rejection
from newscrawl.pages.listing import ArticleLink, FeedPage, ListingPage

__all__ = ["ArticleLink", "ArticlePage", "FeedPage", "ListingPage", "Rejection"]
