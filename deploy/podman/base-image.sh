#!/usr/bin/env bash
# Debian bookworm base image for deploy/docker/Dockerfile without any image registry:
# debootstrap --variant=minbase + Debian's python3.11, imported with `podman import`.
# Cached on this machine: the image in podman's storage and the root filesystem tarball under
# $AKTIV_IMAGE_CACHE (default /var/cache/kaufbeuren-aktiv as root, else ~/.cache/kaufbeuren-aktiv).
# Rebuilt only when both are missing (or with AKTIV_BASE_REBUILD=1).
set -euo pipefail
BASE_IMAGE="${BASE_IMAGE:-localhost/kaufbeuren-aktiv/base:bookworm}"
# The first mirror that answers: DEBIAN_MIRROR, those apt uses on this machine, then deb.debian.org.
reachable() { curl -fsS --max-time 10 -o /dev/null "${1%/}/dists/bookworm/Release"; }
MIRROR=""
for candidate in ${DEBIAN_MIRROR:-} \
    $(cat /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | grep -v '^[[:space:]]*#' \
        | grep -oE 'https?://[^ ]+/debian/?( |$)' | sort -u) \
    http://deb.debian.org/debian; do
  if reachable "$candidate"; then MIRROR="${candidate%/}"; break; fi
done
[ -n "$MIRROR" ] || { echo "base-image: kein Debian-Spiegel erreichbar" >&2; exit 1; }
if [ "$(id -u)" = 0 ]; then CACHE="${AKTIV_IMAGE_CACHE:-/var/cache/kaufbeuren-aktiv}"; else CACHE="${AKTIV_IMAGE_CACHE:-$HOME/.cache/kaufbeuren-aktiv}"; fi
TARBALL="$CACHE/base-bookworm-python3.11.tar"
here="$(cd "$(dirname "$0")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"
log() { printf '%s base-image: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

if [ "${AKTIV_BASE_REBUILD:-0}" != 1 ] && podman image exists "$BASE_IMAGE"; then
  log "$BASE_IMAGE ist schon da (AKTIV_BASE_REBUILD=1 baut neu)"; exit 0
fi
mkdir -p "$CACHE"
if [ "${AKTIV_BASE_REBUILD:-0}" = 1 ] || [ ! -s "$TARBALL" ]; then
  [ "$(id -u)" = 0 ] || { log "debootstrap braucht root"; exit 1; }
  command -v debootstrap >/dev/null || { log "debootstrap fehlt (apt-get install debootstrap)"; exit 1; }
  root="$(mktemp -d "$CACHE/rootfs.XXXXXX")"
  trap 'rm -rf "$root"' EXIT
  log "debootstrap --variant=minbase bookworm von $MIRROR"
  start=$(date +%s)
  debootstrap --variant=minbase --include=python3.11,python3,ca-certificates bookworm "$root" "$MIRROR" \
    > "$CACHE/debootstrap.log" 2>&1 || { log "debootstrap fehlgeschlagen, siehe $CACHE/debootstrap.log"; tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
  # Smaller: no package caches, lists, docs, man pages or locales in the image.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
         "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* "$root"/var/log/*.log \
         "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old
  find "$root"/usr/lib/python3* -name __pycache__ -type d -prune -exec rm -rf {} + 2>/dev/null || true
  # apt inside the build stage uses the same mirror.
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\n' "$MIRROR" "$MIRROR" > "$root/etc/apt/sources.list"
  tar -C "$root" --numeric-owner -cf "$TARBALL.tmp" . && mv "$TARBALL.tmp" "$TARBALL"
  log "Wurzeldateisystem fertig in $(( $(date +%s) - start )) s: $(du -h "$TARBALL" | cut -f1) $TARBALL"
fi
log "podman import $TARBALL -> $BASE_IMAGE"
podman import \
  --change 'ENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV=LANG=C.UTF-8' \
  --change 'CMD=["/bin/bash"]' \
  "$TARBALL" "$BASE_IMAGE" >/dev/null
log "$BASE_IMAGE: $(podman image inspect --format '{{.Size}}' "$BASE_IMAGE") Bytes"
