# bulletin-press — `make` builds the sample bulletin, `make test` runs the tests.
# The first run sets everything up: system libraries (installed when run as root
# on Debian/Ubuntu, else named), a .venv, and the package with its dependencies.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-ok
MANUSCRIPTS ?= manuscripts
OUT ?= dist

# shared library → Debian package
SYSTEM_LIBS := libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0 \
               libharfbuzz-subset.so.0:libharfbuzz-subset0 libfontconfig.so.1:libfontconfig1
# for the tests: EPUBCheck runs on Java; a system font with Cyrillic shows that the
# font check catches WeasyPrint's silent fallback; the preview's test drives Chromium;
# DAISY Ace comes from npm and runs in Debian's Chromium (not in an Electron of its own)
TEST_COMMANDS := java:default-jre-headless chromium:chromium chromedriver:chromium-driver npm:npm
ACE_VERSION := 1.4.6
ACE := $(VENV)/ace/node_modules/.bin/ace-puppeteer
# axe-core for the web edition's accessibility test, injected into Debian's Chromium
AXE_VERSION := 4.14.1
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js
# the Nu Html Checker (vnu.jar, run on Java) for the site's pages and stylesheet
VNU_VERSION := 26.9.27
VNU := $(VENV)/vnu/node_modules/vnu-jar/build/dist/vnu.jar
SITE ?= site
TEST_FILES := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core
# for the benchmarks: Typst gets the original Noto CJK collections
BENCH_FILES := /usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc:fonts-noto-cjk

.PHONY: all pdf press archive epub html site volume check preview test bench doctor clean setup system test-system wheel

all: $(STAMP)
	$(BIN)/bulletin-press build $(MANUSCRIPTS) --format pdf --format epub --out $(OUT)

pdf: $(STAMP)
	$(BIN)/bulletin-press build $(MANUSCRIPTS) --format pdf --out $(OUT)

# the print shop's PDF/X-4 (3 mm bleed, crop marks) and the archive's PDF/A-2u
press: $(STAMP)
	$(BIN)/bulletin-press build $(MANUSCRIPTS) --format pdf --profile press --out $(OUT)

archive: $(STAMP)
	$(BIN)/bulletin-press build $(MANUSCRIPTS) --format pdf --profile archive --out $(OUT)

epub: $(STAMP)
	$(BIN)/bulletin-press build $(MANUSCRIPTS) --format epub --out $(OUT)

html: $(STAMP)
	$(BIN)/bulletin-press build $(MANUSCRIPTS) --format html --out $(OUT)

# the site of the archive: web editions, downloads, index, OPDS and Atom feeds, checksums
site: $(STAMP)
	$(BIN)/bulletin-press site $(MANUSCRIPTS) --out $(SITE)

# a year's issues as one book (PDF and EPUB): make volume YEAR=2023
volume: $(STAMP)
	$(BIN)/bulletin-press volume $(MANUSCRIPTS) --year $(YEAR) --out $(OUT)

check: $(STAMP)
	$(BIN)/bulletin-press check $(MANUSCRIPTS)

# PREVIEW_ARGS: an issue folder, --port N, --edition CODE, --open
preview: $(STAMP)
	$(BIN)/bulletin-press preview $(PREVIEW_ARGS)

doctor: $(STAMP)
	$(BIN)/bulletin-press doctor

# the package, layouts and fonts included, to pip install elsewhere; build/ is cleared first,
# since setuptools would carry files left there into the wheel
wheel: $(STAMP)
	rm -rf build
	$(BIN)/python -m pip wheel --no-deps --quiet --wheel-dir $(OUT) .

test: $(STAMP) test-system $(ACE) $(AXE) $(VNU)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

$(AXE): | test-system
	npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@$(AXE_VERSION)

$(VNU): | test-system
	npm install --silent --no-audit --no-fund --prefix $(VENV)/vnu vnu-jar@$(VNU_VERSION)

# DAISY Ace for the e-book's accessibility test; neither Electron nor a Chromium is downloaded
$(ACE): | test-system
	ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit \
	  --no-fund --prefix $(VENV)/ace @daisy/ace@$(ACE_VERSION)

setup: $(STAMP)

$(STAMP): pyproject.toml $(SYSTEM_STAMP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# System libraries WeasyPrint loads at run time. Without HarfBuzz's subsetter
# WeasyPrint falls back to fontTools and subsets CJK fonts about 60 times slower.
$(SYSTEM_STAMP):
	@$(call require,$(SYSTEM_LIBS),lib)
	@mkdir -p $(VENV) && touch $@

test-system:
	@$(call require,$(TEST_COMMANDS),cmd)
	@$(call require,$(TEST_FILES),file)

# $(call require,NAME:PACKAGE …,lib|cmd|file): install what is missing when root on
# Debian/Ubuntu, else stop with the one command to run.
define require
missing=""; \
for pair in $(1); do \
  name=$${pair%%:*}; package=$${pair#*:}; \
  case "$(2)" in \
    lib) /sbin/ldconfig -p 2>/dev/null | grep -q "$$name" || missing="$$missing $$package" ;; \
    cmd) command -v "$$name" >/dev/null 2>&1 || missing="$$missing $$package" ;; \
    file) [ -e "$$name" ] || missing="$$missing $$package" ;; \
  esac; \
done; \
if [ -n "$$missing" ]; then \
  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
    echo "installing:$$missing"; \
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
  else \
    echo "bulletin-press needs these system packages:$$missing"; \
    echo "run: sudo apt-get install$$missing"; \
    exit 1; \
  fi; \
fi
endef

bench: $(STAMP)
	@$(call require,$(BENCH_FILES),file)
	@$(call require,$(TEST_COMMANDS),cmd)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(OUT) $(SITE) .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
