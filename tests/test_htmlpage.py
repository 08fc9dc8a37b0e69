from __future__ import annotations

from intheopen.site.finishing import mend_theme_markup, private_embeds, set_lang, skip_to_content


def test_video_embeds_use_the_privacy_enhanced_services() -> None:
    html = (
        '<iframe title="Demo" src="https://www.youtube.com/embed/abc123?start=5"></iframe>'
        '<iframe src="//youtube.com/embed/x"></iframe>'
        '<iframe title="Talk" src="https://player.vimeo.com/video/42?h=9"></iframe>'
        '<iframe src="https://player.vimeo.com/video/43"></iframe>'
    )

    assert private_embeds(html) == (
        '<iframe title="Demo" src="https://www.youtube-nocookie.com/embed/abc123?start=5"></iframe>'
        '<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>'
        '<iframe title="Talk" src="https://player.vimeo.com/video/42?dnt=1&amp;h=9"></iframe>'
        '<iframe src="https://player.vimeo.com/video/43?dnt=1"></iframe>'
    )


def test_material_markup_is_mended() -> None:
    html = (
        '<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
        '<label class="md-nav__title" for="__toc">Contents</label>'
    )

    assert mend_theme_markup(html) == (
        '<input class="md-toggle" type="checkbox" id="__drawer">'
        '<label class="md-nav__title">Contents</label>'
    )
    with_toc = html + '<input type="checkbox" id="__toc">'
    assert 'for="__toc"' in mend_theme_markup(with_toc)
    zensical = '<label class="md-header__button" for="__drawer" aria-hidden="true">Menu</label>'
    icon = '<span class="twemoji" aria-hidden="true">x</span>'  # not a label: stays
    assert mend_theme_markup(zensical + icon) == (
        '<label class="md-header__button" for="__drawer">Menu</label>' + icon
    )


def test_set_lang() -> None:
    assert set_lang('<html lang="en" class="no-js"><p lang="en">', "cy") == (
        '<html lang="cy" class="no-js"><p lang="en">'
    )


def page_with_skip(lang: str, link: str) -> str:
    return (
        f'<html lang="{lang}"><body><div data-md-component="skip">{link}</div>'
        '<main><article class="md-content__inner md-typeset"><h1>Title</h1></article></main>'
    )


def test_the_skip_link_lands_before_the_title_in_the_page_language() -> None:
    theirs = '<a href="#first" class="md-skip">\n  Salta all&#39;inizio\n</a>'

    italian = skip_to_content(page_with_skip("it", theirs))
    welsh = skip_to_content(page_with_skip("cy", ""))

    assert '<a href="#__skip" class="md-skip">Salta all&#39;inizio</a>' in italian
    assert '<a href="#__skip" class="md-skip">Neidio i&#39;r cynnwys</a>' in welsh
    assert (
        '<article class="md-content__inner md-typeset"><a id="__skip" tabindex="-1"></a><h1>'
        in welsh
    )
    assert skip_to_content(welsh) == welsh  # once only


def test_feed_links_go_at_the_end_of_the_head_each_value_escaped() -> None:
    from markupsafe import Markup

    from intheopen.site.finishing import HeadLink, add_head_links

    links = [
        HeadLink("alternate", "application/rss+xml", 'Bins & "recycling" <RSS>', "/f?a=1&b='2'"),
        HeadLink("alternate", "application/atom+xml", Markup("<b>kept</b>"), "/atom"),
    ]
    page = "<html><head><title>x</title></head><body></body></html>"

    assert add_head_links(page, links) == (
        "<html><head><title>x</title>"
        '<link rel="alternate" type="application/rss+xml" '
        'title="Bins &amp; &#34;recycling&#34; &lt;RSS&gt;" href="/f?a=1&amp;b=&#39;2&#39;">\n'
        '<link rel="alternate" type="application/atom+xml" title="<b>kept</b>" href="/atom">\n'
        "</head><body></body></html>"
    )
    assert add_head_links(page, []) == page
    assert add_head_links("<p>no head</p>", links) == "<p>no head</p>"
