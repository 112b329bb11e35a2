"""The sense map says on the figure when it draws a sample of the occurrences."""

from __future__ import annotations


def test_the_map_says_on_the_figure_when_its_points_are_a_sample(built):
    """`plot --max-points 20` drew 25 of 87 occurrences under the title '87 occurrences'
    and nothing on the figure said the points were a sample (only stderr did)."""
    from sensegrep.senses import word_senses
    from sensegrep.senses.plot import plot_data

    senses = word_senses(built.storage, "bank")
    total = len(senses.ids)
    whole = plot_data(built.storage, senses, "sense", total)
    assert whole.points == total and "sample" not in whole.subtitle
    part = plot_data(built.storage, senses, "sense", 1)
    assert part.points < total
    assert f"a seeded sample drawn: {part.points:,} of the {total:,} occurrences" in (part.subtitle)


def test_the_map_draws_at_most_max_points_quoted_examples_included(built):
    """`plot --max-points 10` drew 12 of 29 occurrences: the quoted examples the seeded
    sample missed were added to it, past the most the option asks for."""
    from sensegrep.senses import word_senses
    from sensegrep.senses.plot import plot_data

    senses = word_senses(built.storage, "bank")
    total = len(senses.ids)
    quoted = len(plot_data(built.storage, senses, "sense", total).notes)
    for most in range(quoted, total):
        assert plot_data(built.storage, senses, "sense", most).points == most, most


def test_no_two_groups_of_the_map_share_a_colour():
    """The map cycled tab10: with 11 senses (or stored labels) sense 11 was drawn, and
    listed in the legend, in sense 1's colour."""
    from sensegrep.senses.plot import _palette

    for n in (1, 10, 11, 20, 21, 40):
        colours = [tuple(c) for c in _palette(n)]
        assert len(colours) == n and len(set(colours)) == n, n


def test_the_map_colours_each_sense_as_the_web_pages_do():
    """The PNG took matplotlib's tab10 (sense 3 green) where the pages take Tableau 10
    (sense 3 red): one sense, two colours. Past ten, the same golden-angle hues."""
    import colorsys
    import re

    import pytest
    from matplotlib.colors import to_hex

    from sensegrep.senses.plot import _palette
    from sensegrep.web.pages import sense_colour

    drawn = _palette(14)
    for i, colour in enumerate(drawn):
        shown = sense_colour(i)
        if shown.startswith("#"):
            assert to_hex(colour) == shown, i
            continue
        hue, saturation, lightness = map(int, re.findall(r"\d+", shown))
        expected = colorsys.hls_to_rgb(hue / 360, lightness / 100, saturation / 100)
        assert colour == pytest.approx(expected), i
