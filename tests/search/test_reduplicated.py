"""Indonesian and Malay say a word twice, joined by a hyphen, for a plural or a repeated
action (*buku-buku*, *berlari-lari*, *sayur-mayur*), and write particles and pronouns
on a word's end (*Makanlah*, *Siapakah*): simplemma gives some such words their word's
lemma (*anak-anak*: anak, *bukunya*: buku) and keeps others as written (*buku-buku*,
*makanlah*), so `search buku` counted *Bukunya* and left *buku-buku* out, unsaid (pass
37g). The result now says how many such tokens hold the word, and the pattern that
lists them."""

from __future__ import annotations

from pathlib import Path

import sensegrep

INDONESIAN = (
    "Bukunya hilang di kereta. Para pelajar membaca buku-buku baru. Buku-buku itu mahal. "
    "Makanlah sebelum berangkat. Anak itu makan nasi. Anak-anak berlari-lari di taman. "
    "Ibu membeli sayur-mayur dan sayur di pasar. Masalah itu selesai. Kami dari "
    "Asia-Pasifik. Masa kecil indah. Asia luas.\n"
)


def _index(tmp_path: Path, text: str, lang: str) -> Path:
    (tmp_path / f"{lang}.txt").write_text(text, encoding="utf-8")
    folder = tmp_path / f"idx-{lang}"
    sensegrep.build(folder, tmp_path / f"{lang}.txt", vectors_for="none", lang=lang).close()
    return folder


def _said(notes: list[str]) -> list[str]:
    return [n for n in notes if "joined by a hyphen" in n or "written on it" in n]


def test_an_indonesian_search_by_lemma_says_what_reduplication_and_particles_hide(
    tmp_path: Path,
) -> None:
    with sensegrep.open(_index(tmp_path, INDONESIAN, "id")) as idx:
        hits = idx.search("buku")
        assert hits.total == 1  # Bukunya
        (note,) = _said(hits.notes)
        assert note.startswith(
            "2 more tokens hold 'buku' said twice, joined by a hyphen (buku-buku: 2)"
        ), note
        pattern = '[word="buku-buku"%c & lemma!="buku"%c]'
        assert pattern in note
        assert idx.search("", cql=pattern).total == 2
        assert _said(idx.count("buku", "form").notes) == [note]
        (said,) = _said(idx.search("makan").notes)  # makan: 1, Makanlah left out
        assert said.startswith(
            "1 more token holds 'makan' with a particle or pronoun (-lah, -kah, -nya …) "
            "written on it (Makanlah: 1)"
        ), said
        (said,) = _said(idx.search("sayur").notes)
        assert "(sayur-mayur: 1)" in said
        # a word with its reduplication as its lemma (anak-anak: anak), a word that only
        # ends like a particle (masalah: masa + lah), a compound of two words
        # (Asia-Pasifik): quiet
        quiet = (idx.search("anak"), idx.search("masa"), idx.search("asia"))
        for result in quiet:
            assert not _said(result.notes)
        assert idx.search("anak").total == 2


def test_a_search_that_finds_only_such_tokens_says_them_in_its_error(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path, INDONESIAN, "id")) as idx:
        try:
            idx.search("lari")
        except sensegrep.SensegrepError as error:
            assert "1 more token holds 'lari' said twice" in str(error), error
        else:
            raise AssertionError("search lari found berlari-lari by lemma")


def test_an_indonesian_frequency_list_says_the_rows_of_words_said_twice(tmp_path: Path) -> None:
    """freq by lemma gave *buku-buku* and *Makanlah* rows of their own beside *buku* and
    *makan*, unsaid (pass 37g); a note now counts those tokens, under the same filters."""
    with sensegrep.open(_index(tmp_path, INDONESIAN, "id")) as idx:
        table = idx.freq(by="lemma", k=100)
        rows = {row["item"]: row["freq"] for row in table}
        assert rows["buku"] == 1 and rows["buku-buku"] == 2  # Bukunya; buku-buku, Buku-buku
        (note,) = [n for n in table.notes if "said twice" in n]
        # buku-buku 2, berlari-lari 1, sayur-mayur 1, makanlah 1 (anak-anak is anak's)
        assert note.startswith("5 tokens are a word said twice"), note
        assert "(buku-buku: 2," in note
        assert not [n for n in idx.freq(by="form", k=100).notes if "said twice" in n]


def test_a_name_that_only_ends_like_a_particle_is_no_two_letter_word_with_it_on(
    tmp_path: Path,
) -> None:
    """*Kenya* ends as ke + -nya and *Allah* as al + -lah, and simplemma knows ke and al:
    `search ke` said 1 more token held 'ke' with a particle written on it (Kenya), and
    freq counted Kenya and Allah among the words said twice or with a particle (pass
    37k). The particles are written on words of three letters or more."""
    text = INDONESIAN + "Dia pergi ke Kenya. Kami berdoa kepada Allah. Ke mana al itu?\n"
    with sensegrep.open(_index(tmp_path, text, "id")) as idx:
        assert idx.search("ke").total == 2  # ke, Ke
        assert not _said(idx.search("ke").notes)
        assert not _said(idx.search("al").notes)
        (note,) = [n for n in idx.freq(by="lemma", k=100).notes if "said twice" in n]
        # as above: buku-buku 2, berlari-lari 1, sayur-mayur 1, makanlah 1
        assert note.startswith("5 tokens are a word said twice"), note
        assert "kenya" not in note.lower() and "allah" not in note.lower()


def test_a_two_letter_word_the_text_writes_a_particle_on_in_lower_case_is_said(
    tmp_path: Path,
) -> None:
    """Malay *ianya* is ia with -nya on it, written in lower case as no name is: `search
    ia` says it leaves it out, where *Kenya*, written with its capital alone, is no ke
    (pass 37k)."""
    text = "Ia pergi ke pasar. Kata mereka ianya sudah selesai. Dia tinggal di Kenya.\n"
    with sensegrep.open(_index(tmp_path, text, "ms")) as idx:
        (said,) = _said(idx.search("ia").notes)
        assert said.startswith("1 more token holds 'ia' with a particle or pronoun"), said
        assert "(ianya: 1)" in said
        assert not _said(idx.search("ke").notes)
