"""Machine-readable descriptions of a post: schema.org JSON-LD and Open Graph tags."""

from __future__ import annotations

from typing import Any

from intheopen.content.model import Post
from intheopen.site.urls import absolute
from intheopen.site.views import Site, author_path

_LOCALES = {"en": "en_GB", "cy": "cy_GB"}


def json_ld(post: Post, site: Site) -> dict[str, Any]:
    """A schema.org BlogPosting, with the council as publisher."""
    page = absolute(site.url, site.urls.page(post.url))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "description": post.summary,
        "datePublished": post.date.isoformat(),
        "dateModified": (post.updated or post.date).isoformat(),
        "inLanguage": post.lang,
        "url": page,
        "mainEntityOfPage": page,
        "author": [_person(a, site) for a in post.authors],
        "publisher": {"@type": "GovernmentOrganization", "name": site.council, "url": site.url},
    }
    if post.tags:
        data["keywords"] = list(post.tags)
    return data


def _person(author_id: str, site: Site) -> dict[str, Any]:
    known = site.authors.get(author_id)
    person: dict[str, Any] = {"@type": "Person", "name": known.name if known else author_id}
    if known:
        person["jobTitle"] = known.role
    person["url"] = absolute(site.url, site.urls.page(author_path(author_id)))
    return person


def open_graph(post: Post, site: Site) -> list[dict[str, str]]:
    """Open Graph `article` properties, in order, as {property, content} pairs."""
    pairs = [
        ("og:type", "article"),
        ("og:title", post.title),
        ("og:description", post.summary),
        ("og:url", absolute(site.url, site.urls.page(post.url))),
        ("og:site_name", site.name),
        ("og:locale", _LOCALES.get(post.lang, post.lang)),
        ("article:published_time", post.date.isoformat()),
        ("article:modified_time", (post.updated or post.date).isoformat()),
        *(
            ("article:author", absolute(site.url, site.urls.page(author_path(a))))
            for a in post.authors
        ),
        *(("article:tag", tag) for tag in post.tags),
    ]
    return [{"property": p, "content": c} for p, c in pairs]
