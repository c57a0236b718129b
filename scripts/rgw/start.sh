#!/usr/bin/env bash
# Starts a throwaway single-node Ceph cluster (mon + memstore osd + radosgw) on 127.0.0.1,
# all of its state under $SOS_RGW_DIR, and an admin S3 user allowed to manage IAM user policies.
#
# Env: SOS_RGW_DIR (default ${TMPDIR:-/tmp}/sos-rgw), SOS_RGW_PORT (7480),
#      SOS_RGW_ACCESS_KEY / SOS_RGW_SECRET_KEY (the admin user's keys).
# Prints the endpoint; writes $SOS_RGW_DIR/env with SOS_RGW_* variables to source.
# On any failure it stops what it started (stop.sh) before exiting non-zero.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BASE=${SOS_RGW_DIR:-${TMPDIR:-/tmp}/sos-rgw}
PORT=${SOS_RGW_PORT:-7480}
ACCESS_KEY=${SOS_RGW_ACCESS_KEY:-SOSRGWADMINACCESS001}
SECRET_KEY=${SOS_RGW_SECRET_KEY:-sosrgwadminsecret00000000000000000000001}
t0=$(date +%s%N)

if ls "$BASE"/run/*.launcher >/dev/null 2>&1; then
  echo "rgw: already running under $BASE (run stop.sh first)" >&2
  exit 1
fi
if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
  echo "rgw: port $PORT is taken by something else" >&2
  exit 1
fi

fail() {
  echo "rgw: $1; the logs are in $BASE/log" >&2
  tail -n 20 "$BASE"/log/*.log 2>/dev/null | tail -n 40 >&2 || true
  KEEP_LOGS=1 SOS_RGW_DIR="$BASE" "$here/stop.sh" >/dev/null 2>&1 || true
  exit 1
}
trap 'fail "start failed at line $LINENO"' ERR

rm -rf "$BASE/data" "$BASE/run" "$BASE/log"
mkdir -p "$BASE/data/mon.a" "$BASE/data/osd.0" "$BASE/data/rgw" "$BASE/run" "$BASE/log"

FSID=$(cat /proc/sys/kernel/random/uuid)
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
export CEPH_CONF="$BASE/ceph.conf"
cat > "$CEPH_CONF" <<CONF
[global]
fsid = $FSID
mon host = [v2:127.0.0.1:3300,v1:127.0.0.1:6789]
mon initial members = a
public network = 127.0.0.0/8
auth cluster required = none
auth service required = none
auth client required = none
auth allow insecure global id reclaim = true
ms mon client mode = crc secure
ms client mode = crc secure
ms bind ipv4 = true
ms bind ipv6 = false
run dir = $BASE/run
admin socket = $BASE/run/\$name.asok
pid file = $BASE/run/\$name.pid
log file = $BASE/log/\$name.log
log to stderr = false
err to stderr = true
crash dir = $BASE/data/crash
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
mon data avail warn = 2
mon data avail crit = 1
osd objectstore = memstore
memstore device bytes = 2147483648
[mon]
mon data = $BASE/data/mon.\$id
[osd]
osd data = $BASE/data/osd.\$id
osd journal size = 0
osd max object name len = 460
osd max object namespace len = 64
osd op num threads per shard = 1
osd op num shards = 2
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$PORT
rgw data = $BASE/data/rgw
rgw dns name = 127.0.0.1
rgw thread pool size = 64
rgw enable apis = s3, s3website, admin, sts, iam
# With STS auth on, a wrong signature is reported as AccessDenied instead of SignatureDoesNotMatch.
rgw s3 auth use sts = false
rgw enable usage log = false
rgw gc processor period = 60
rgw lc debug interval = 10
CONF

# Each daemon runs in the foreground of a background job; its PID is recorded so
# stop.sh stops exactly these processes and nothing else.
monmaptool --create --fsid "$FSID" --addv a '[v2:127.0.0.1:3300,v1:127.0.0.1:6789]' "$BASE/data/monmap" >/dev/null
ceph-mon --mkfs -i a --monmap "$BASE/data/monmap" >"$BASE/log/mkfs-mon.out" 2>&1
ceph-mon -f -i a >>"$BASE/log/mon.a.stdout" 2>&1 &
echo $! > "$BASE/run/mon.a.launcher"
timeout 30 bash -c "until ceph -s --connect-timeout 2 >/dev/null 2>&1; do sleep 0.2; done" || fail "the monitor did not come up"

OSD_ID=$(timeout 20 ceph osd new "$OSD_UUID")
ceph-osd -i "$OSD_ID" --mkfs --osd-uuid "$OSD_UUID" >"$BASE/log/mkfs-osd.out" 2>&1
ceph-osd -f -i "$OSD_ID" >>"$BASE/log/osd.$OSD_ID.stdout" 2>&1 &
echo $! > "$BASE/run/osd.$OSD_ID.launcher"
timeout 60 bash -c "until ceph osd dump --connect-timeout 2 2>/dev/null | grep -q '^osd.$OSD_ID up'; do sleep 0.3; done" \
  || fail "the osd did not come up"

radosgw -f -n client.rgw >>"$BASE/log/rgw.stdout" 2>&1 &
echo $! > "$BASE/run/rgw.launcher"
timeout 90 bash -c "until curl -s -o /dev/null http://127.0.0.1:$PORT/; do sleep 0.3; done" || fail "radosgw did not answer"

timeout 30 radosgw-admin user create --uid=admin --display-name=admin \
  --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >/dev/null
timeout 30 radosgw-admin caps add --uid=admin \
  --caps="users=*;buckets=*;metadata=*;usage=*;zone=*;user-policy=*;roles=*;oidc-provider=*" >/dev/null
trap - ERR

cat > "$BASE/env" <<ENV
export SOS_RGW_ENDPOINT=http://127.0.0.1:$PORT
export SOS_RGW_ACCESS_KEY=$ACCESS_KEY
export SOS_RGW_SECRET_KEY=$SECRET_KEY
export SOS_RGW_CEPH_CONF=$CEPH_CONF
ENV
echo "rgw: up at http://127.0.0.1:$PORT in $(( ($(date +%s%N) - t0) / 1000000 )) ms (source $BASE/env for the admin keys)"
