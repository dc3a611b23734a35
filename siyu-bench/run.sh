#!/usr/bin/env bash
# Runs one benchmark of siyu-bench in its own JVM. From the repository root:
#   siyu-bench/run.sh SyncBench --customers=100000 --db=h2
#   siyu-bench/run.sh CallbackIntakeBench --db=h2        (same as run-w3.sh)
# Builds the reactor to `compile` (siyu-app's jar is Boot-repackaged, so it is used as target/classes).
set -euo pipefail
cd "$(dirname "$0")/.."
bench="$1"; shift
./mvnw -q -B -pl siyu-bench -am -DskipTests -Dmaven.main.skip=false compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.11.0:build-classpath -Dmdep.outputFile=target/classpath.txt
cd siyu-bench
exec java ${BENCH_JAVA_OPTS:--Xms2g -Xmx2g} -cp "target/classes:$(cat target/classpath.txt)" "io.siyu.bench.$bench" "$@"
