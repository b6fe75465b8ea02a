#!/usr/bin/env bash
# Runs the Tidings jar: scripts/tidings-java.sh JAR [ARGS...], with TIDINGS_JAVA_OPTS.
#
# Start-up: the JVM maps the classes Tidings uses from a class-data sharing archive
# (target/tidings-<jdk>.jsa, beside the jar) instead of loading and verifying them from the jar
# each time. The first command after a build writes the archive first, from a training run
# (dev.tidings.app.StartupTraining: the commands of a manual send against a throw-away H2
# database and the built-in mail catcher, about 5 to 10 seconds, once). TIDINGS_CDS=0 turns this
# off. Used by ./tidings and by bench/run.sh.
set -euo pipefail
jar="$1"
shift
# JVM warnings go to stderr, never into a command's output on stdout (`--json`, `export`).
opts=(-Xlog:all=warning:stderr)
if [[ "${TIDINGS_CDS:-1}" != 0 ]]; then
  java_bin="$(readlink -f "$(command -v java)")"
  archive="${jar%.jar}-$(printf '%s' "$java_bin" | cksum | cut -d' ' -f1).jsa"
  if [[ ! -f "$archive" || "$jar" -nt "$archive" ]]; then
    # Written beside the final name and moved into place, so concurrent commands never map a
    # half-written archive. The archive step lists every class it cannot keep as a warning, so
    # only errors are shown, and the training's own output is dropped.
    partial="$archive.$$"
    # shellcheck disable=SC2086  # TIDINGS_JAVA_OPTS is a list of options
    java -Xlog:disable -Xlog:all=error:stderr -XX:ArchiveClassesAtExit="$partial" \
      ${TIDINGS_JAVA_OPTS:-} -cp "$jar" dev.tidings.app.StartupTraining </dev/null >/dev/null || true
    if [[ -s "$partial" ]]; then
      mv -f "$partial" "$archive"
    else
      rm -f "$partial"
    fi
  fi
  if [[ -f "$archive" ]]; then
    opts+=(-XX:SharedArchiveFile="$archive" -Xshare:auto)
  fi
fi
# shellcheck disable=SC2086  # TIDINGS_JAVA_OPTS is a list of options
exec java "${opts[@]}" ${TIDINGS_JAVA_OPTS:-} -jar "$jar" "$@"
