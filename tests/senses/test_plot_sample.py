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
