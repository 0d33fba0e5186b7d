#!/usr/bin/env bash
# A private one-node Slurm cluster on this machine, for the Slurm test (test/cluster/slurm.test.ts)
# and for trying `msms sweep --slurm` without a real cluster. Debian's slurm-wlm and munge
# (npm run setup installs them); nothing of the machine's global configuration is used or
# changed: the munge key and socket, slurm.conf, state, spool, pid and log files all live in
# DIR, the ports are free ones picked at start, and every command must see SLURM_CONF=DIR/slurm.conf.
#
#   scripts/slurm/cluster.sh start [DIR]   start munged, slurmctld, slurmd; wait until the node
#                                          is idle; print `export SLURM_CONF=…` (also in DIR/env)
#   scripts/slurm/cluster.sh stop [DIR]    cancel the jobs, stop the three daemons and any job
#                                          process of this cluster; fails if one survives
#   scripts/slurm/cluster.sh status [DIR]  sinfo + squeue of the cluster
#
# DIR defaults to $MSMS_SLURM_DIR or /tmp/msms-slurm-<uid>. A failed start stops what it
# started. As root or as any other user: the daemons run as the user who starts them, and a
# non-root slurmd can only run jobs of that same user — which is all a private test cluster needs.
set -Eeuo pipefail

cmd="${1:-}"
DIR="${2:-${MSMS_SLURM_DIR:-/tmp/msms-slurm-$(id -u)}}"
CONF="$DIR/slurm.conf"
MARK="MSMS_SLURM_CLUSTER=$DIR"

# a Slurm command of this cluster
sl() { SLURM_CONF="$CONF" "$@"; }
# a daemon of this cluster, marked in its environment (slurmstepd inherits the mark from slurmd)
daemon() { env "$MARK" SLURM_CONF="$CONF" "$@"; }

die() {
  echo "cluster.sh: $*" >&2
  exit 1
}

need() {
  for b in "$@"; do
    command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] ||
      die "$b is missing: install Debian's slurm-wlm and munge (npm run setup does)"
  done
}

sbin() { if command -v "$1" >/dev/null 2>&1; then command -v "$1"; else echo "/usr/sbin/$1"; fi; }

# pids of the processes of this cluster: the daemons and slurmstepd (marked), and job processes
# (SLURM_JOB_ID set and our SLURM_CONF in their environment)
cluster_pids() {
  local p env
  for p in /proc/[0-9]*; do
    p="${p#/proc/}"
    env="$( { tr '\0' '\n' <"/proc/$p/environ"; } 2>/dev/null)" || continue
    if grep -qxF "$MARK" <<<"$env" ||
      { grep -q '^SLURM_JOB_ID=' <<<"$env" && grep -qxF "SLURM_CONF=$CONF" <<<"$env"; }; then
      echo "$p"
    fi
  done
}

daemon_pids() {
  local f
  for f in "$DIR/munged.pid" "$DIR/slurmctld.pid" "$DIR/slurmd.pid"; do
    [ -s "$f" ] && cat "$f"
  done
  return 0
}

free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 30000))
    if [ -z "$(ss -Htan "sport = :$p" 2>/dev/null)" ]; then
      echo "$p"
      return
    fi
  done
  die "no free TCP port found"
}

stop() {
  [ -d "$DIR" ] || return 0
  if [ -f "$CONF" ] && command -v scancel >/dev/null 2>&1; then
    sl timeout 5 scancel --quiet "--user=$(id -un)" >/dev/null 2>&1 || true
  fi
  local pids
  pids="$( (daemon_pids; cluster_pids) | sort -u | tr '\n' ' ')"
  if [ -n "${pids// /}" ]; then
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 50); do
      local alive=""
      for p in $pids; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
      [ -z "$alive" ] && break
      sleep 0.1
    done
    for p in $pids; do kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null; done
    sleep 0.2
  fi
  local left
  left="$( (for p in $pids; do kill -0 "$p" 2>/dev/null && echo "$p"; done; cluster_pids) | sort -u | tr '\n' ' ')"
  rm -f "$DIR/munged.pid" "$DIR/slurmctld.pid" "$DIR/slurmd.pid"
  [ -z "${left// /}" ] || die "processes of the cluster in $DIR survived: $left"
  echo "cluster.sh: stopped the cluster in $DIR"
}

start() {
  need munged slurmctld slurmd sbatch sinfo squeue scancel
  if [ -n "$(daemon_pids)" ]; then
    for p in $(daemon_pids); do kill -0 "$p" 2>/dev/null && die "a cluster already runs in $DIR (pid $p); stop it first"; done
  fi
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  rm -rf "$DIR/munge" "$DIR/state" "$DIR/spool"
  mkdir -p "$DIR/munge" "$DIR/state" "$DIR/spool"
  chmod 700 "$DIR/munge"
  # stop whatever got started if anything below fails
  trap 'echo "cluster.sh: start failed; logs:" >&2; tail -n 5 "$DIR"/*.log >&2 2>/dev/null || true; stop >&2 || true' ERR

  # munge: a private key and socket
  head -c 1024 /dev/urandom >"$DIR/munge/munge.key"
  chmod 400 "$DIR/munge/munge.key"
  daemon "$(sbin munged)" --force --socket="$DIR/munge/munge.socket" --key-file="$DIR/munge/munge.key" \
    --pid-file="$DIR/munged.pid" --log-file="$DIR/munged.log" --seed-file="$DIR/munge/munged.seed"
  for _ in $(seq 50); do [ -S "$DIR/munge/munge.socket" ] && break; sleep 0.1; done
  [ -S "$DIR/munge/munge.socket" ] || { echo "munged did not create its socket" >&2; false; }

  local host cpus ctld_port slurmd_port user
  host="$(hostname -s)"
  cpus="$(nproc)"
  ctld_port="$(free_port)"
  slurmd_port="$(free_port)"
  [ "$ctld_port" != "$slurmd_port" ] || slurmd_port=$((slurmd_port + 1))
  user="$(id -un)"
  : >"$DIR/plugstack.conf"
  cat >"$CONF" <<EOF
# private one-node cluster written by scripts/slurm/cluster.sh (no systemd, no cgroups, no accounting)
ClusterName=msmstest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
PlugStackConfig=$DIR/plugstack.conf
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

  daemon "$(sbin slurmctld)" -c
  for _ in $(seq 50); do sl scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.1; done
  daemon "$(sbin slurmd)" -N "$host"
  local state=""
  for _ in $(seq 150); do
    state="$(sl sinfo -h -n "$host" -o %T 2>/dev/null || true)"
    [ "$state" = "idle" ] && break
    sleep 0.2
  done
  [ "$state" = "idle" ] || { echo "node $host is '${state:-unknown}', not idle, after 30 s" >&2; false; }
  trap - ERR
  echo "export SLURM_CONF=$CONF" >"$DIR/env"
  echo "cluster.sh: one-node cluster up in $DIR ($host, $cpus CPUs, slurmctld port $ctld_port, Slurm $(sl sinfo -V | cut -d' ' -f2))"
  echo "export SLURM_CONF=$CONF"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status)
    [ -f "$CONF" ] || die "no cluster in $DIR"
    sl sinfo
    sl squeue
    ;;
  *)
    echo "usage: scripts/slurm/cluster.sh start|stop|status [DIR]" >&2
    exit 2
    ;;
esac
