#!/usr/bin/env bash
# Benchmark: plain Flyway against the plugin's upgrade, adoption, stamp and verify on generated
# migration sets (see bench/RESULTS.md). Usage: bench/run.sh [N ...]   (default: 50 200 1000)
# Environment: BENCH_RUNS (runs per cell, default 3), BENCH_HEAP (max heap, default 256m).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

# Section "Maven goals": mvn schema:verify and mvn schema:stamp latest against mvn flyway:migrate of the same set, one mvn
# process each, as a user runs them. BENCH_MVN=1 bench/run.sh [N ...] (default 50 200). The plugin is installed into the
# local repository the ITs use (target/it-repo, seeded from ~/.m2); the warm-up round resolves flyway-maven-plugin there.
maven_goals_vs_flyway() {
  local repo="$PWD/target/it-repo" version
  version=$(mvn -B -q -Dstyle.color=never help:evaluate -Dexpression=project.version -DforceStdout | sed 's/\x1b\[[0-9;]*m//g')
  mvn -B -o -q install -DskipTests -Dinvoker.skip=true -Dmaven.repo.local="$repo"
  java -Xmx"${BENCH_HEAP:-256m}" -Dbench.runs="${BENCH_RUNS:-3}" -Dbench.repository="$repo" -Dbench.pluginVersion="$version" \
    -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.schemaguard.bench.MavenGoalBenchmark "$@"
}
if [ -n "${BENCH_MVN:-}" ]; then
  maven_goals_vs_flyway "$@"
  exit
fi
exec java -Xmx"${BENCH_HEAP:-256m}" -Dbench.runs="${BENCH_RUNS:-3}" \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  io.schemaguard.bench.SchemaBenchmark "$@"
