#!/usr/bin/env bash
# Proof on a real scheduler: start a single-node SLURM on this machine
# (munged, slurmctld, slurmd; one 2-CPU node on localhost), build the whole
# workflow through Snakemake's SLURM executor plugin with profiles/slurm, build
# the same copy locally, and require byte-identical outputs. Daemons started
# here are stopped on exit, whatever happens.
#
# Run through `./run.sh cluster-proof` (it installs slurm-wlm and munge and puts
# the project's virtual environment on PATH). Needs root: a throwaway machine.
set -euo pipefail
# both builds print the same edition date, even when they straddle midnight
export EDITION_DATE="${EDITION_DATE:-$(date -u -d "+8 hours" +%F)}"

REPO=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/slurm-proof.XXXXXX)
NODE=localhost
CPUS=2
# Jobs must fit the node; half the machine's memory leaves room for the rest.
MEM_MB=$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)
STARTED=() # PIDs of the daemons this script started
WROTE_CONF=0
# The default location: inside a job the plugin's `srun` runs with every
# SLURM_* variable removed (SLURM_CONF too), so a config elsewhere is not found.
CONF=/etc/slurm/slurm.conf
MARK="# written by tools/cluster/slurm_proof.sh"
OLD_MARK="# written by scripts/cluster/slurm_proof.sh" # (before the move to tools/)

log() { echo "[slurm-proof] $*" >&2; }

stop_daemons() {
  local pid
  for pid in "${STARTED[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED[@]}"; do
    # wait until it is gone (a later run reuses the ports)
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
}

on_exit() {
  local rc=$?
  stop_daemons
  if [ "$rc" -ne 0 ]; then
    log "FAILED (exit $rc); daemon logs and the copies are kept in $WORK"
    tail -n 20 "$WORK"/log/*.log >&2 2>/dev/null || true
  else
    rm -rf "$WORK"
  fi
  if [ "$WROTE_CONF" -eq 1 ]; then
    rm -f "$CONF"
  fi
  exit "$rc"
}
trap on_exit EXIT

[ "$(id -u)" -eq 0 ] || { log "needs root (it starts munged, slurmctld, slurmd)"; exit 1; }
for tool in munged slurmctld slurmd sbatch squeue sinfo snakemake; do
  command -v "$tool" >/dev/null || { log "$tool not found: use ./run.sh cluster-proof"; exit 1; }
done

# One proof at a time on a machine: the ports and /etc/slurm/slurm.conf are shared.
exec 9>/run/lock/slurm-proof.lock
if ! flock -n 9; then
  log "another proof is running; waiting for it"
  flock -w 1800 9 || { log "still running after 30 min"; exit 1; }
fi

mkdir -p "$WORK"/{state,spool,log}

start_munge() {
  # Reuse a munged that already answers (idempotent on a machine that has one).
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    log "munged already running"
    return
  fi
  if [ ! -s /etc/munge/munge.key ]; then
    mungekey --create --keyfile=/etc/munge/munge.key
  fi
  chown munge:munge /etc/munge/munge.key && chmod 600 /etc/munge/munge.key
  install -d -o munge -g munge -m 755 /run/munge
  install -d -o munge -g munge -m 700 /var/lib/munge /var/log/munge
  runuser -u munge -- munged --foreground >"$WORK/log/munged.log" 2>&1 &
  STARTED+=($!)
  for _ in $(seq 50); do
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return
    sleep 0.2
  done
  log "munged did not come up"
  exit 1
}

write_slurm_conf() {
  # No systemd, no cgroups in this container: Linux process tracking, no task
  # plugin. No accounting database: the plugin reads job states with squeue,
  # so finished jobs must stay visible for a while (MinJobAge).
  # Never overwrite a real cluster's configuration; ours (the marker) is rewritten.
  if [ -f "$CONF" ] && ! head -n 1 "$CONF" | grep -qxF -e "$MARK" -e "$OLD_MARK"; then
    log "$CONF exists and was not written by this script: not a throwaway machine?"
    exit 1
  fi
  mkdir -p "$(dirname "$CONF")"
  WROTE_CONF=1
  cat >"$CONF" <<EOF
$MARK
ClusterName=proof
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MinJobAge=600
ReturnToService=2
SlurmdTimeout=60
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=proof Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
}

start_slurm() {
  slurmctld -D -i -f "$CONF" >>"$WORK/log/slurmctld.out" 2>&1 &
  STARTED+=($!)
  slurmd -D -N "$NODE" -f "$CONF" >>"$WORK/log/slurmd.out" 2>&1 &
  STARTED+=($!)
  local state=""
  for _ in $(seq 120); do
    state=$(sinfo -h -N -n "$NODE" -o %t 2>/dev/null || true)
    if [ "$state" = idle ]; then
      log "node $NODE idle ($CPUS CPUs, ${MEM_MB} MB)"
      return
    fi
    sleep 0.5
  done
  log "node $NODE not idle after 60 s (state '$state')"
  exit 1
}

copy_repository() {
  # Two identical clean copies of the sources: one built on the cluster, one locally.
  (cd "$REPO/tools" && python -c 'import sys; from pathlib import Path
from repocopy import copy_repo
copy_repo(Path(sys.argv[1]))' "$WORK/cluster")
  cp -a "$WORK/cluster" "$WORK/local"
}

outputs_digest() {
  # SHA-256 of every product, by path relative to the copy.
  # (derived tables and figures, the published documents, briefs and their
  # publication record, the change report, the Markdown they are made from)
  (cd "$1" && find data/derived report/build -type f ! -name README.md -print0 | sort -z |
    xargs -0 sha256sum)
}

start_munge
write_slurm_conf
start_slurm
copy_repository

log "cluster build: snakemake --profile profiles/slurm"
start=$(date +%s)
# The profile is the one for real clusters; the options below only describe
# this throwaway cluster: no accounts, no accounting database (squeue instead
# of sacct), and jobs of a few seconds (poll often).
(cd "$WORK/cluster" && snakemake --profile profiles/slurm \
  --slurm-no-account --slurm-status-command squeue \
  --slurm-init-seconds-before-status-checks 2 --seconds-between-status-checks 2 \
  --slurm-logdir "$WORK/slurm-logs" --slurm-keep-successful-logs \
  >"$WORK/log/cluster-build.log" 2>&1) || {
  tail -n 40 "$WORK/log/cluster-build.log" >&2
  exit 1
}
log "cluster build done in $(($(date +%s) - start)) s"
jobs=$(find "$WORK/slurm-logs" -name '*.log' | wc -l)
[ "$jobs" -gt 0 ] || { log "no SLURM job logs: nothing ran on the cluster"; exit 1; }
log "$jobs jobs ran as SLURM jobs"

log "local build of the same sources"
start=$(date +%s)
(cd "$WORK/local" && snakemake --cores "$CPUS" >"$WORK/log/local-build.log" 2>&1) || {
  tail -n 40 "$WORK/log/local-build.log" >&2
  exit 1
}
log "local build done in $(($(date +%s) - start)) s"

outputs_digest "$WORK/cluster" >"$WORK/cluster.sha256"
outputs_digest "$WORK/local" >"$WORK/local.sha256"
if ! diff -u "$WORK/local.sha256" "$WORK/cluster.sha256" >&2; then
  log "outputs differ between the cluster and the local build"
  exit 1
fi
log "OK: $(wc -l <"$WORK/local.sha256") outputs byte-identical (cluster vs local)"
