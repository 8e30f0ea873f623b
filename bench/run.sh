#!/usr/bin/env bash
# Benchmark: plain Flyway against the plugin's upgrade, adoption, stamp and verify on generated
# migration sets (see bench/RESULTS.md). Usage: bench/run.sh [N ...]   (default: 50 200 1000)
# Environment: BENCH_RUNS (runs per cell, default 3), BENCH_HEAP (max heap, default 256m).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx"${BENCH_HEAP:-256m}" -Dbench.runs="${BENCH_RUNS:-3}" \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  io.schemaguard.bench.SchemaBenchmark "$@"
