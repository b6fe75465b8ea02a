#!/usr/bin/env bash
# JMH: microseconds to render one personal Tidings message (shared part pre-rendered), and to
# render + compose + encode it. Compiles against ../../target/tidings.jar (built here when
# missing). Extra arguments go to JMH, e.g. `bench/jmh/run.sh -f 2 -i 10` or `... render$`.
# Writes JMH's JSON to bench/jmh/target/jmh-result.json (or $JMH_RESULT) and prints the summary.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
result="${JMH_RESULT:-$here/target/jmh-result.json}"

mkdir -p "$here/target"
maven() {  # quiet unless it fails (Maven prints colour codes even with -q -B)
  if ! mvn -q -B "$@" >"$here/target/maven.log" 2>&1; then
    cat "$here/target/maven.log" >&2
    return 1
  fi
}

if [[ ! -f "$root/target/tidings.jar" ]]; then
  echo "jmh: building target/tidings.jar" >&2
  (cd "$root" && maven -DskipTests -Dspotless.check.skip=true package)
fi

cd "$here"
maven package
maven dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
mkdir -p "$(dirname "$result")"

java -cp "target/classes:$(cat target/classpath.txt)" org.openjdk.jmh.Main \
  -p templates="$root/templates" -p articles="$root/bench/articles" \
  -rf json -rff "$result" "$@" RenderBenchmark >target/jmh-output.txt 2>&1 || {
  tail -40 target/jmh-output.txt >&2
  exit 1
}
# The summary table JMH prints last.
sed -n '/^Benchmark /,$p' target/jmh-output.txt
