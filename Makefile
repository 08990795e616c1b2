# One command per habit. Each one sets up .venv itself (see build/dev.py).
PYTHON ?= python3

.PHONY: run test bench lint
run:
	$(PYTHON) build/dev.py run
test:
	$(PYTHON) build/dev.py test
bench:
	$(PYTHON) build/dev.py bench
lint:
	$(PYTHON) build/dev.py lint
