#!/usr/bin/env bash
# W3 — callback ingestion benchmark (see docs/benchmarks.md). Run from the repository root:
#   siyu-bench/run-w3.sh                      # H2 and PostgreSQL (127.0.0.1:5432, user postgres, trust auth)
#   siyu-bench/run-w3.sh --db=h2 --callbacks=5000
# Builds the reactor to `compile` (siyu-app's jar is Boot-repackaged, so it is used as target/classes),
# then runs io.siyu.bench.CallbackIntakeBench in its own JVM. Never part of the test run.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl siyu-bench -am -DskipTests -Dmaven.main.skip=false compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.11.0:build-classpath -Dmdep.outputFile=target/classpath.txt
cd siyu-bench
exec java ${BENCH_JAVA_OPTS:--Xms2g -Xmx2g} \
  -cp "target/classes:$(cat target/classpath.txt)" io.siyu.bench.CallbackIntakeBench "$@"
