"""The search help states the -k a search uses when -k is left out (issue 23)."""

from click.testing import CliRunner

from sensegrep.choices import DEFAULT_ANY_WORD_K
from sensegrep.cli import cli


def test_search_k_help_states_its_defaults() -> None:
    out = CliRunner().invoke(cli, ["search", "--help"], terminal_width=200).output
    line = next(x for x in out.splitlines() if x.strip().startswith("-k "))
    assert "default: all the matches," in line
    assert f"with --any-word, the {DEFAULT_ANY_WORD_K} nearest" in line


def test_neighbours_n_help_says_the_own_lemma_is_not_counted() -> None:
    """-n read "occurrences … nearest to the usage that are counted", though those of the
    marked word's own lemma among them are not (-n 60 counted 35)."""
    out = CliRunner().invoke(cli, ["neighbours", "--help"], terminal_width=200).output
    line = " ".join(out.split("-n INTEGER RANGE", 1)[1].split("-k INTEGER")[0].split())
    assert "that are counted" not in line
    assert "own lemma among them are not counted unless --with-word" in line
