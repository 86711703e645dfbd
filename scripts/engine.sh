#!/bin/bash
# Brings up what DynamicProbe needs on the host: a Docker engine without a bridge, tracefs for the eBPF monitor,
# and the host tools (bpftrace, debootstrap, iptables, setpriv, static busybox). Idempotent: when everything is
# already there it only checks and exits 0. Honours DOCKER_HOST (unix:// sockets are started here; a tcp:// engine
# must already run). Exit 2 with a message saying what to do when something is missing and it cannot fix it.
set -euo pipefail

log=/var/log/dynamicprobe-dockerd.log
# The engine's storage root shows in every sandbox's /proc/self/mountinfo (the overlay's lowerdir): a root that says
# nothing of Docker hides one of the usual "am I in a container" checks (DESIGN.md decision 6).
data_root=/var/lib/sysimage
tracefs=/sys/kernel/tracing
docker_host=${DOCKER_HOST:-unix:///var/run/docker.sock}

say() { echo "engine.sh: $*" >&2; }

# Answers when the engine at DOCKER_HOST replies to a ping: through the CLI when present, else curl on the socket.
engine_answers() {
  if command -v docker >/dev/null 2>&1; then
    DOCKER_HOST=$docker_host timeout 10 docker info >/dev/null 2>&1
  elif command -v curl >/dev/null 2>&1; then
    case $docker_host in
      unix://*) timeout 10 curl -fsS --unix-socket "${docker_host#unix://}" http://localhost/_ping >/dev/null 2>&1 ;;
      tcp://*) timeout 10 curl -fsS "http://${docker_host#tcp://}/_ping" >/dev/null 2>&1 ;;
      *) return 1 ;;
    esac
  else
    return 1
  fi
}

# /proc instead of pgrep: procps may not be installed yet.
dockerd_running() { grep -qsx dockerd /proc/[0-9]*/comm; }

tracefs_mounted() { awk -v m="$tracefs" '$2 == m && $3 == "tracefs" { found = 1 } END { exit !found }' /proc/mounts; }

# Debian package that provides each host command DynamicProbe uses.
declare -A package_of=(
  [docker]=docker.io [dockerd]=docker.io [bpftrace]=bpftrace [debootstrap]=debootstrap
  [iptables]=iptables [setpriv]=util-linux [busybox]=busybox-static [jq]=jq  # jq: make bench reads its reports
)

missing_packages() {
  local cmd
  for cmd in "${!package_of[@]}"; do
    # dockerd lives in /usr/sbin, which a non-root PATH may lack.
    command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || echo "${package_of[$cmd]}"
  done | sort -u
}

missing=$(missing_packages)
# An engine started elsewhere keeps its own storage root; say so when that root names Docker.
warn_about_data_root() {
  command -v docker >/dev/null 2>&1 || return 0
  local root
  root=$(DOCKER_HOST=$docker_host timeout 10 docker info --format '{{.DockerRootDir}}' 2>/dev/null) || return 0
  case $root in
    *docker*) say "warning: this engine stores containers under $root, which sandboxes can read in /proc/self/mountinfo;" \
                  "stop it and run scripts/engine.sh again to start one with --data-root $data_root" ;;
  esac
}

if [ -z "$missing" ] && tracefs_mounted && engine_answers; then
  warn_about_data_root
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  [ -n "$missing" ] && say "missing packages: $(echo $missing)"
  tracefs_mounted || say "tracefs is not mounted at $tracefs"
  if ! engine_answers; then
    say "no Docker engine answers at $docker_host"
    socket=${docker_host#unix://}
    [ -S "$socket" ] && [ ! -w "$socket" ] && say "(the socket $socket exists but you may not use it: join the docker group, or run as root)"
  fi
  say "run as root: sudo $(readlink -f "$0")   (or: sudo make engine)"
  exit 2
fi

if [ -n "$missing" ]; then
  say "installing $(echo $missing)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  # shellcheck disable=SC2086 # one word per package
  apt-get install -y -q $missing >/dev/null
fi

if ! tracefs_mounted; then
  say "mounting tracefs at $tracefs"
  mount -t tracefs nodev "$tracefs"
fi

if ! engine_answers; then
  case $docker_host in
    unix://*) ;;
    *) say "no Docker engine answers at DOCKER_HOST=$docker_host and only a local unix socket engine can be started here"
       say "start that engine, or unset DOCKER_HOST to use a local one"
       exit 2 ;;
  esac
  # A dockerd that is still starting must not get a twin fighting over the same data root.
  if ! dockerd_running; then
    say "starting dockerd (no bridge, no iptables), log in $log"
    setsid nohup dockerd --bridge=none --iptables=false --data-root "$data_root" -H "$docker_host" >>"$log" 2>&1 </dev/null &
  fi
  for _ in $(seq 60); do
    engine_answers && break
    sleep 1
  done
  if ! engine_answers; then
    say "dockerd did not answer at $docker_host within 60 s; last lines of $log:"
    tail -n 30 "$log" >&2 || true
    exit 2
  fi
fi

warn_about_data_root
say "ready: Docker engine at $docker_host, tracefs at $tracefs"
