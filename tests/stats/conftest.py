"""Small corpora whose statistics are computed by hand in the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..helpers import text_only_index
from ..senses.seeded import seeded_index

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
    return text_only_index(tmp_path_factory.mktemp("tiny"), TINY)


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """tests/senses/seeded.py's "bank": 24 river uses (fiction), 18 money uses (news), 12
    blood uses (science), one document of 5 tokens each; a test may store sense runs."""
    seeded_index(tmp_path / "idx")
    return tmp_path / "idx"
