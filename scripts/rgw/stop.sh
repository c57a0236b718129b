#!/usr/bin/env bash
# Stops only the daemons that start.sh started (by the PIDs it recorded), then wipes their state.
# radosgw 16 does not exit on SIGTERM within seconds, and the data is throwaway (memstore), so it gets SIGKILL.
# KEEP_LOGS=1 keeps $SOS_RGW_DIR/log for a post-mortem.
BASE=${SOS_RGW_DIR:-${TMPDIR:-/tmp}/sos-rgw}
stopped=0
for launcher in "$BASE"/run/rgw.launcher "$BASE"/run/osd.*.launcher "$BASE"/run/mon.*.launcher; do
  [ -f "$launcher" ] || continue
  pid=$(cat "$launcher")
  if kill -0 "$pid" 2>/dev/null; then
    case "$launcher" in *rgw.launcher) kill -KILL "$pid" ;; *) kill -TERM "$pid" ;; esac
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    stopped=$((stopped + 1))
  fi
  rm -f "$launcher"
done
rm -rf "$BASE/data" "$BASE/run" "$BASE/env"
[ "${KEEP_LOGS:-0}" = 1 ] || rm -rf "$BASE/log"
echo "rgw: stopped ($stopped daemons)"
