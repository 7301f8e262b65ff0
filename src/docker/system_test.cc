#include "docker/system.h"

#include <gtest/gtest.h>

namespace ds01::docker {
namespace {

TEST(ParseSystemInfo, NvidiaRuntimeIsDetectedFromRuntimes) {
  Result<SystemInfo> info = ParseSystemInfo(R"({
    "ID": "X", "Name": "gpu01", "ServerVersion": "24.0.7", "Driver": "overlay2",
    "CgroupDriver": "systemd", "CgroupVersion": "2", "DefaultRuntime": "runc",
    "Runtimes": {"io.containerd.runc.v2": {"path": "runc"},
                 "nvidia": {"path": "nvidia-container-runtime"}, "runc": {"path": "runc"}},
    "Containers": 7, "ContainersRunning": 3, "Images": 12, "NCPU": 64, "MemTotal": 540000000000})");
  ASSERT_TRUE(info.ok()) << info.error().ToString();
  EXPECT_TRUE(info->has_nvidia_runtime);
  EXPECT_EQ(info->runtimes.size(), 3u);
  EXPECT_EQ(info->name, "gpu01");
  EXPECT_EQ(info->server_version, "24.0.7");
  EXPECT_EQ(info->storage_driver, "overlay2");
  EXPECT_EQ(info->cgroup_version, "2");
  EXPECT_EQ(info->containers_running, 3);
  EXPECT_EQ(info->cpus, 64);
  EXPECT_EQ(info->memory_bytes, 540000000000);
}

TEST(ParseSystemInfo, NoNvidiaRuntimeWithoutIt) {
  Result<SystemInfo> info = ParseSystemInfo(
      R"({"Runtimes": {"runc": {"path": "runc"}, "io.containerd.runc.v2": {"path": "runc"}}})");
  ASSERT_TRUE(info.ok());
  EXPECT_FALSE(info->has_nvidia_runtime);
  EXPECT_FALSE(info->user_namespaces);
}

TEST(ParseSystemInfo, UserNamespaceRemappingIsReadFromTheSecurityOptions) {
  Result<SystemInfo> info =
      ParseSystemInfo(R"({"SecurityOptions": ["name=seccomp,profile=default", "name=userns"]})");
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->user_namespaces);
}

TEST(ParseSystemInfo, MalformedIsAProtocolError) {
  EXPECT_EQ(ParseSystemInfo("<html>").error().code, ErrorCode::kProtocol);
}

TEST(ParseVersionInfo, ReadsVersions) {
  Result<VersionInfo> version = ParseVersionInfo(
      R"({"Version":"20.10.24+dfsg1","ApiVersion":"1.41","MinAPIVersion":"1.12",
          "Os":"linux","Arch":"amd64","KernelVersion":"6.1.0"})");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->version, "20.10.24+dfsg1");
  EXPECT_EQ(version->api_version, "1.41");
  EXPECT_EQ(version->min_api_version, "1.12");
  EXPECT_EQ(version->arch, "amd64");
}

}  // namespace
}  // namespace ds01::docker
