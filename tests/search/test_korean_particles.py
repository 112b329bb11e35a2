"""Korean writes its particles and the copula on the word they follow (*한강은*,
*한강이다*, *서울에서*): one token each, with simplemma and spaCy alike, whose lemma is
the token's own, so `search 한강` found the bare noun and left the rest out, unsaid
(pass 38d). The result now says how many such tokens hold the word, and the pattern that
lists them."""

from __future__ import annotations

from pathlib import Path

import pytest

import sensegrep

KOREAN = (
    "서울의 한강 공원에는 사람이 많았다. 책의 저자는 한강이다. 한강은 상을 받았다. "
    "서울시는 정책을 발표했다. 회의는 서울에서 열렸다. 교수는 설명했다. 교수의 설명은 "
    "명확했다. 이번 정책의 예산은 크다. 그는 일을 한다.\n"
)


@pytest.fixture(scope="module")
def korean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ko")
    (folder / "ko.txt").write_text(KOREAN, encoding="utf-8")
    built = sensegrep.build(folder / "idx", folder / "ko.txt", vectors_for="none", tagger="none")
    built.close()
    return folder / "idx"


def _said(notes: list[str]) -> list[str]:
    return [note for note in notes if "with a particle or ending written on it" in note]


def test_a_korean_search_by_lemma_says_the_tokens_with_a_particle_on_the_word(korean):
    with sensegrep.open(korean) as idx:
        hits = idx.search("한강")
        assert hits.total == 1  # 한강 공원: the bare noun
        (note,) = _said(hits.notes)
        assert note.startswith(
            "2 more tokens hold '한강' with a particle or ending written on it "
            "(한강은: 1, 한강이다: 1)"
        ), note
        pattern = '[word="한강은|한강이다"%c & lemma!="한강"%c]'
        assert pattern in note
        assert idx.search("", cql=pattern).total == 2
        assert _said(idx.count("한강", "form").notes) == [note]


def test_a_search_that_finds_only_such_tokens_says_them_in_its_error(korean):
    with sensegrep.open(korean) as idx:
        with pytest.raises(sensegrep.SensegrepError) as raised:
            idx.search("서울")
        assert "2 more tokens hold '서울' with a particle or ending written on it" in str(
            raised.value
        ), raised.value
        # (서울시는 is another word, 서울시 with 는 on it: not one of them)
        assert "(서울에서: 1, 서울의: 1)" in str(raised.value)
        with pytest.raises(sensegrep.SensegrepError) as raised:
            idx.search("교수")
        assert "2 more tokens hold '교수'" in str(raised.value)


def test_a_word_held_with_no_particle_and_other_scripts_are_quiet(korean):
    with sensegrep.open(korean) as idx:
        assert not _said(idx.search("공원에는").notes)  # (searched as written: no stem)
        assert not _said(idx.search("이번").notes)
        # a verb's ending is no particle (한다 is no 한 with 다), nor a one-syllable word's
        with pytest.raises(sensegrep.SensegrepError) as raised:
            idx.search("한")
        assert "particle" not in str(raised.value), raised.value


def test_a_noun_ending_in_a_particles_syllable_is_no_word_with_a_particle(tmp_path: Path):
    """음악가 (musician) ends in 가 and 경기도 (a province) in 도, as 음악 and 경기 do with
    a particle on them: `search 음악` counted 음악가 among 음악's tokens with a particle
    (pass 38g). A word the index writes with a particle of its own (음악가는, 경기도에서)
    is a noun of its own; stacked particles (한강에서는, 한강만이) and the plural are not."""
    text = (
        "음악가 김씨는 음악을 좋아한다. 음악가는 피아노를 쳤다. 경기도 수원시에 산다. "
        "경기도에서 왔다. 경기가 끝났다. 한강만이 남았다. 한강으로도 갔다. 한강만의 "
        "풍경이다. 한강만으로 족하다. 학생들이 왔다. 학생들은 갔다.\n"
    )
    (tmp_path / "ko.txt").write_text(text, encoding="utf-8")
    idx = tmp_path / "idx"
    sensegrep.build(idx, tmp_path / "ko.txt", vectors_for="none", tagger="none").close()
    with sensegrep.open(idx) as index:
        said = {}
        for word in ("음악", "경기", "한강", "학생"):
            with pytest.raises(sensegrep.SensegrepError) as raised:
                index.search(word)
            said[word] = [n for n in str(raised.value).split("; ") if "with a particle" in n]
    assert said["음악"][0].startswith("1 more token holds '음악' with a particle or ending "
                                     "written on it (음악을: 1)"), said  # fmt: skip
    assert said["경기"][0].startswith("1 more token holds '경기' with a particle or ending "
                                     "written on it (경기가: 1)"), said  # fmt: skip
    assert said["한강"][0].startswith("4 more tokens hold '한강'"), said
    assert said["학생"][0].startswith("2 more tokens hold '학생'"), said


def test_a_particle_of_four_syllables_is_read_as_one(tmp_path: Path) -> None:
    """에서부터 (from … on), a particle of the list four syllables long, was never tried
    as a word's ending (endings of three syllables at most were), so `search 학교` said
    no occurrences and nothing of 학교에서부터 (pass 38j)."""
    (tmp_path / "ko.txt").write_text("학교에서부터 집까지 걸었다. 학교에서 공부했다.\n", "utf-8")
    idx = tmp_path / "idx"
    sensegrep.build(idx, tmp_path / "ko.txt", vectors_for="none", tagger="none").close()
    with sensegrep.open(idx) as index, pytest.raises(sensegrep.SensegrepError) as raised:
        index.search("학교")
    (note,) = [n for n in str(raised.value).split("; ") if "with a particle" in n]
    assert note.startswith("2 more tokens hold '학교' with a particle or ending written on it")
    assert "학교에서: 1" in note and "학교에서부터: 1" in note


def test_three_particles_written_one_on_another_are_read_as_the_words_ending(
    tmp_path: Path,
) -> None:
    """한강만으로도 (한강 with 만, 으로 and 도 on it) ended in no particle of the list nor in
    a pair of them, so `search 한강` left it out of its note, unsaid (stop 49's left
    misleads); an ending of up to three particles one on another is read as one now. A
    noun that takes particles of its own (음악가는) is still no 음악 with one."""
    text = (
        "한강만으로도 충분하다. 한강에서만도 놀았다. 한강은 넓다. 음악가는 왔다. 음악가에서만도.\n"
    )
    (tmp_path / "ko.txt").write_text(text, encoding="utf-8")
    idx = tmp_path / "idx"
    sensegrep.build(idx, tmp_path / "ko.txt", vectors_for="none", tagger="none").close()
    with sensegrep.open(idx) as index:
        notes = {}
        for word in ("한강", "음악"):
            with pytest.raises(sensegrep.SensegrepError) as raised:
                index.search(word)
            notes[word] = [n for n in str(raised.value).split("; ") if "with a particle" in n]
    (note,) = notes["한강"]
    assert note.startswith(
        "3 more tokens hold '한강' with a particle or ending written on it "
        "(한강만으로도: 1, 한강에서만도: 1, 한강은: 1)"
    ), note
    assert notes["음악"] == []


def test_a_noun_ending_in_a_case_particles_syllable_is_no_stack_of_particles(
    tmp_path: Path,
) -> None:
    """산책로 (a trail) is 산책 (a walk) and 로 to the eye, and 로는, 로를, 로에서 read as
    particles one on another: `search 산책` counted 6 tokens with a particle on 산책
    where 2 are (산책을, 산책은). A case particle (로, 과, 에서 …) takes 은, 는, 도, 만, 의
    … after it, never 을, 를, 이, 가 nor another case's, so 산책로를 is 산책로 with 를,
    and a word the index writes so is a noun of its own with any particle on it
    (산책로는, 수학과는); 한강으로부터의, 한강에서만도, 친구에게로 and 친구에서와 are still
    the word's with particles."""
    text = (
        "산책을 했다. 산책은 좋다. 산책로는 길다. 산책로를 걸었다. 산책로에서 만났다. "
        "산책로가 좁다. 수학을 배웠다. 수학과에서 공부했다. 수학과의 교수. 수학과는 크다. "
        "한강으로부터의 바람. 한강에서만도 놀았다. 한강은 넓다. "
        "친구에게로 갔다. 친구에게나 말했다. 친구와는 달랐다. 친구에서와 같이.\n"
    )
    (tmp_path / "ko.txt").write_text(text, encoding="utf-8")
    idx = tmp_path / "idx"
    sensegrep.build(idx, tmp_path / "ko.txt", vectors_for="none", tagger="none").close()
    said = {}
    with sensegrep.open(idx) as index:
        for word in ("산책", "수학", "한강", "친구"):
            with pytest.raises(sensegrep.SensegrepError) as raised:
                index.search(word)
            (said[word],) = [n for n in str(raised.value).split("; ") if "with a particle" in n]
    written = "with a particle or ending written on it"
    assert said["산책"].startswith(f"2 more tokens hold '산책' {written} (산책은: 1, 산책을: 1)")
    assert said["수학"].startswith(f"1 more token holds '수학' {written} (수학을: 1)")
    assert said["한강"].startswith(
        f"3 more tokens hold '한강' {written} (한강에서만도: 1, 한강으로부터의: 1, 한강은: 1)"
    ), said["한강"]
    assert said["친구"].startswith(
        f"4 more tokens hold '친구' {written} (친구에게나: 1, 친구에게로: 1,"
    )


def test_the_honorific_subject_case_takes_a_particle_after_it(tmp_path: Path) -> None:
    """께서, the subject's honorific case, takes 는, 도 or 만 after it (선생님께서는, the
    commonest way to say "the teacher" as a topic), which no stack read, so `search 선생님`
    said 3 tokens with a particle where 6 are: 선생님께서는 and 선생님께서도 left out,
    and 선생님께서 read as a noun of its own that the index writes with 는 and 도 (pass
    39j)."""
    text = (
        "선생님께서는 학교에 가셨다. 선생님께서 말씀하셨다. 선생님은 친절하다. "
        "선생님께서도 오셨다. 선생님께 드렸다. 선생님이 왔다.\n"
    )
    (tmp_path / "ko.txt").write_text(text, encoding="utf-8")
    idx = tmp_path / "idx"
    sensegrep.build(idx, tmp_path / "ko.txt", vectors_for="none", tagger="none").close()
    with sensegrep.open(idx) as index, pytest.raises(sensegrep.SensegrepError) as raised:
        index.search("선생님")
    (note,) = [n for n in str(raised.value).split("; ") if "with a particle" in n]
    assert note.startswith("6 more tokens hold '선생님' with a particle or ending"), note
    assert '[word="선생님께|선생님께서|선생님께서는|선생님께서도|선생님은|선생님이"%c' in note
