# Sourced by infra/stack.sh: the local Redis Cluster, one master per port in CLUSTER_PORTS
# (no replicas), each node's config, nodes.conf, AOF, log and pid under $CLUSTER_DIR/<port>.
# The cluster is created once (redis-cli --cluster create); later starts reuse nodes.conf,
# so the nodes find each other again and keep their slots and data.

CLUSTER_TIMEOUT=30

cluster_node_dir() { echo "$CLUSTER_DIR/$1"; }
# The node's title is "redis-server 127.0.0.1:<port> [cluster]"; the space stops 1700 matching 17001.
cluster_node_pid() { our_pid "$(cluster_node_dir "$1")/redis.pid" "127.0.0.1:$1 "; }
cluster_seeds() { local p out=(); for p in "${CLUSTER_PORTS[@]}"; do out+=("redis://127.0.0.1:$p"); done; (IFS=,; echo "${out[*]}"); }

# One field of CLUSTER INFO as a node sees it, empty if it does not answer.
cluster_info() { # <port> <field>
  redis-cli -h 127.0.0.1 -p "$1" cluster info 2>/dev/null | tr -d '\r' | sed -n "s/^$2://p"
}

cluster_check_ports() {
  ((${#CLUSTER_PORTS[@]} >= 3)) || die "STACK_REDIS_CLUSTER_PORTS=${CLUSTER_PORTS[*]}: a Redis Cluster needs at least three masters; list three or more ports, comma-separated"
  local p
  for p in "${CLUSTER_PORTS[@]}"; do
    [[ "$p" =~ ^[0-9]+$ ]] || die "STACK_REDIS_CLUSTER_PORTS: \"$p\" is not a port number"
    cluster_node_pid "$p" >/dev/null || require_free_port "$p" STACK_REDIS_CLUSTER_PORTS
  done
}

cluster_node_up() { # <port>
  local port="$1" dir pid
  dir="$(cluster_node_dir "$port")"
  if pid="$(cluster_node_pid "$port")"; then say "redis cluster node already running (pid $pid, port $port)"; return; fi
  mkdir -p "$dir/data"
  cat >"$dir/redis.conf" <<EOF
# Written by infra/stack.sh; edits are overwritten on the next up.
bind 127.0.0.1
port $port
protected-mode yes
daemonize yes
pidfile $dir/redis.pid
logfile $dir/redis.log
dir $dir/data
appendonly yes
appendfsync everysec
save ""
cluster-enabled yes
cluster-config-file $dir/nodes.conf
cluster-node-timeout 5000
EOF
  say "starting redis cluster node on 127.0.0.1:$port"
  redis-server "$dir/redis.conf" || die "redis-server failed to start; see $dir/redis.log"
  local deadline=$((SECONDS + 15))
  until redis_ping "$port"; do
    ((SECONDS < deadline)) || { tail -n 40 "$dir/redis.log" >&2 || true; die "redis cluster node $port did not answer PING within 15s"; }
    sleep 0.2
  done
}

cluster_up() {
  need_redis
  command -v redis-cli >/dev/null || die "redis-cli not found. Install it (Debian/Ubuntu: sudo apt-get install redis-tools) and run again."
  cluster_check_ports
  local p n="${#CLUSTER_PORTS[@]}" first="${CLUSTER_PORTS[0]}" nodes=()
  for p in "${CLUSTER_PORTS[@]}"; do cluster_node_up "$p"; nodes+=("127.0.0.1:$p"); done
  local known slots
  known="$(cluster_info "$first" cluster_known_nodes)"
  slots="$(cluster_info "$first" cluster_slots_assigned)"
  if [[ "$known" == 1 && "$slots" == 0 ]]; then
    # Fresh nodes: every one must be empty and alone, or create would merge strangers.
    for p in "${CLUSTER_PORTS[@]}"; do
      [[ "$(cluster_info "$p" cluster_known_nodes)" == 1 ]] || die "redis cluster node $p already belongs to another cluster; run: $0 down --purge cluster"
    done
    say "creating the redis cluster (${n} masters, no replicas)"
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$CLUSTER_DIR/create.log" 2>&1 ||
      { tail -n 40 "$CLUSTER_DIR/create.log" >&2; die "redis-cli --cluster create failed"; }
  elif [[ "$known" != "$n" ]]; then
    die "redis cluster node $first knows $known nodes, not $n (STACK_REDIS_CLUSTER_PORTS changed?); run: $0 down --purge cluster"
  fi
  cluster_wait
  say "redis cluster ready (ports ${CLUSTER_PORTS[*]})"
}

# Ready when every node says cluster_state:ok and sees all slots assigned.
cluster_wait() {
  local deadline=$((SECONDS + CLUSTER_TIMEOUT)) p ready
  while ((SECONDS < deadline)); do
    ready=1
    for p in "${CLUSTER_PORTS[@]}"; do
      [[ "$(cluster_info "$p" cluster_state)" == ok && "$(cluster_info "$p" cluster_slots_ok)" == 16384 ]] || ready=0
    done
    ((ready)) && return
    sleep 0.3
  done
  for p in "${CLUSTER_PORTS[@]}"; do tail -n 15 "$(cluster_node_dir "$p")/redis.log" >&2 2>/dev/null || true; done
  die "redis cluster not ok within ${CLUSTER_TIMEOUT}s (see the logs above); a fresh start: $0 down --purge cluster && $0 up cluster"
}

cluster_down() { # <purge 0|1>
  local p pid
  for p in "${CLUSTER_PORTS[@]}"; do
    if pid="$(cluster_node_pid "$p")"; then stop_pid "redis cluster node $p" "$pid"; else say "redis cluster node $p not running"; fi
    rm -f "$(cluster_node_dir "$p")/redis.pid"
  done
  if (($1)); then
    say "purging redis cluster data in $CLUSTER_DIR"
    rm -rf "$CLUSTER_DIR"
  fi
}

# 0 if every node answers and reports cluster_state:ok.
cluster_status() {
  local p up=0 ok=0 ours=0
  for p in "${CLUSTER_PORTS[@]}"; do
    redis_ping "$p" && up=$((up + 1))
    [[ "$(cluster_info "$p" cluster_state)" == ok ]] && ok=$((ok + 1))
    cluster_node_pid "$p" >/dev/null && ours=$((ours + 1))
  done
  local where="ports ${CLUSTER_PORTS[*]}, $ours of ${#CLUSTER_PORTS[@]} nodes started by this stack"
  if ((ok == ${#CLUSTER_PORTS[@]})); then
    say "cluster: up ($where; REDIS_CLUSTER_URL=$(cluster_seeds))"
  elif ((up == 0)); then
    say "cluster: down ($where)"; return 1
  else
    say "cluster: degraded ($up answering, $ok with cluster_state:ok; $where)"; return 1
  fi
}
