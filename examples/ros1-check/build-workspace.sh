#!/usr/bin/env bash
# Builds a scratch ROS 1 workspace for the manual rosbridge check (see README.md in this folder): Python message
# modules generated with Debian's genpy for the packages Debian does not ship (control_msgs, ur_msgs, rosauth,
# rosbridge_msgs), and rosbridge_library/rosbridge_server from a rosbridge_suite checkout, all under one folder.
#
#   build-workspace.sh <workspace-dir> <rosbridge_suite ros1 checkout> <control_msgs kinetic-devel checkout> \
#     <ur_msgs melodic-devel checkout> <rosauth checkout>
#
# Then `source <workspace-dir>/env.sh` puts it on PYTHONPATH and ROS_PACKAGE_PATH.
set -euo pipefail
if [ $# -ne 5 ]; then
  echo "usage: $0 <workspace-dir> <rosbridge_suite> <control_msgs> <ur_msgs> <rosauth>" >&2
  exit 2
fi
ws=$(realpath -m "$1")
bridge=$(realpath "$2")
control=$(realpath "$3")
ur=$(realpath "$4")
auth=$(realpath "$5")
py=/usr/bin/python3
mkdir -p "$ws/python" "$ws/share"

# Include paths for the message packages Debian ships (genmsg resolves dependencies through them).
includes=()
for pkg in std_msgs actionlib_msgs geometry_msgs trajectory_msgs sensor_msgs; do
  includes+=(-I "$pkg:/usr/share/$pkg/msg")
done

# generate <package> <source dir with msg/ srv/ action/ and package.xml>
generate() {
  local pkg=$1 src=$2 share="$ws/share/$1"
  mkdir -p "$share/msg" "$share/srv"
  cp "$src/package.xml" "$share/"
  if [ -d "$src/msg" ]; then cp "$src"/msg/*.msg "$share/msg/"; fi
  if [ -d "$src/srv" ]; then cp "$src"/srv/*.srv "$share/srv/"; fi
  if [ -d "$src/action" ]; then
    for action in "$src"/action/*.action; do "$py" /usr/lib/actionlib_msgs/genaction.py -o "$share/msg" "$action"; done
  fi
  local own=(-I "$pkg:$share/msg")
  if compgen -G "$share/msg/*.msg" >/dev/null; then
    "$py" /usr/lib/genpy/genmsg_py.py -p "$pkg" -o "$ws/python/$pkg/msg" "${own[@]}" "${includes[@]}" "$share"/msg/*.msg
    "$py" /usr/lib/genpy/genmsg_py.py --initpy -p "$pkg" -o "$ws/python/$pkg/msg"
  fi
  if compgen -G "$share/srv/*.srv" >/dev/null; then
    "$py" /usr/lib/genpy/gensrv_py.py -p "$pkg" -o "$ws/python/$pkg/srv" "${own[@]}" "${includes[@]}" "$share"/srv/*.srv
    "$py" /usr/lib/genpy/gensrv_py.py --initpy -p "$pkg" -o "$ws/python/$pkg/srv"
  fi
  touch "$ws/python/$pkg/__init__.py"
}

# The control_msgs repository keeps the package in a folder of its own.
if [ -f "$control/control_msgs/package.xml" ]; then control="$control/control_msgs"; fi
generate control_msgs "$control"
generate ur_msgs "$ur"
generate rosbridge_msgs "$bridge/rosbridge_msgs"
# rosbridge_server imports rosauth's service type even when authentication is off.
generate rosauth "$auth"

# Debian's python3-tf2-msgs has the Python module but no package.xml, and rosbridge finds a package by its manifest
# before importing it: give it a minimal one.
if [ ! -f /usr/share/tf2_msgs/package.xml ]; then
  mkdir -p "$ws/share/tf2_msgs"
  cat >"$ws/share/tf2_msgs/package.xml" <<'XML'
<?xml version="1.0"?>
<package format="2">
  <name>tf2_msgs</name>
  <version>0.0.0</version>
  <description>Manifest only: the messages come from Debian's python3-tf2-msgs.</description>
  <maintainer email="nobody@example.com">nobody</maintainer>
  <license>BSD</license>
  <buildtool_depend>catkin</buildtool_depend>
</package>
XML
fi

# rosbridge's own Python packages, as they are in the checkout.
for pkg in rosbridge_library rosbridge_server; do
  rm -rf "${ws:?}/python/$pkg"
  cp -r "$bridge/$pkg/src/$pkg" "$ws/python/$pkg"
  mkdir -p "$ws/share/$pkg"
  cp "$bridge/$pkg/package.xml" "$ws/share/$pkg/"
done
cp "$bridge/rosbridge_server/scripts/rosbridge_websocket.py" "$ws/rosbridge_websocket.py"

cat >"$ws/env.sh" <<ENV
export PYTHONPATH="$ws/python\${PYTHONPATH:+:\$PYTHONPATH}"
export ROS_PACKAGE_PATH="$ws/share:/usr/share"
export ROS_MASTER_URI="\${ROS_MASTER_URI:-http://127.0.0.1:11311}"
export ROS_HOSTNAME=127.0.0.1
ENV
echo "workspace ready in $ws; source $ws/env.sh"
