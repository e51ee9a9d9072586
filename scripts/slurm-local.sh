#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for the Slurm executor's tests and benchmark
# (README "GPU and clusters"; lib: org.mnistdynamics.sweep.SlurmExecutor, SlurmClusterTest).
#
#   bash scripts/slurm-local.sh start    install Debian's slurm-wlm and munge if missing (apt-get, root),
#                                        write the configuration, start munged, slurmctld and slurmd,
#                                        wait until the node is idle
#   bash scripts/slurm-local.sh stop     stop the daemons this script started (by their pid files)
#   bash scripts/slurm-local.sh status   show the partition and the queue; exit 0 if the node answers
#
# The cluster: node 'localhost' (127.0.0.1) with this machine's CPUs (nproc) and memory (slurmd -C), partition
# 'debug' (default, no time limit), no cgroups (proctrack/linuxproc, task/none), select/cons_tres with
# CR_CPU_Memory (so --cpus-per-task and --mem are scheduled), no slurmdbd. Without slurmdbd 'sacct' cannot answer
# (accounting_storage/none; Slurm 22.05's sacct has no way to read jobcomp/filetxt), so finished tasks are read with
# 'scontrol show job' (kept for MinJobAge = 1 h) and every ended job is also logged to $STATE/jobcomp.txt.
#
# State (spool, logs, pid files) lives in MNIST_SLURM_STATE (default /tmp/mnist-slurm); the configuration goes to
# /etc/slurm/slurm.conf, where Debian's Slurm commands look for it. A slurm.conf this script did not write is never
# overwritten: on a machine that already belongs to a cluster, 'start' refuses and says so.
# Exit status: 0 ok, 1 failure (with the reason on stderr), 2 usage.
set -euo pipefail
STATE="${MNIST_SLURM_STATE:-/tmp/mnist-slurm}"
CONF=/etc/slurm/slurm.conf
MARKER="# Written by mnist-dynamics scripts/slurm-local.sh"
NODE=localhost
PARTITION=debug
WAIT_SECONDS="${MNIST_SLURM_WAIT:-90}"

say() { echo "slurm-local: $*"; }
die() { echo "slurm-local: error: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

install_packages() {
  local need=()
  have slurmctld && have slurmd && have sbatch || need+=(slurm-wlm)
  have munged || need+=(munge)
  [[ ${#need[@]} -eq 0 ]] && return 0
  [[ $(id -u) -eq 0 ]] || die "missing ${need[*]} and not root: install them (apt-get install ${need[*]}) or run as root"
  have apt-get || die "missing ${need[*]} and no apt-get: install Slurm and munge with your package manager"
  say "installing ${need[*]}"
  apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || die "apt-get install ${need[*]} failed"
}

write_config() {
  if [[ -f $CONF ]] && ! grep -qF "$MARKER" "$CONF"; then
    die "$CONF exists and was not written by this script (a real cluster's?); not touching it"
  fi
  local cpus mem
  cpus=$(nproc)
  mem=$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
  [[ -n $mem ]] || mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 ))
  mkdir -p "$STATE/ctld" "$STATE/d" /etc/slurm
  cat > "$CONF.tmp" <<EOF
$MARKER (a one-node test cluster; state in $STATE).
ClusterName=mnistlocal
SlurmctldHost=$NODE
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
# No cgroups: processes tracked through /proc, no task binding.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=30
# No slurmdbd: sacct cannot answer; finished jobs stay visible to 'scontrol show job' for MinJobAge seconds.
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$STATE/jobcomp.txt
MinJobAge=3600
# Tasks run at the nice value of the sbatch that submitted them (a sweep started with nice stays nice).
PropagatePrioProcess=1
MpiDefault=none
ReturnToService=2
KillWait=5
SlurmdTimeout=300
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=$PARTITION Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
  say "wrote $CONF: node $NODE, $cpus CPUs, $mem MB, partition $PARTITION"
}

alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_munge() {
  if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
    say "munged already answers"
    return 0
  fi
  [[ -f /etc/munge/munge.key ]] || { mungekey --create --keyfile=/etc/munge/munge.key; chown munge:munge /etc/munge/munge.key; }
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  chmod 0755 /run/munge
  runuser -u munge -- munged || die "munged did not start (see /var/log/munge/munged.log)"
  echo started > "$STATE/munged.ours"
  for _ in $(seq 1 20); do
    munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && { say "munged started"; return 0; }
    sleep 0.5
  done
  die "munged started but does not answer (see /var/log/munge/munged.log)"
}

node_state() { sinfo -h -n "$NODE" -o %t 2>/dev/null | head -1; }

start() {
  install_packages
  mkdir -p "$STATE"
  write_config
  start_munge
  if alive "$STATE/slurmctld.pid"; then say "slurmctld already running; re-reading $CONF"; scontrol reconfigure >/dev/null || true; else slurmctld || die "slurmctld did not start (see $STATE/slurmctld.log)"; fi
  if alive "$STATE/slurmd.pid"; then say "slurmd already running"; else slurmd -N "$NODE" || die "slurmd did not start (see $STATE/slurmd.log)"; fi
  local state=""
  for _ in $(seq 1 "$WAIT_SECONDS"); do
    state=$(node_state)
    case "$state" in
      idle|mix|alloc) say "node $NODE is $state; partition $PARTITION ready (sinfo, sbatch, squeue, scontrol)"; return 0 ;;
      down*|drain*|drng*|fail*) scontrol update NodeName="$NODE" State=RESUME >/dev/null 2>&1 || true ;;
    esac
    sleep 1
  done
  die "node $NODE did not become idle within ${WAIT_SECONDS} s (state '${state:-no answer}'); see $STATE/slurmctld.log and $STATE/slurmd.log"
}

stop_pidfile() {
  local name=$1 file=$2
  if alive "$file"; then
    local pid; pid=$(cat "$file")
    kill "$pid"
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    say "stopped $name (pid $pid)"
  fi
  rm -f "$file"
}

stop() {
  stop_pidfile slurmd "$STATE/slurmd.pid"
  stop_pidfile slurmctld "$STATE/slurmctld.pid"
  if [[ -f $STATE/munged.ours ]]; then
    stop_pidfile munged /run/munge/munged.pid
    rm -f "$STATE/munged.ours"
  fi
}

status() {
  have sinfo || die "Slurm is not installed (no sinfo)"
  local state; state=$(node_state)
  sinfo 2>&1 || true
  squeue 2>&1 || true
  [[ $state =~ ^(idle|mix|alloc) ]] || die "node $NODE does not answer as idle/mix/alloc (state '${state:-none}')"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
