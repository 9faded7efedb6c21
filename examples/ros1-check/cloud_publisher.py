#!/usr/bin/env python3
"""Publishes a known organised point cloud for the manual PointCloud2 check (see README.md here).

A camera of `~width` x `~height` pixels and vertical field of view `~fov_y` (the wheeled humanoid's head camera by
default) looks at a plane that recedes with the image row: depth = `~near_m` + `~slope_m` x row. One point per
pixel, in the optical frame `~frame_id`, packed by rospy's `sensor_msgs.point_cloud2.create_cloud_xyz32` (x, y, z
float32, 12-byte points, the ROS 1 helper's own layout) and published on `~topic` at 5 Hz. `cloud-check.ts` reads it
through rosbridge with embody's camera and compares every pixel's depth.
"""
import math

import rospy
from sensor_msgs import point_cloud2
from std_msgs.msg import Header
from sensor_msgs.msg import PointCloud2


def main():
    rospy.init_node("cloud_publisher")
    width = rospy.get_param("~width", 160)
    height = rospy.get_param("~height", 120)
    fov_y = rospy.get_param("~fov_y", 0.9)
    near_m = rospy.get_param("~near_m", 0.8)
    slope_m = rospy.get_param("~slope_m", 0.004)
    frame_id = rospy.get_param("~frame_id", "head_camera_optical")
    topic = rospy.get_param("~topic", "/head_camera/depth/points")
    # The pinhole model embody takes from the URDF: square pixels, principal point at the image centre.
    f = height / 2 / math.tan(fov_y / 2)
    cx, cy = (width - 1) / 2, (height - 1) / 2
    points = []
    for v in range(height):
        z = near_m + slope_m * v
        for u in range(width):
            points.append(((u - cx) / f * z, (v - cy) / f * z, z))
    publisher = rospy.Publisher(topic, PointCloud2, queue_size=1)
    rate = rospy.Rate(5)
    rospy.loginfo("cloud publisher ready")
    while not rospy.is_shutdown():
        cloud = point_cloud2.create_cloud_xyz32(Header(stamp=rospy.Time.now(), frame_id=frame_id), points)
        # create_cloud makes an unorganised cloud (height 1); a depth camera's is organised, row by row.
        cloud.height, cloud.width = height, width
        cloud.row_step = cloud.point_step * width
        cloud.is_dense = True
        publisher.publish(cloud)
        rate.sleep()


if __name__ == "__main__":
    main()
