#!/usr/bin/env bash
# Runs the manual ROS 1 check (see README.md here): roscore, a real rosbridge_server and fake_robot.py from the
# workspace build-workspace.sh made, then `embody run --backend ros` with the tabletop pick-and-place task, once per
# compression; then cloud_publisher.py and cloud-check.ts, the depth camera's PointCloud2 in the same compressions. Every process it starts is stopped on exit. Run from the repository root:
#
#   examples/ros1-check/run-check.sh <workspace-dir> [json|cbor|cbor-raw ...]
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 <workspace-dir> [compression ...]" >&2
  exit 2
fi
ws=$(realpath "$1")
shift
compressions=("${@:-json}")
[ ${#compressions[@]} -eq 0 ] && compressions=(json)
here=$(dirname "$(realpath "$0")")
root=$(realpath "$here/../..")
logs=$(mktemp -d -t embody-ros1-check-XXXXXX)
export ROS_MASTER_URI=http://127.0.0.1:11411 ROS_HOME="$logs/ros-home"
# shellcheck disable=SC1091
source "$ws/env.sh"

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT

# Waits until a TCP port on 127.0.0.1 accepts connections (30 s at most).
wait_port() {
  for _ in $(seq 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on port $1; see $logs" >&2
  return 1
}

roscore -p 11411 >"$logs/roscore.log" 2>&1 &
pids+=($!)
wait_port 11411
/usr/bin/python3 "$ws/rosbridge_websocket.py" _port:=9191 _address:=127.0.0.1 >"$logs/rosbridge.log" 2>&1 &
pids+=($!)
wait_port 9191
node "$root/bin/run-ts.mjs" "$here/scene-poses.ts" "$root/scenes/tabletop.yaml" ur >"$logs/poses.json"

status=0
for compression in "${compressions[@]}"; do
  # A fresh robot for every run: the objects back where the scene has them.
  /usr/bin/python3 "$here/fake_robot.py" _urdf:="$root/hardware/robots/ur-arm.urdf" _objects:="$logs/poses.json" \
    >"$logs/robot-$compression.log" 2>&1 &
  robot=$!
  pids+=("$robot")
  until grep -qs "fake robot ready" "$logs/robot-$compression.log"; do sleep 0.2; done
  sed "s/^compression: .*/compression: $compression/" "$here/robot.yaml" >"$here/robot-$compression.tmp.yaml"
  echo "== compression $compression"
  if node "$root/bin/embody.mjs" run "$root/tasks/tabletop-pick-and-place.yaml" --backend ros \
    --robot "$here/robot-$compression.tmp.yaml" --scene "$root/scenes/tabletop.yaml" --json \
    >"$logs/run-$compression.json" 2>"$logs/run-$compression.err"; then
    echo "succeeded"
  else
    status=1
    echo "failed: see $logs/run-$compression.err"
  fi
  grep "^embody:" "$logs/run-$compression.err" || true
  rm -f "$here/robot-$compression.tmp.yaml"
  kill "$robot"
done
# The camera: a known organised cloud from rospy, read through the same server with embody's ROS camera.
/usr/bin/python3 "$here/cloud_publisher.py" >"$logs/cloud.log" 2>&1 &
pids+=($!)
until grep -qs "cloud publisher ready" "$logs/cloud.log"; do sleep 0.2; done
echo "== point cloud"
node "$root/bin/run-ts.mjs" "$here/cloud-check.ts" ws://127.0.0.1:9191 "${compressions[@]}" || status=1
echo "logs in $logs"
exit $status
