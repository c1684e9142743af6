#!/usr/bin/env bash
# make images: the five app images from deploy/docker/Dockerfile, with docker or podman, whichever is there.
#   CONTAINER_ENGINE=docker|podman  choose (default: docker if its engine answers, else podman)
#   BASE_IMAGE=...                  base image (default: python:3.11-slim-bookworm; with podman the local
#                                   debootstrap base of `make base-image` if it exists)
#   IMAGE_TAG=0.1.0  IMAGES="gateway finance"  (default: all five)
# Prints each image's size and build time.
set -euo pipefail
cd "$(dirname "$0")/../.."
tag="${IMAGE_TAG:-0.1.0}"
apps="${IMAGES:-gateway programmes finance participation newsletter}"
local_base="localhost/kaufbeuren-aktiv/base:bookworm"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PWD/deploy/podman/containers.conf}"
engine="${CONTAINER_ENGINE:-}"
if [ -z "$engine" ]; then
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then engine=docker
  elif command -v podman >/dev/null; then engine=podman
  else
    echo "make images: Keine Docker-Engine erreichbar (docker info schlägt fehl) und kein podman installiert." \
         "Als root: apt-get install podman runc (oder auf einem Build-Host mit Docker bauen)." >&2; exit 1
  fi
fi
case "$engine" in
  docker)
    docker info >/dev/null 2>&1 || { echo "make images: Keine Docker-Engine erreichbar (docker info schlägt fehl)." >&2; exit 1; }
    base="${BASE_IMAGE:-python:3.11-slim-bookworm}"
    build() { DOCKER_BUILDKIT=1 docker build "$@"; }
    size() { docker image inspect --format '{{.Size}}' "$1"; } ;;
  podman)
    if [ -n "${BASE_IMAGE:-}" ]; then base="$BASE_IMAGE"
    elif podman image exists "$local_base"; then base="$local_base"
    else base=python:3.11-slim-bookworm; echo "make images: $local_base fehlt (make base-image), nehme $base" >&2; fi
    build() { podman build --format docker --network host --ignorefile deploy/docker/Dockerfile.dockerignore "$@"; }
    size() { podman image inspect --format '{{.Size}}' "$1"; } ;;
  *) echo "make images: CONTAINER_ENGINE=$engine? (docker oder podman)" >&2; exit 2 ;;
esac
# The build host's CA bundle for PyPI behind a TLS-inspecting proxy (AKTIV_BUILD_CA=none: without).
ca="${AKTIV_BUILD_CA:-${SSL_CERT_FILE:-}}"
secret=()
if [ -n "$ca" ] && [ "$ca" != none ] && [ -s "$ca" ]; then secret=(--secret "id=ca_bundle,src=$ca"); fi
echo "make images: $engine, Basis $base, Tag $tag${secret:+, CA-Bündel $ca}"
for s in $apps; do
  start=$(date +%s)
  build "${secret[@]}" -f deploy/docker/Dockerfile --build-arg BASE_IMAGE="$base" --build-arg SERVICE="$s" \
        --build-arg VERSION="$tag" -t "kaufbeuren-aktiv/$s:$tag" . > "${TMPDIR:-/tmp}/aktiv-image-$s.log" 2>&1 \
    || { tail -30 "${TMPDIR:-/tmp}/aktiv-image-$s.log" >&2; echo "make images: $s fehlgeschlagen" >&2; exit 1; }
  bytes=$(size "kaufbeuren-aktiv/$s:$tag")
  printf 'make images: kaufbeuren-aktiv/%s:%s  %d MB  %d s\n' "$s" "$tag" $((bytes / 1000000)) $(( $(date +%s) - start ))
done
