#!/usr/bin/env bash
# Benchmark of the plugin against plain Flyway on generated migration sets (see bench/RESULTS.md).
# Usage: bench/run.sh [N ...]   (default: 50 200 1000)
# Environment: BENCH_SECTIONS (which sections, default "engine roundtrips mvn goals"), BENCH_RUNS (runs per
# cell, default 3), BENCH_HEAP (max heap of the in-JVM sections, default 256m).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD/target/it-repo"   # the mvn section's Maven repository: the invoker's, seeded from ~/.m2

classpath() {
  mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
}

run_java() {
  java -Xmx"${BENCH_HEAP:-256m}" -Dbench.runs="${BENCH_RUNS:-3}" \
    -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" "$@"
}

# In one JVM: plain Flyway's migrate against upgrade, adoption, stamp and verify; times and peak heap.
section_engine() {
  run_java io.schemaguard.bench.SchemaBenchmark "$@"
}

# Round trips per goal: the driver's flushes on every connection the goal opens (load-independent).
section_roundtrips() {
  run_java io.schemaguard.bench.RoundTripCount "$@"
}

# Both Maven sections: the plugin installed in $REPO (once per run of this script), and Flyway's Maven plugin
# (same Flyway version) there; $REPO seeded from ~/.m2 when empty, Flyway's plugin fetched from the registry if missing.
PLUGIN_INSTALLED=""
install_plugins() {
  if [ -n "$PLUGIN_INSTALLED" ]; then
    return
  fi
  if [ ! -d "$REPO/org/apache" ]; then
    mkdir -p "$REPO" && cp -a ~/.m2/repository/. "$REPO/" && rm -rf "$REPO/io/schemaguard"
  fi
  if [ ! -d "$REPO/org/flywaydb/flyway-maven-plugin/13.12.0" ]; then
    if [ -d ~/.m2/repository/org/flywaydb/flyway-maven-plugin/13.12.0 ]; then
      mkdir -p "$REPO/org/flywaydb" && cp -a ~/.m2/repository/org/flywaydb/flyway-maven-plugin "$REPO/org/flywaydb/"
    else
      mvn -B -q dependency:get -Dartifact=org.flywaydb:flyway-maven-plugin:13.12.0 -Dmaven.repo.local="$REPO"
    fi
  fi
  mvn -B -q install -DskipTests -Dinvoker.skip=true -Dmaven.repo.local="$REPO"
  PLUGIN_INSTALLED=yes
}

plugin_version() {
  sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1
}

# mvn schema:upgrade against mvn flyway:migrate, as a user runs them, interleaved (default N: 50 200 1000).
section_mvn() {
  install_plugins
  run_java io.schemaguard.bench.MavenGoalTimings "$REPO" "$(plugin_version)" "$@"
}

# mvn schema:verify and mvn schema:stamp latest against mvn flyway:migrate of the same set, one mvn process each,
# as a user runs them, interleaved (default N: 50 200).
section_goals() {
  install_plugins
  run_java -Dbench.repository="$REPO" -Dbench.pluginVersion="$(plugin_version)" io.schemaguard.bench.MavenGoalBenchmark "$@"
}

classpath
for section in ${BENCH_SECTIONS:-engine roundtrips mvn goals}; do
  echo
  echo "## $section"
  "section_$section" "$@"
done
