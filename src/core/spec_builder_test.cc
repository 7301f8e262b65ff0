#include "core/spec_builder.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/managed_labels.h"
#include "core/test_support.h"

namespace ds01::core {
namespace {

Blueprint Sample() {
  Blueprint blueprint;
  blueprint.uid = 1000;
  blueprint.user = "alice";
  blueprint.name = "train";
  blueprint.project = "thesis";
  blueprint.created_at = FakeClock::DefaultStart();
  blueprint.image_has_command = true;
  blueprint.request.image = "ds01-1000/thesis:latest";
  blueprint.request.user = "1000:1000";
  blueprint.request.binds = {{"/home/alice/workspace/thesis", "/workspace", false},
                             {"/data/shared", "/data", true}};
  blueprint.bind_sources = {"/var/lib/ds01/mounts/1000/train/0",
                            "/var/lib/ds01/mounts/1000/train/1"};
  blueprint.request.memory_bytes = 1ull << 30;
  blueprint.request.cpus = 0.5;
  blueprint.request.shm_size_bytes = 64ull << 20;
  blueprint.request.pids_limit = 100;
  blueprint.request.labels = {{"team", "vision"}};
  return blueprint;
}

TEST(SpecBuilder, BindsAreMountedFromTheirStagingPathsAndRecordedInALabel) {
  docker::ContainerSpec spec = BuildSpec(Sample(), {}, GpuExposure::kEnvironment);
  EXPECT_TRUE(spec.binds.empty()) << "Binds would let the engine resolve the user's paths";
  ASSERT_EQ(spec.mounts.size(), 2u);
  EXPECT_EQ(spec.mounts[0].type, "bind");
  EXPECT_EQ(spec.mounts[0].source, "/var/lib/ds01/mounts/1000/train/0");
  EXPECT_EQ(spec.mounts[0].target, "/workspace");
  EXPECT_FALSE(spec.mounts[0].read_only);
  EXPECT_EQ(spec.mounts[1].source, "/var/lib/ds01/mounts/1000/train/1");
  EXPECT_TRUE(spec.mounts[1].read_only);
  const std::vector<policy::BindMount> recorded = ReadLabels(spec.labels)->binds;
  ASSERT_EQ(recorded.size(), 2u);
  EXPECT_EQ(recorded[0].source, "/home/alice/workspace/thesis");
  EXPECT_EQ(recorded[0].target, "/workspace");
  EXPECT_FALSE(recorded[0].read_only);
  EXPECT_EQ(recorded[1].source, "/data/shared");
  EXPECT_TRUE(recorded[1].read_only);
  EXPECT_EQ(spec.working_dir, "/workspace");
  EXPECT_EQ(spec.nano_cpus, 500'000'000);
  EXPECT_EQ(spec.labels.at("team"), "vision");
  EXPECT_EQ(spec.labels.at("ds01.gpu.slots"), "");
  EXPECT_EQ(spec.env.at("NVIDIA_VISIBLE_DEVICES"), "void") << "no GPU means none visible";
  EXPECT_TRUE(spec.cmd.empty()) << "the image names its command";
  EXPECT_EQ(spec.security_opt, std::vector<std::string>{"no-new-privileges:true"});
  EXPECT_TRUE(spec.cap_drop.empty()) << "a process that runs as its user has no capabilities";
}

TEST(SpecBuilder, AContainerThatMayRunAsRootLosesTheCapabilitiesThatForgeFiles) {
  for (const char* user : {"", "0", "root", "0:0", "alice", "1000x"}) {
    Blueprint blueprint = Sample();
    blueprint.request.user = user;
    docker::ContainerSpec spec = BuildSpec(blueprint, {}, GpuExposure::kEnvironment);
    EXPECT_EQ(spec.security_opt, std::vector<std::string>{"no-new-privileges:true"}) << user;
    EXPECT_EQ(spec.cap_drop, (std::vector<std::string>{"CHOWN", "FOWNER", "FSETID", "MKNOD",
                                                       "SETFCAP", "SETGID", "SETUID"}))
        << user;
  }
  Blueprint allowed = Sample();
  allowed.request.user = "";
  allowed.request.cap_add = {"SETUID"};  // an admin allowed capabilities and the user asked
  const auto drop = BuildSpec(allowed, {}, GpuExposure::kEnvironment).cap_drop;
  EXPECT_EQ(std::count(drop.begin(), drop.end(), "SETUID"), 0);
  EXPECT_EQ(drop.size(), 6u);
}

TEST(SpecBuilder, TheCommandEntrypointRestartAndHealthAskedForAreTheEngines) {
  Blueprint blueprint = Sample();
  blueprint.request.command = {"python", "train.py"};
  blueprint.request.entrypoint = std::vector<std::string>{"/usr/bin/env"};
  blueprint.request.restart = {"on-failure", 3};
  blueprint.request.health.command = "test -f /tmp/ready";
  blueprint.request.health.interval = std::chrono::seconds(2);
  docker::ContainerSpec spec = BuildSpec(blueprint, {}, GpuExposure::kEnvironment);
  EXPECT_EQ(spec.cmd, (std::vector<std::string>{"python", "train.py"}));
  EXPECT_EQ(spec.entrypoint, std::vector<std::string>{"/usr/bin/env"});
  ASSERT_TRUE(spec.restart_policy.has_value());
  EXPECT_EQ(spec.restart_policy->name, "on-failure");
  EXPECT_EQ(spec.restart_policy->maximum_retry_count, 3);
  ASSERT_TRUE(spec.healthcheck.has_value());
  EXPECT_EQ(spec.healthcheck->test, (std::vector<std::string>{"CMD-SHELL", "test -f /tmp/ready"}));
  EXPECT_EQ(spec.healthcheck->interval, std::chrono::seconds(2));
  EXPECT_EQ(spec.healthcheck->retries, 0) << "unset: the engine's default";
}

TEST(SpecBuilder, NothingAskedKeepsTheImagesProbeAndNoHealthcheckTurnsItOff) {
  Blueprint blueprint = Sample();
  EXPECT_FALSE(BuildSpec(blueprint, {}, GpuExposure::kEnvironment).healthcheck.has_value());
  EXPECT_FALSE(BuildSpec(blueprint, {}, GpuExposure::kEnvironment).restart_policy.has_value());
  blueprint.request.health.disabled = true;
  auto check = BuildSpec(blueprint, {}, GpuExposure::kEnvironment).healthcheck;
  ASSERT_TRUE(check.has_value());
  EXPECT_EQ(check->test, std::vector<std::string>{"NONE"});
}

TEST(SpecBuilder, AnEmptyEntrypointWithoutACommandIdlesRatherThanExitAtOnce) {
  Blueprint blueprint = Sample();
  blueprint.request.entrypoint = std::vector<std::string>{};
  docker::ContainerSpec spec = BuildSpec(blueprint, {}, GpuExposure::kEnvironment);
  EXPECT_EQ(spec.entrypoint, std::vector<std::string>{});
  EXPECT_EQ(spec.cmd, IdleCommand());
  blueprint.image_has_command = false;
  blueprint.request.entrypoint.reset();
  blueprint.request.command = {"python", "serve.py"};
  EXPECT_EQ(BuildSpec(blueprint, {}, GpuExposure::kEnvironment).cmd,
            (std::vector<std::string>{"python", "serve.py"}));
}

TEST(SpecBuilder, TmpfsMountsCarryTheirSizeAndModeButNoSetIdOrDevices) {
  Blueprint blueprint = Sample();
  blueprint.request.tmpfs = {policy::TmpfsMount{"/scratch", 64ull << 20, 01777},
                             policy::TmpfsMount{"/tmp", 1ull << 30, std::nullopt}};
  blueprint.request.read_only = true;
  docker::ContainerSpec spec = BuildSpec(blueprint, {}, GpuExposure::kEnvironment);
  EXPECT_EQ(spec.tmpfs.at("/scratch"), "rw,exec,nosuid,nodev,size=67108864,mode=1777");
  EXPECT_EQ(spec.tmpfs.at("/tmp"), "rw,exec,nosuid,nodev,size=1073741824");
  EXPECT_TRUE(spec.read_only_rootfs);
}

TEST(SpecBuilder, ARunRemovedAtItsExitHasNoTerminalSoItsStreamsStayApart) {
  Blueprint blueprint = Sample();
  docker::ContainerSpec kept = BuildSpec(blueprint, {}, GpuExposure::kEnvironment);
  EXPECT_TRUE(kept.tty);
  EXPECT_FALSE(kept.auto_remove);
  blueprint.request.auto_remove = true;
  docker::ContainerSpec once = BuildSpec(blueprint, {}, GpuExposure::kEnvironment);
  EXPECT_TRUE(once.auto_remove);
  EXPECT_FALSE(once.tty);
  EXPECT_FALSE(once.open_stdin);
}

TEST(SpecBuilder, PortsArePublishedOnTheirHostAddressAndPort) {
  Blueprint blueprint = Sample();
  blueprint.request.ports = {policy::PortRequest{8888, "tcp", 20001, "127.0.0.1"},
                             policy::PortRequest{53, "udp", 20002, "0.0.0.0"}};
  blueprint.request.network_mode = "lab-net";
  docker::ContainerSpec spec = BuildSpec(blueprint, {}, GpuExposure::kEnvironment);
  EXPECT_EQ(spec.ports, (std::vector<docker::PortBinding>{{"8888/tcp", "127.0.0.1", "20001"},
                                                          {"53/udp", "0.0.0.0", "20002"}}));
  EXPECT_EQ(spec.network, "lab-net");
}

TEST(SpecBuilder, ATinyCpuLimitIsNeverSentAsZero) {
  Blueprint blueprint = Sample();
  blueprint.request.cpus = 1e-10;
  EXPECT_EQ(BuildSpec(blueprint, {}, GpuExposure::kEnvironment).nano_cpus, 10'000'000);
}

TEST(SpecBuilder, IsolationOptionsThePolicyAllowedReachTheSpec) {
  Blueprint blueprint = Sample();
  blueprint.request.privileged = true;
  blueprint.request.cap_add = {"SYS_PTRACE"};
  blueprint.request.devices = {"/dev/fuse"};
  blueprint.request.pid_mode = "host";
  blueprint.request.ipc_mode = "host";
  docker::ContainerSpec spec = BuildSpec(blueprint, {}, GpuExposure::kEnvironment);
  EXPECT_TRUE(spec.privileged);
  EXPECT_EQ(spec.cap_add, std::vector<std::string>{"SYS_PTRACE"});
  EXPECT_EQ(spec.devices, std::vector<std::string>{"/dev/fuse"});
  EXPECT_EQ(spec.pid_mode, "host");
  EXPECT_EQ(spec.ipc_mode, "host");

  docker::ContainerSpec plain = BuildSpec(Sample(), {}, GpuExposure::kEnvironment);
  EXPECT_FALSE(plain.privileged);
  EXPECT_TRUE(plain.cap_add.empty());
  EXPECT_TRUE(plain.devices.empty());
  EXPECT_EQ(plain.pid_mode, "");
  EXPECT_EQ(plain.ipc_mode, "");
}

TEST(SpecBuilder, SeveralGpusAreListedInSlotOrder) {
  docker::ContainerSpec spec =
      BuildSpec(Sample(), {WholeGpu(3), MigSlot(7, 2, "1g.10gb")}, GpuExposure::kEnvironment);
  EXPECT_EQ(spec.labels.at("ds01.gpu.slots"), "3,7:2");
  EXPECT_EQ(spec.labels.at("ds01.gpu.uuids"), "GPU-3,MIG-7:2");
  EXPECT_EQ(spec.env.at("CUDA_VISIBLE_DEVICES"), "GPU-3,MIG-7:2");
  EXPECT_EQ(ReadLabels(spec.labels)->slot_ids, (std::vector<std::string>{"3", "7:2"}));
}

TEST(SpecBuilder, NewGpusReplaceOnlyTheGpusOfASpec) {
  const docker::ContainerSpec original =
      BuildSpec(Sample(), {WholeGpu(0)}, GpuExposure::kDeviceRequests);
  docker::ContainerSpec again = original;
  ExposeGpus({WholeGpu(1)}, GpuExposure::kDeviceRequests, &again);
  EXPECT_EQ(again.env.at("NVIDIA_VISIBLE_DEVICES"), "GPU-1");
  EXPECT_EQ(again.labels.at("ds01.gpu.slots"), "1");
  EXPECT_EQ(again.labels.at("ds01.gpu.uuids"), "GPU-1");
  ASSERT_EQ(again.device_requests.size(), 1u);
  EXPECT_EQ(again.device_requests[0].device_ids, std::vector<std::string>{"GPU-1"});

  // Everything else is as first built.
  docker::ContainerSpec gpus_undone = again;
  gpus_undone.env = original.env;
  gpus_undone.labels = original.labels;
  gpus_undone.device_requests = original.device_requests;
  EXPECT_EQ(gpus_undone, original);
}

}  // namespace
}  // namespace ds01::core
