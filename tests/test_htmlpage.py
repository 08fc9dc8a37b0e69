from __future__ import annotations

from intheopen.site.finishing import mend_theme_markup, private_embeds, set_lang


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


def test_set_lang() -> None:
    assert set_lang('<html lang="en" class="no-js"><p lang="en">', "cy") == (
        '<html lang="cy" class="no-js"><p lang="en">'
    )
