#include "docker/container_spec_record.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ds01::docker {
namespace {

using ::testing::HasSubstr;

// Gives every field of a spec a value other than its default. The structured binding names
// every member: a field added to ContainerSpec stops this compiling until it is given a value
// here, and the round trip below then proves the record keeps it.
ContainerSpec EveryFieldSet() {
  ContainerSpec spec;
  auto& [name, image, cmd, entrypoint, hostname, user, working_dir, env, labels, tty, open_stdin,
         binds, mounts, tmpfs, read_only_rootfs, ports, network, network_aliases, restart_policy,
         init, stop_signal, stop_timeout_seconds, auto_remove, healthcheck, log_config,
         memory_bytes, memory_swap_bytes, nano_cpus, shm_size_bytes, pids_limit, device_requests,
         runtime, cgroup_parent, privileged, cap_add, cap_drop, devices, pid_mode, ipc_mode,
         security_opt, group_add] = spec;
  name = "train._.1000";
  image = "ds01-1000/train:latest";
  cmd = {"python", "train.py"};
  entrypoint = std::vector<std::string>{"/bin/entry", "--flag"};
  hostname = "trainer";
  user = "1000:1000";
  working_dir = "/workspace";
  env = {{"A", "1"}, {"NVIDIA_VISIBLE_DEVICES", "GPU-aaaa"}};
  labels = {{"ds01.managed", "true"}, {"ds01.uid", "1000"}};
  tty = true;
  open_stdin = true;
  binds = {"/srv/a:/data:ro"};
  Mount bind{"bind", "/var/lib/ds01/mounts/1000/train/0", "/workspace", true, 0};
  Mount scratch{"tmpfs", "", "/scratch", false, 1u << 20};
  mounts = {bind, scratch};
  tmpfs = {{"/run", "size=10m"}};
  read_only_rootfs = true;
  ports = {PortBinding{"8888/tcp", "127.0.0.1", "18888"}};
  network = "none";
  network_aliases = {"trainer", "t"};
  restart_policy = RestartPolicy{"on-failure", 3};
  init = true;
  stop_signal = "SIGINT";
  stop_timeout_seconds = 42;
  auto_remove = true;
  healthcheck = Healthcheck{{"CMD", "true"},
                            std::chrono::seconds(5),
                            std::chrono::seconds(2),
                            std::chrono::seconds(30),
                            4};
  log_config = LogConfig{"json-file", {{"max-size", "10m"}}};
  memory_bytes = 8ll << 30;
  memory_swap_bytes = -1;
  nano_cpus = 2'500'000'000;
  shm_size_bytes = 1ll << 30;
  pids_limit = 512;
  device_requests = {
      DeviceRequest{"nvidia", 0, {"GPU-aaaa"}, {{"gpu", "utility"}}, {{"opt", "v"}}}};
  runtime = "runc";
  cgroup_parent = "ds01.slice";
  privileged = true;
  cap_add = {"SYS_PTRACE"};
  cap_drop = {"ALL"};
  devices = {"/dev/fuse"};
  pid_mode = "host";
  ipc_mode = "private";
  security_opt = {"no-new-privileges"};
  group_add = {"video"};
  return spec;
}

TEST(SpecRecord, EveryFieldSurvivesTheRoundTrip) {
  const ContainerSpec spec = EveryFieldSet();
  ASSERT_NE(spec, ContainerSpec{});
  auto back = SpecFromRecord(SpecRecord(spec));
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(*back, spec);
}

TEST(SpecRecord, TheDefaultSpecRoundTripsToItself) {
  auto back = SpecFromRecord(SpecRecord(ContainerSpec{}));
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(*back, ContainerSpec{});
}

TEST(SpecRecord, FieldsAnOlderRecordLacksTakeTheirDefaults) {
  auto back = SpecFromRecord(R"({"image": "busybox", "cmd": ["sleep", "1"]})");
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  ContainerSpec expected;
  expected.image = "busybox";
  expected.cmd = {"sleep", "1"};
  EXPECT_EQ(*back, expected);
}

TEST(SpecRecord, AnUnreadableRecordIsAnErrorThatSaysWhatToDo) {
  for (const char* bad : {"", "{", "[]", R"({"image": 7})", R"({"mounts": {"a": 1}})"}) {
    auto back = SpecFromRecord(bad);
    ASSERT_FALSE(back.ok()) << bad;
    EXPECT_EQ(back.error().code, ErrorCode::kInternal);
    EXPECT_THAT(back.error().hint, HasSubstr("create it again"));
  }
}

}  // namespace
}  // namespace ds01::docker
