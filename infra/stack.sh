#!/usr/bin/env bash
# Local stack without Docker, all on 127.0.0.1 with state under .stack/ (or $STACK_DIR):
# one Kafka 3.9.1 KRaft node (broker+controller), one standalone Redis, and a Redis
# Cluster of three masters (no replicas) for the cluster test tier.
#
#   infra/stack.sh up [COMPONENT...]              start what is not running, wait, apply topics
#   infra/stack.sh down [--purge] [COMPONENT...]  stop; --purge also deletes data (keeps jar cache)
#   infra/stack.sh status [COMPONENT...]          print each; exit 0 only if every one answers
#
# COMPONENT is kafka, redis or cluster; none means all three.
# Environment: STACK_DIR, STACK_KAFKA_PORT (19092), STACK_KAFKA_CONTROLLER_PORT (19093),
# STACK_REDIS_PORT (16379), STACK_REDIS_CLUSTER_PORTS (17001,17002,17003: one master each,
# at least three), STACK_KAFKA_TIMEOUT seconds (60), STACK_KAFKA_HEAP (768m),
# STACK_KAFKA_LIBS (a directory of Kafka jars to use instead of fetching them).
# Both up and down are idempotent: running either twice is harmless.
set -euo pipefail

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$INFRA_DIR")"
STACK_DIR="${STACK_DIR:-$REPO_DIR/.stack}"
KAFKA_PORT="${STACK_KAFKA_PORT:-19092}"
CONTROLLER_PORT="${STACK_KAFKA_CONTROLLER_PORT:-19093}"
REDIS_PORT="${STACK_REDIS_PORT:-16379}"
IFS=',' read -r -a CLUSTER_PORTS <<<"${STACK_REDIS_CLUSTER_PORTS:-17001,17002,17003}"
KAFKA_TIMEOUT="${STACK_KAFKA_TIMEOUT:-60}"
KAFKA_HEAP="${STACK_KAFKA_HEAP:-768m}"
STOP_TIMEOUT=30

# The jar cache sits outside the data dirs so `down --purge` keeps it (second up is offline).
LIBS_DIR="${STACK_KAFKA_LIBS:-$STACK_DIR/kafka-libs}"
KAFKA_DIR="$STACK_DIR/kafka"
REDIS_DIR="$STACK_DIR/redis"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
REDIS_PID="$REDIS_DIR/redis.pid"
CLUSTER_DIR="$STACK_DIR/redis-cluster"

say() { printf '[stack] %s\n' "$*"; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

# --- process and port probes -------------------------------------------------------

# A pid file is trusted only if that pid still runs our command line; pids get reused.
our_pid() { # <pidfile> <pattern in /proc/pid/cmdline>
  local file="$1" pattern="$2" pid
  [[ -s "$file" ]] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$pattern" || return 1
  echo "$pid"
}
kafka_pid() { our_pid "$KAFKA_PID" "$KAFKA_DIR/server.properties"; }
# Redis rewrites its process title to "redis-server 127.0.0.1:<port>".
redis_pid() { our_pid "$REDIS_PID" "127.0.0.1:$REDIS_PORT"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# "pid=123 (java)" of whoever listens on a port, when ss can tell.
port_owner() {
  command -v ss >/dev/null || { echo "unknown process"; return; }
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\"\([^\"]*\)\",pid=\([0-9]*\).*/pid=\2 (\1)/p' | head -1
}

redis_ping() { # [port]
  local reply
  reply="$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/${1:-$REDIS_PORT}; printf 'PING\r\n' >&3; head -c 5 <&3" 2>/dev/null)" || return 1
  [[ "$reply" == "+PONG" ]]
}

# Refuses to start on a port someone else holds, naming the env var that moves us.
require_free_port() { # <port> <env var>
  if port_open "$1"; then
    die "port $1 is already in use by $(port_owner "$1"), which is not this stack (state in $STACK_DIR). Stop it, or pick another port with $2=<port>."
  fi
}

# --- prerequisites -------------------------------------------------------------------

need_java() {
  command -v java >/dev/null || die "java not found. Install a JRE 17, e.g.: apt-get install openjdk-17-jre-headless maven"
}

fetch_kafka_jars() {
  # The marker holds the pom's checksum, so bumping the Kafka version refetches.
  local want
  want="$(sha256sum "$INFRA_DIR/kafka/pom.xml" | cut -d' ' -f1)"
  if [[ -n "${STACK_KAFKA_LIBS:-}" ]]; then
    compgen -G "$LIBS_DIR/kafka_2.13-*.jar" >/dev/null || die "STACK_KAFKA_LIBS=$LIBS_DIR holds no kafka_2.13 jar"
    return
  fi
  if [[ -f "$LIBS_DIR/.complete" && "$(cat "$LIBS_DIR/.complete")" == "$want" ]]; then return; fi
  command -v mvn >/dev/null || die "mvn not found; it fetches the Kafka jars once. Install: apt-get install openjdk-17-jre-headless maven"
  say "fetching Kafka jars with Maven (once, ~46 MB) into $LIBS_DIR"
  local tmp="$LIBS_DIR.tmp.$$"
  rm -rf "$tmp"
  mvn -q -B -f "$INFRA_DIR/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$tmp" -DincludeScope=runtime || { rm -rf "$tmp"; die "Maven could not fetch the Kafka jars (see above)"; }
  echo "$want" >"$tmp/.complete"
  rm -rf "$LIBS_DIR"
  mv "$tmp" "$LIBS_DIR"
}

need_redis() {
  command -v redis-server >/dev/null && return
  # bin/apt-install waits for the dpkg lock (unattended upgrades at boot hold it) and
  # says what to install when not root. The package also starts a system service on
  # 6379; we never use it, but leave it be.
  "$INFRA_DIR/../bin/apt-install" redis-server:redis-server ||
    die "redis-server not found. Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) and run again."
}

# --- Kafka ---------------------------------------------------------------------------

render() { # <template> <output> then TOKEN=value pairs
  local tpl="$1" out="$2" expr=()
  shift 2
  for kv in "$@"; do expr+=(-e "s|@${kv%%=*}@|${kv#*=}|g"); done
  sed "${expr[@]}" "$tpl" >"$out.tmp" && mv "$out.tmp" "$out"
}

kafka_up() {
  if pid="$(kafka_pid)"; then say "kafka already running (pid $pid, port $KAFKA_PORT)"; return; fi
  need_java
  require_free_port "$KAFKA_PORT" STACK_KAFKA_PORT
  require_free_port "$CONTROLLER_PORT" STACK_KAFKA_CONTROLLER_PORT
  fetch_kafka_jars
  mkdir -p "$KAFKA_DIR/data" "$KAFKA_DIR/logs"
  render "$INFRA_DIR/kafka/server.properties.template" "$KAFKA_DIR/server.properties" \
    "KAFKA_PORT=$KAFKA_PORT" "CONTROLLER_PORT=$CONTROLLER_PORT" "DATA_DIR=$KAFKA_DIR/data"
  render "$INFRA_DIR/kafka/log4j.properties.template" "$KAFKA_DIR/log4j.properties" "LOG_DIR=$KAFKA_DIR/logs"
  local cp="$LIBS_DIR/*"
  if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
    [[ -s "$KAFKA_DIR/cluster-id" ]] || java -cp "$cp" kafka.tools.StorageTool random-uuid >"$KAFKA_DIR/cluster-id" 2>>"$KAFKA_DIR/logs/format.log"
    say "formatting Kafka storage (cluster $(cat "$KAFKA_DIR/cluster-id"))"
    java -cp "$cp" -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" kafka.tools.StorageTool format \
      -t "$(cat "$KAFKA_DIR/cluster-id")" -c "$KAFKA_DIR/server.properties" >>"$KAFKA_DIR/logs/format.log" 2>&1 ||
      { tail -n 40 "$KAFKA_DIR/logs/format.log" >&2; die "formatting Kafka storage failed"; }
  fi
  say "starting kafka on 127.0.0.1:$KAFKA_PORT (controller $CONTROLLER_PORT)"
  # Marks where this start's log begins, so readiness never matches a previous run.
  local mark=0
  [[ -f "$KAFKA_DIR/logs/server.log" ]] && mark="$(wc -l <"$KAFKA_DIR/logs/server.log")"
  setsid nohup java "-Xmx$KAFKA_HEAP" -cp "$cp" -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" \
    kafka.Kafka "$KAFKA_DIR/server.properties" >>"$KAFKA_DIR/logs/kafka.out" 2>&1 </dev/null &
  echo $! >"$KAFKA_PID"
  kafka_wait "$mark" "$!"
}

kafka_wait() { # <line of server.log where this start began> <pid>
  local deadline=$((SECONDS + KAFKA_TIMEOUT))
  STARTING_PID="$2"
  while ((SECONDS < deadline)); do
    # kill -0, not kafka_pid: until exec reaches java, the child's cmdline is still bash's.
    if ! kill -0 "$2" 2>/dev/null; then kafka_fail "kafka exited during start"; fi
    if port_open "$KAFKA_PORT" && tail -n "+$(($1 + 1))" "$KAFKA_DIR/logs/server.log" 2>/dev/null | grep -q "Kafka Server started"; then
      say "kafka ready (pid $(kafka_pid))"
      return
    fi
    sleep 0.5
  done
  kafka_fail "kafka not ready within ${KAFKA_TIMEOUT}s (raise STACK_KAFKA_TIMEOUT if the machine is slow)"
}

kafka_fail() {
  {
    echo "--- last 40 lines of $KAFKA_DIR/logs/server.log"
    tail -n 40 "$KAFKA_DIR/logs/server.log" 2>/dev/null || true
    echo "--- last 40 lines of $KAFKA_DIR/logs/kafka.out"
    tail -n 40 "$KAFKA_DIR/logs/kafka.out" 2>/dev/null || true
  } >&2
  # A broker that never became ready is stopped, so the next up starts clean.
  if [[ -n "${STARTING_PID:-}" ]] && kill -0 "$STARTING_PID" 2>/dev/null; then stop_pid kafka "$STARTING_PID"; fi
  rm -f "$KAFKA_PID"
  die "$1"
}

# --- Redis ---------------------------------------------------------------------------

redis_up() {
  if pid="$(redis_pid)"; then say "redis already running (pid $pid, port $REDIS_PORT)"; return; fi
  need_redis
  require_free_port "$REDIS_PORT" STACK_REDIS_PORT
  mkdir -p "$REDIS_DIR/data"
  cat >"$REDIS_DIR/redis.conf" <<EOF
# Written by infra/stack.sh; edits are overwritten on the next up.
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile $REDIS_PID
logfile $REDIS_DIR/redis.log
dir $REDIS_DIR/data
appendonly yes
appendfsync everysec
save ""
EOF
  say "starting redis on 127.0.0.1:$REDIS_PORT"
  redis-server "$REDIS_DIR/redis.conf" || die "redis-server failed to start; see $REDIS_DIR/redis.log"
  local deadline=$((SECONDS + 15))
  until redis_ping; do
    ((SECONDS < deadline)) || { tail -n 40 "$REDIS_DIR/redis.log" >&2 || true; die "redis did not answer PING within 15s"; }
    sleep 0.2
  done
  say "redis ready (pid $(redis_pid))"
}

# --- stop ----------------------------------------------------------------------------

stop_pid() { # <name> <pid>: SIGTERM, wait, then SIGKILL
  local name="$1" pid="$2" deadline=$((SECONDS + STOP_TIMEOUT))
  say "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      say "$name did not stop within ${STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.3
  done
}

cmd_down() { # <purge 0|1>
  if wants kafka; then
    if pid="$(kafka_pid)"; then stop_pid kafka "$pid"; else say "kafka not running"; fi
    rm -f "$KAFKA_PID"
    ((!$1)) || { say "purging kafka data in $KAFKA_DIR (keeping the jar cache)"; rm -rf "$KAFKA_DIR"; }
  fi
  if wants redis; then
    if pid="$(redis_pid)"; then stop_pid redis "$pid"; else say "redis not running"; fi
    rm -f "$REDIS_PID"
    ((!$1)) || { say "purging redis data in $REDIS_DIR"; rm -rf "$REDIS_DIR"; }
  fi
  if wants cluster; then cluster_down "$1"; fi
}

# --- status --------------------------------------------------------------------------

# Reports what answers on the ports, ours or not, because tests and developers care
# whether a broker is there, not who started it.
cmd_status() {
  local ok=0 pid
  if wants kafka; then
    if pid="$(kafka_pid)"; then
      port_open "$KAFKA_PORT" && say "kafka: up (pid $pid, port $KAFKA_PORT)" || { say "kafka: starting or stuck (pid $pid, port $KAFKA_PORT not answering)"; ok=1; }
    elif port_open "$KAFKA_PORT"; then
      say "kafka: up, not started by this stack ($(port_owner "$KAFKA_PORT"), port $KAFKA_PORT)"
    else
      say "kafka: down (port $KAFKA_PORT)"; ok=1
    fi
  fi
  if wants redis; then
    if redis_ping; then
      if pid="$(redis_pid)"; then say "redis: up (pid $pid, port $REDIS_PORT)"; else say "redis: up, not started by this stack ($(port_owner "$REDIS_PORT"), port $REDIS_PORT)"; fi
    else
      say "redis: down (port $REDIS_PORT)"; ok=1
    fi
  fi
  if wants cluster; then cluster_status || ok=1; fi
  return "$ok"
}

cmd_up() {
  mkdir -p "$STACK_DIR"
  # Check every port first, so a conflict on Kafka's port does not leave Redis started.
  if wants redis && ! redis_pid >/dev/null; then require_free_port "$REDIS_PORT" STACK_REDIS_PORT; fi
  if wants kafka && ! kafka_pid >/dev/null; then
    require_free_port "$KAFKA_PORT" STACK_KAFKA_PORT
    require_free_port "$CONTROLLER_PORT" STACK_KAFKA_CONTROLLER_PORT
  fi
  if wants cluster; then cluster_check_ports; fi
  if wants redis; then redis_up; fi
  if wants cluster; then cluster_up; fi
  local exports=()
  if wants kafka; then
    kafka_up
    # tsx straight from node_modules: npx adds a second of start-up and npm config noise.
    local tsx="$REPO_DIR/node_modules/.bin/tsx"
    [[ -x "$tsx" ]] || die "$tsx not found; install Node.js 20+ and run npm ci in $REPO_DIR, then run up again"
    say "applying topics"
    (cd "$REPO_DIR" && KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" "$tsx" infra/topics.ts) || die "applying topics failed (see above)"
    exports+=("KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT")
  fi
  if wants redis; then exports+=("REDIS_URL=redis://127.0.0.1:$REDIS_PORT"); fi
  if wants cluster; then exports+=("REDIS_CLUSTER_URL=$(cluster_seeds)"); fi
  say "stack up: ${exports[*]}"
}

# The components named on the command line (all when none), and --purge.
COMPONENTS=()
PURGE=0
parse_args() {
  local a
  for a in "$@"; do
    case "$a" in
      kafka | redis | cluster) COMPONENTS+=("$a") ;;
      --purge) PURGE=1 ;;
      *) usage ;;
    esac
  done
  ((${#COMPONENTS[@]} > 0)) || COMPONENTS=(kafka redis cluster)
}
wants() { [[ " ${COMPONENTS[*]} " == *" $1 "* ]]; }
usage() { echo "usage: $0 up|down [--purge]|status [kafka|redis|cluster]..." >&2; exit 2; }

# shellcheck source=infra/redis-cluster.sh
source "$INFRA_DIR/redis-cluster.sh"

cmd="${1:-}"
shift || true
parse_args "$@"
case "$cmd" in
  up) ((!PURGE)) || usage; cmd_up ;;
  down) cmd_down "$PURGE" ;;
  status) ((!PURGE)) || usage; cmd_status ;;
  *) usage ;;
esac
