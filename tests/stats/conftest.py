"""Small corpora whose statistics are computed by hand in the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import sensegrep

# Two documents, 11 tokens: d1 (news) "The bank rose ." "Banks fell"; d2 (fiction)
# "The river bank flooded ." The tests' figures are worked out from these by hand.
TINY = """\
# newdoc id = d1
# newdoc genre = news
1\tThe\tthe\tDET\t_\t_\t_\t_\t_\t_
2\tbank\tbank\tNOUN\t_\t_\t_\t_\t_\t_
3\trose\trise\tVERB\t_\t_\t_\t_\t_\t_
4\t.\t.\tPUNCT\t_\t_\t_\t_\t_\t_

1\tBanks\tbank\tNOUN\t_\t_\t_\t_\t_\t_
2\tfell\tfall\tVERB\t_\t_\t_\t_\t_\t_

# newdoc id = d2
# newdoc genre = fiction
1\tThe\tthe\tDET\t_\t_\t_\t_\t_\t_
2\triver\triver\tNOUN\t_\t_\t_\t_\t_\t_
3\tbank\tbank\tNOUN\t_\t_\t_\t_\t_\t_
4\tflooded\tflood\tVERB\t_\t_\t_\t_\t_\t_
5\t.\t.\tPUNCT\t_\t_\t_\t_\t_\t_
"""


@pytest.fixture(scope="session")
def tiny_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """TINY indexed text-only (no vectors). Read it only."""
    folder = tmp_path_factory.mktemp("tiny")
    (folder / "tiny.conllu").write_text(TINY, encoding="utf-8")
    sensegrep.build(folder / "idx", folder / "tiny.conllu", vectors_for="none").close()
    return folder / "idx"
