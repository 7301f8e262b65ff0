#include "policy/gpu_devices.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "policy/test_files.h"

namespace ds01::policy {
namespace {

// A /dev of our own (mknod needs root, as every test of the daemon has).
class GpuDevicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dev_ = dir_.MakeDir("dev");
    dir_.WriteFile("devices",
                   "Character devices:\n  1 mem\n195 nvidia-frontend\n"
                   "235 nvidia-uvm\n226 drm\n\nBlock devices:\n  8 sd\n");
  }

  void Node(const std::string& name, unsigned major_number, unsigned minor_number) {
    ASSERT_EQ(
        mknod((dev_ + "/" + name).c_str(), S_IFCHR | 0600, makedev(major_number, minor_number)), 0);
  }

  GpuDevices Devices() const { return GpuDevices(dev_, dir_.path("devices")); }

  testing::TempDir dir_;
  std::string dev_;
};

TEST_F(GpuDevicesTest, KnowsGpusByNameByMajorAndThroughLinks) {
  Node("nvidia0", 195, 0);
  Node("innocent", 195, 1);
  Node("uvm-renamed", 235, 0);
  Node("null", 1, 3);
  dir_.MakeDir("dev/char");
  dir_.Symlink("dev/char/195:0", dev_ + "/nvidia0");
  const GpuDevices devices = Devices();
  EXPECT_TRUE(devices.Reaches(dev_ + "/nvidia0"));
  EXPECT_TRUE(devices.Reaches(dev_ + "/nvidia-caps/nvidia-cap1")) << "by name, present or not";
  EXPECT_TRUE(devices.Reaches(dev_ + "/dri/renderD128"));
  EXPECT_TRUE(devices.Reaches(dev_ + "/innocent")) << "major 195";
  EXPECT_TRUE(devices.Reaches(dev_ + "/uvm-renamed")) << "a major /proc/devices names nvidia-*";
  EXPECT_TRUE(devices.Reaches(dev_ + "/char/195:0")) << "a link to one";
  EXPECT_FALSE(devices.Reaches(dev_ + "/null"));
  EXPECT_FALSE(devices.Reaches(dev_ + "/fuse"));
}

TEST_F(GpuDevicesTest, AHostHasGpusWhenAnyNodeIsThere) {
  EXPECT_FALSE(Devices().HostHasAny());
  dir_.MakeDir("dev/dri");
  EXPECT_TRUE(Devices().HostHasAny());
}

}  // namespace
}  // namespace ds01::policy
