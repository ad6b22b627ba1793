# Shared by the scripts: where the project is, installing what a fresh machine lacks, and
# stopping a server a script started.
# shellcheck shell=bash

ACK_RELEASE_ROOT="$(cd "${BASH_SOURCE[0]%/*}/../.." && pwd)"
export ACK_RELEASE_ROOT

log() { printf '==> %s\n' "$*" >&2; }
# die CODE MESSAGE: MESSAGE as one line on stderr, and exit CODE, as ack-release's own exit codes:
# 2 bad input or usage, 3 refused because of the machine's state (a missing tool, a port in use,
# nothing running), 4 a download failed, 6 a build failed; 1 only for a bug (a check that failed).
die() {
  local code=1
  case "${1:-}" in '' | *[!0-9]*) ;; *) code="$1"; shift ;; esac
  printf 'error: %s\n' "$*" >&2
  exit "$code"
}
# usage: the script's opening comment (after the #! line, up to the first line that is not a
# comment) on stdout, and exit 0: what -h and --help print.
usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0; }
# needs_value OPTION [VALUE]: an option given without its value is a usage error (exit 2).
needs_value() { [ -n "${2:-}" ] || die 2 "$1 needs a value: see scripts/${0##*/} --help"; }

# command -> Debian package that provides it
declare -A ACK_RELEASE_TOOLS=(
  [java]=openjdk-17-jdk-headless
  [mvn]=maven
  [git]=git
  [go]=golang-go
  [skopeo]=skopeo
  [docker-registry]=docker-registry
  [htpasswd]=apache2-utils
  [openssl]=openssl
  [curl]=curl
  [fish]=fish
  [zsh]=zsh
)

# ensure_tools [cmd ...]: installs the Debian packages of the missing commands (all by default).
# Exit 3 when one is missing and this user cannot install it, 4 when apt-get fails.
ensure_tools() {
  local wanted=("$@") missing=() commands=() cmd
  [ ${#wanted[@]} -gt 0 ] || wanted=("${!ACK_RELEASE_TOOLS[@]}")
  for cmd in "${wanted[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || { missing+=("${ACK_RELEASE_TOOLS[$cmd]}"); commands+=("$cmd"); }
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  if [ "$(id -u)" -ne 0 ]; then
    die 3 "${commands[*]} not found on PATH: install them first: sudo apt-get install -y ${missing[*]}"
  fi
  install_packages "${missing[@]}"
  for cmd in "${wanted[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 \
      || die 3 "$cmd is still not on PATH after installing ${ACK_RELEASE_TOOLS[$cmd]}: put the directory that holds it on PATH (see: dpkg -L ${ACK_RELEASE_TOOLS[$cmd]} | grep /bin/)"
  done
}

# install_packages PACKAGE...: installs the Debian packages with apt-get, quietly; exit 4 when
# apt-get fails. The caller has checked that this user is root (and said what to run if not).
install_packages() {
  log "installing $*"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "$@" >/dev/null; } \
    || die 4 "apt-get could not install $* (its message is above): check the network, then run: apt-get update && apt-get install -y $*"
}

# stop_recorded WHAT PIDFILE: stops the server whose PID PIDFILE (DIR/NAME.pid) records, as a
# script's start wrote it: TERM, up to 10 s for it to exit, then KILL; the record is removed. No
# record, or a process no longer running, is nothing to stop (said on stderr, status 0).
stop_recorded() {
  local what="$1" record="$2" pid
  if [ ! -f "$record" ]; then
    echo "nothing to stop: no $what was started from ${record%/*} (no $record)" >&2
    return 0
  fi
  pid="$(cat "$record")"
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$record"
    echo "nothing to stop: the $what started from ${record%/*} (PID $pid) is not running (its record is removed)" >&2
    return 0
  fi
  kill "$pid"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  rm -f "$record"
}

# build_jar: target/ack-release.jar, built when missing or older than the sources (one find,
# stopping at the first newer source).
build_jar() {
  local jar="$ACK_RELEASE_ROOT/target/ack-release.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$ACK_RELEASE_ROOT/pom.xml" "$ACK_RELEASE_ROOT/cli" "$ACK_RELEASE_ROOT/release-steps" \
      "$ACK_RELEASE_ROOT/chart-templates" "$ACK_RELEASE_ROOT/src/main" -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
    ensure_tools java mvn
    log "building target/ack-release.jar"
    (cd "$ACK_RELEASE_ROOT" && mvn -B -q -ntp -Dstyle.color=never package -DskipTests) >&2 \
      || die 6 "the build of target/ack-release.jar failed (Maven's output is above): fix it, then check with: (cd $ACK_RELEASE_ROOT && mvn -q package -DskipTests)"
  fi
  printf '%s\n' "$jar"
}

# test_classpath: the compiled tests and their dependencies, built when missing or stale.
test_classpath() {
  local cp="$ACK_RELEASE_ROOT/target/test-classpath.txt"
  if [ ! -f "$cp" ] || [ ! -d "$ACK_RELEASE_ROOT/target/test-classes" ] || [ -n "$(find "$ACK_RELEASE_ROOT/pom.xml" \
      "$ACK_RELEASE_ROOT/src/test/java" "$ACK_RELEASE_ROOT/release-steps" "$ACK_RELEASE_ROOT/cli" -newer "$cp" -type f 2>/dev/null | head -1)" ]; then
    ensure_tools java mvn
    log "compiling the tests"
    (cd "$ACK_RELEASE_ROOT" && mvn -B -q -ntp -Dstyle.color=never test-compile \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
      -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test) >&2 \
      || die 6 "compiling the tests failed (Maven's output is above): fix it, then check with: (cd $ACK_RELEASE_ROOT && mvn -q test-compile)"
    touch "$cp" # the plugin leaves an unchanged file as it was: mark it current
  fi
  printf '%s:%s:%s\n' "$ACK_RELEASE_ROOT/target/test-classes" "$ACK_RELEASE_ROOT/target/classes" "$(cat "$cp")"
}

# test_times SINCE DIR...: each test class's time from the Surefire/Failsafe XML reports in the
# DIRs written after the file SINCE, longest first ("unit" from surefire-reports, "IT" from
# failsafe-reports), then each kind's sum.
test_times() {
  local since="$1" dir f kind
  shift
  for dir in "$@"; do
    case "$dir" in *failsafe*) kind=IT ;; *) kind=unit ;; esac
    [ -d "$dir" ] || continue
    find "$dir" -maxdepth 1 -name 'TEST-*.xml' -newer "$since" | while read -r f; do
      sed -n "/<testsuite /{s/.* name=\"\([^\"]*\)\".* time=\"\([0-9.,]*\)\".*/\2 \1 $kind/p;q}" "$f"
    done
  done | tr -d , | sort -k1,1 -rn | awk '
    { sum[$3] += $1; n[$3]++; name = $2; sub(/.*\./, "", name); printf "%8.1f  %-4s %s\n", $1, $3, name }
    END { for (k in sum) printf "%8.1f  %-4s all %d classes together\n", sum[k], k, n[k] }'
}
