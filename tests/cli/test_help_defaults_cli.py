"""The search help states the -k a search uses when -k is left out (issue 23)."""

from click.testing import CliRunner

from sensegrep.cli import cli
from sensegrep.search.engine import DEFAULT_ANY_WORD_K


def test_search_k_help_states_its_defaults() -> None:
    out = CliRunner().invoke(cli, ["search", "--help"], terminal_width=200).output
    line = next(x for x in out.splitlines() if x.strip().startswith("-k "))
    assert "default: all the matches," in line
    assert f"with --any-word, the {DEFAULT_ANY_WORD_K} nearest" in line
