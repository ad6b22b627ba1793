# Shared by the scripts: where the project is, and installing what a fresh machine lacks.
# shellcheck shell=bash

ACK_RELEASE_ROOT="$(cd "${BASH_SOURCE[0]%/*}/../.." && pwd)"
export ACK_RELEASE_ROOT

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

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
ensure_tools() {
  local wanted=("$@") missing=() cmd
  [ ${#wanted[@]} -gt 0 ] || wanted=("${!ACK_RELEASE_TOOLS[@]}")
  for cmd in "${wanted[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${ACK_RELEASE_TOOLS[$cmd]}")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing tools; install them first: sudo apt-get install -y ${missing[*]}"
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  for cmd in "${wanted[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || die "$cmd is still missing after installing ${ACK_RELEASE_TOOLS[$cmd]}"
  done
}

# build_jar: target/ack-release.jar, built when missing or older than the sources (one find,
# stopping at the first newer source).
build_jar() {
  local jar="$ACK_RELEASE_ROOT/target/ack-release.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$ACK_RELEASE_ROOT/pom.xml" "$ACK_RELEASE_ROOT/cli" "$ACK_RELEASE_ROOT/release-steps" \
      "$ACK_RELEASE_ROOT/chart-templates" "$ACK_RELEASE_ROOT/src/main" -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
    ensure_tools java mvn
    log "building target/ack-release.jar"
    (cd "$ACK_RELEASE_ROOT" && mvn -B -q -ntp -Dstyle.color=never package -DskipTests) >&2
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
      -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test) >&2
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
