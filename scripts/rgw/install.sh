#!/usr/bin/env bash
# Installs a single-node Ceph RADOS Gateway (mon + osd + radosgw) from Debian's packages.
# Idempotent: does nothing when the binaries are already there. Needs root (or sudo).
set -euo pipefail
if command -v radosgw >/dev/null && command -v ceph-mon >/dev/null && command -v ceph-osd >/dev/null \
  && command -v radosgw-admin >/dev/null; then
  echo "rgw: already installed ($(radosgw --version 2>/dev/null | head -1))"
  exit 0
fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends ceph-mon ceph-osd radosgw ceph-common bc curl >/dev/null
echo "rgw: installed ($(radosgw --version | head -1))"
