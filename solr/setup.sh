#!/usr/bin/env bash
# Lay out the local Solr 9.10.1: `solr/setup.sh STATE_DIR` (idempotent; a
# re-run with nothing changed takes about a second).
#
#  1. resolves Solr from Maven Central (solr/pom.xml) into STATE_DIR/solr/lib;
#     skipped while the pom is unchanged (hash in STATE_DIR/solr/lib.stamp),
#  2. compiles govopen.SolrLauncher (+ log4j2.xml) into STATE_DIR/solr/classes
#     when its sources change,
#  3. makes the Solr home STATE_DIR/solr/home: solr.xml, core `ckan` (our
#     Chinese-aware configset, solr/configset/ckan) and core `ckan_stock`
#     (CKAN's unmodified schema, for comparisons); conf/ is refreshed from
#     solr/configset/ (+ config/search/*.txt for `ckan`) on every run, the
#     index stays in STATE_DIR/solr/data,
#  4. writes STATE_DIR/solr/classpath.txt, the java -cp string.
#
# Then start Solr (foreground; stops cleanly on SIGTERM) with:
#   java -Xmx1g -cp "$(cat STATE_DIR/solr/classpath.txt)" govopen.SolrLauncher --home STATE_DIR/solr/home --host 127.0.0.1 --port 8983
# and check it with:
#   curl http://127.0.0.1:8983/solr/ckan/admin/ping
# A Solr already running on this home reloads each core whose conf/ changed
# (config/search/ edits apply at once); index-side schema changes also need a
# CKAN reindex (ckan search-index rebuild).
#
# Needs: java 17+ (javac), mvn. Only Maven Central is contacted, and only
# when solr/pom.xml changed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE="${1:?usage: solr/setup.sh STATE_DIR}"
mkdir -p "$STATE"
SOLR="$(cd "$STATE" && pwd)/solr"
mkdir -p "$SOLR"

die() { trap - EXIT; echo "solr/setup.sh: ERROR: $*" >&2; exit 1; }
trap 'rc=$?; [ $rc -eq 0 ] || echo "solr/setup.sh: ERROR: failed (exit $rc) at line $LINENO: $BASH_COMMAND" >&2' EXIT

hash_of() { cat "$@" | sha256sum | cut -c1-16; }

# 1. Solr and its dependencies, from Maven Central.
lib_stamp="$(hash_of "$HERE/pom.xml")"
if [ "$(cat "$SOLR/lib.stamp" 2>/dev/null)" != "$lib_stamp" ] || ! ls "$SOLR"/lib/solr-core-*.jar >/dev/null 2>&1; then
    command -v mvn >/dev/null || die "mvn not found (Debian package: maven)"
    rm -rf "$SOLR/lib.new"
    log="$SOLR/maven.log"
    if ! mvn -q -B -f "$HERE/pom.xml" dependency:copy-dependencies \
            -DincludeScope=runtime -DoutputDirectory="$SOLR/lib.new" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        die "Maven could not resolve Solr from solr/pom.xml (full log: $log)"
    fi
    ls "$SOLR"/lib.new/solr-core-*.jar >/dev/null 2>&1 || die "Maven ran but no solr-core jar is in $SOLR/lib.new"
    rm -rf "$SOLR/lib" && mv "$SOLR/lib.new" "$SOLR/lib"
    rm -f "$log"
    echo "$lib_stamp" > "$SOLR/lib.stamp"
fi

# 2. The launcher.
src="$HERE/src/main/java/govopen/SolrLauncher.java"
res="$HERE/src/main/resources/log4j2.xml"
cls_stamp="$(hash_of "$src" "$res" "$SOLR/lib.stamp")"
if [ "$(cat "$SOLR/classes.stamp" 2>/dev/null)" != "$cls_stamp" ] || [ ! -f "$SOLR/classes/govopen/SolrLauncher.class" ]; then
    command -v javac >/dev/null || die "javac not found (Debian package: openjdk-17-jdk-headless)"
    rm -rf "$SOLR/classes" && mkdir -p "$SOLR/classes"
    javac -nowarn -encoding UTF-8 --release 17 -cp "$SOLR/lib/*" -d "$SOLR/classes" "$src" \
        || die "javac failed on $src"
    cp "$res" "$SOLR/classes/"
    echo "$cls_stamp" > "$SOLR/classes.stamp"
fi
echo "$SOLR/classes:$SOLR/lib/*" > "$SOLR/classpath.txt.new" && mv "$SOLR/classpath.txt.new" "$SOLR/classpath.txt"
rm -f "$SOLR/build.stamp"   # from an older layout of this script

# 3. The Solr home: standalone (no <solrcloud>/zkHost is ever set).
mkdir -p "$SOLR/home" "$SOLR/data"
cat > "$SOLR/home/solr.xml.new" <<'XML'
<?xml version="1.0" encoding="UTF-8" ?>
<!-- Written by solr/setup.sh; edits are overwritten. Standalone Solr. -->
<solr>
  <str name="sharedLib">${solr.sharedLib:}</str>
  <int name="maxBooleanClauses">${solr.max.booleanClauses:1024}</int>
  <str name="allowPaths">${solr.allowPaths:}</str>
</solr>
XML
mv "$SOLR/home/solr.xml.new" "$SOLR/home/solr.xml"
# A running Solr of THIS home (its core's instanceDir is ours) reloads a core
# whose conf/ changed, so `make up` applies edits of config/search/ at once.
reload_if_changed() {
    local core="$1" dest="$2" sum url
    sum="$(cd "$dest/conf" && cat $(ls | sort) | sha256sum | cut -c1-16)"
    [ "$(cat "$dest/conf.stamp" 2>/dev/null)" = "$sum" ] && return 0
    url="http://${GOVOPEN_SOLR_HOST:-127.0.0.1}:${GOVOPEN_SOLR_PORT:-8983}/solr/admin/cores"
    if curl -fsS "$url?action=STATUS&core=$core&wt=json" 2>/dev/null | grep -q "\"instanceDir\":\"$dest/\?\""; then
        curl -fsS "$url?action=RELOAD&core=$core&wt=json" >/dev/null \
            || die "Solr could not reload core $core with the new conf/ (see the Solr log; check config/search/*.txt)"
        echo "reloaded Solr core $core"
    fi
    echo "$sum" > "$dest/conf.stamp"
}
for core in ckan ckan_stock; do
    conf="$HERE/configset/${core/_/-}/conf"
    dest="$SOLR/home/$core"
    [ -f "$conf/schema.xml" ] && [ -f "$conf/solrconfig.xml" ] || die "missing $conf/schema.xml or solrconfig.xml"
    mkdir -p "$dest"
    # conf/ belongs to the repo: replace it whole so schema edits always apply.
    rm -rf "$dest/conf.new" && cp -r "$conf" "$dest/conf.new"
    if [ "$core" = ckan ]; then   # search vocabulary: config/search/README.md
        # every list of config/search/ (those the schema names and those only
        # search_text.py reads: harmless in conf/)
        cp "$HERE"/../config/search/*.txt "$dest/conf.new/" || die "could not copy config/search/*.txt"
    fi
    rm -rf "$dest/conf" && mv "$dest/conf.new" "$dest/conf"
    reload_if_changed "$core" "$dest"
    printf 'name=%s\nconfig=solrconfig.xml\nschema=schema.xml\ndataDir=%s\n' \
        "$core" "$SOLR/data/$core" > "$dest/core.properties"
done
