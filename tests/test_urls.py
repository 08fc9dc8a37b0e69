"""A page's canonical URL made without urljoin is the one urljoin makes (speed/urls.py)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from intheopen.speed.urls import joined

_CHARS = "aZ09-._~/:?#;%@ .AB"
_bases = st.one_of(
    st.sampled_from(
        [
            "https://blog.example-council.gov.uk/",
            "http://127.0.0.1:8000/",
            "https://example.org/digital/blog/",
            "HTTPS://example.org/",
            "https://example.org/a/../b/",
            "https://example.org//b/",
            "https://example.org/?q=1/",
            "https://example.org/a;p/",
            "ftp://example.org/",
        ]
    ),
    st.builds(
        lambda host, path: f"https://{host}/{path}",
        st.sampled_from(["example.org", "Example.ORG", "user@x.test:81"]),
        st.text(_CHARS, max_size=12).map(lambda text: text if text.endswith("/") else text + "/"),
    ),
)
_urls = st.one_of(
    st.text(_CHARS, max_size=30),
    st.lists(st.sampled_from(["posts", "2024", "a.b", ".", "..", "", "~x", "-y", ".hidden"]))
    .map("/".join)
    .flatmap(lambda url: st.sampled_from([url, url + "/"])),
)


@settings(max_examples=2000, deadline=None)
@given(_bases, _urls)
def test_joined_is_urljoin_or_nothing(base: str, url: str) -> None:
    made = joined(base, url)
    if made is not None:
        canonical = urljoin(base, url)
        assert made == (canonical, urlsplit(canonical).path)


def test_plain_urls_take_the_quick_way() -> None:
    base = "https://blog.example-council.gov.uk/"
    for url in ["", "posts/2024/05/bins/", "tags/page/2/", "404.html", "feed.xml", "a~b/c_d/"]:
        assert joined(base, url) == (base + url, "/" + url)
    assert joined("https://example.org/digital/", "x/") == (
        "https://example.org/digital/x/",
        "/digital/x/",
    )
    for url in ["/x/", "../x/", "./x", "a//b/", "a:b/", "x?y", "x#y", "%7Ex/", ".well-known/"]:
        assert joined(base, url) is None
    for odd in ["HTTPS://example.org/", "https://example.org/a/../", "https://example.org/?q/"]:
        assert joined(odd, "x/") is None
