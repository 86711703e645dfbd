#!/bin/bash
# Makes the root file system of dynamicprobe/base: Debian bookworm minbase plus what the .NET runtime loads natively
# (ICU, OpenSSL, CA certificates) and libfaketime (a scenario's `clock`), slimmed, with the unprivileged user `probe`.
# Writes it as a tarball to $1.
# Host tooling run by the image builder (needs root and debootstrap); it reaches only the Debian mirror.
set -euo pipefail

out=${1:?usage: build-rootfs.sh OUTPUT.tar}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ "$(id -u)" -ne 0 ]; then
  echo "build-rootfs.sh: debootstrap needs root; run as root (or: sudo make engine && sudo ./dynamicprobe images)" >&2
  exit 2
fi
command -v debootstrap >/dev/null || { echo "build-rootfs.sh: debootstrap missing; run scripts/engine.sh as root" >&2; exit 2; }

work=$(mktemp -d "$(dirname "$out")/rootfs.XXXXXX")
# --one-file-system: never delete through a /proc or /sys that a failed debootstrap left mounted in the chroot.
trap 'rm -rf --one-file-system "$work"' EXIT
root=$work/rootfs

if ! debootstrap --variant=minbase --include=libicu72,libssl3,ca-certificates,libfaketime bookworm "$root" "$mirror" > "$work/debootstrap.log" 2>&1; then
  tail -30 "$work/debootstrap.log" >&2
  exit 1
fi

# Slim: package caches, apt lists, docs, man pages and translations are never read by a sandboxed program.
rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
       "$root"/usr/share/info/* "$root"/usr/share/locale/* "$root"/usr/share/lintian "$root"/var/log/* \
       "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old
# debootstrap copies the host's hostname and resolver into the rootfs; the sandbox must not learn them.
rm -f "$root"/etc/hostname "$root"/etc/resolv.conf "$root"/etc/machine-id
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$root"/etc/hosts

# The unprivileged user every sandbox runs as.
echo 'probe:x:1000:1000:probe:/home/probe:/bin/sh' >> "$root"/etc/passwd
echo 'probe:x:1000:' >> "$root"/etc/group
echo 'probe:*:19000:0:99999:7:::' >> "$root"/etc/shadow
install -d -m 0755 -o 1000 -g 1000 "$root"/home/probe

tar --numeric-owner --xattrs -C "$root" -cf "$out" .
