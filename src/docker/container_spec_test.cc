#include "docker/container_spec.h"

#include <gtest/gtest.h>

namespace ds01::docker {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// Seed 003's containers.run(...) example, as a ContainerSpec.
ContainerSpec SeedSpec() {
  ContainerSpec spec;
  spec.name = "my-app";
  spec.image = "python:3.12-slim";
  spec.cmd = {"python", "app.py"};
  spec.ports = {{"8000/tcp", "", "8080"}, {"8443", "127.0.0.1", "8443"}};
  spec.network = "app-net";
  spec.network_aliases = {"web"};
  spec.hostname = "app-host";
  spec.log_config = LogConfig{"json-file", {{"max-size", "50m"}, {"max-file", "2"}}};
  spec.env = {{"DEBUG", "1"}, {"DB_URL", "sqlite:///data.db"}};
  spec.working_dir = "/app";
  spec.user = "1000:1000";
  spec.binds = {"/host/data:/data:rw"};
  Mount config;
  config.source = "/host/config";
  config.target = "/config";
  config.read_only = true;
  spec.mounts = {config};
  spec.tmpfs = {{"/tmp", "size=100m"}};
  spec.read_only_rootfs = true;
  spec.auto_remove = true;
  spec.init = true;
  spec.restart_policy = RestartPolicy{"on-failure", 3};
  spec.stop_signal = "SIGTERM";
  spec.memory_bytes = 512 << 20;
  spec.nano_cpus = 500'000'000;
  spec.shm_size_bytes = 64 << 20;
  spec.pids_limit = 256;
  spec.labels = {{"app", "web"}, {"version", "1.0"}};
  spec.healthcheck =
      Healthcheck{{"CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"}, 10s, 5s, 30s, 3};
  DeviceRequest gpus;
  gpus.driver = "nvidia";
  gpus.device_ids = {"GPU-1234", "MIG-5678"};
  gpus.capabilities = {{"gpu"}};
  spec.device_requests = {gpus};
  spec.privileged = true;
  spec.cap_add = {"SYS_PTRACE"};
  spec.devices = {"/dev/fuse"};
  spec.pid_mode = "host";
  spec.ipc_mode = "shareable";
  return spec;
}

TEST(ContainerCreateBody, CarriesEverySeedOption) {
  Result<json> body = ContainerCreateBody(SeedSpec());
  ASSERT_TRUE(body.ok()) << body.error().ToString();
  const json& b = *body;
  EXPECT_EQ(b["Image"], "python:3.12-slim");
  EXPECT_EQ(b["Cmd"], json({"python", "app.py"}));
  EXPECT_EQ(b["Hostname"], "app-host");
  EXPECT_EQ(b["Env"], json({"DB_URL=sqlite:///data.db", "DEBUG=1"}));
  EXPECT_EQ(b["WorkingDir"], "/app");
  EXPECT_EQ(b["User"], "1000:1000");
  EXPECT_EQ(b["Labels"], json({{"app", "web"}, {"version", "1.0"}}));
  EXPECT_EQ(b["StopSignal"], "SIGTERM");
  EXPECT_EQ(b["ExposedPorts"], json({{"8000/tcp", json::object()}, {"8443/tcp", json::object()}}));
  EXPECT_EQ(b["Healthcheck"],
            json({{"Test", {"CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"}},
                  {"Interval", 10'000'000'000},
                  {"Timeout", 5'000'000'000},
                  {"StartPeriod", 30'000'000'000},
                  {"Retries", 3}}));
  const json& host = b["HostConfig"];
  EXPECT_EQ(host["Binds"], json({"/host/data:/data:rw"}));
  EXPECT_EQ(host["Mounts"], json::parse(R"([{"Type":"bind","Source":"/host/config",
                                            "Target":"/config","ReadOnly":true}])"));
  EXPECT_EQ(host["Tmpfs"], json({{"/tmp", "size=100m"}}));
  EXPECT_EQ(host["PortBindings"], json::parse(R"({"8000/tcp":[{"HostIp":"","HostPort":"8080"}],
                                                  "8443/tcp":[{"HostIp":"127.0.0.1","HostPort":"8443"}]})"));
  EXPECT_EQ(host["NetworkMode"], "app-net");
  EXPECT_EQ(host["RestartPolicy"], json({{"Name", "on-failure"}, {"MaximumRetryCount", 3}}));
  EXPECT_EQ(host["Init"], true);
  EXPECT_EQ(host["ReadonlyRootfs"], true);
  EXPECT_EQ(host["AutoRemove"], true);
  EXPECT_EQ(host["LogConfig"], json::parse(R"({"Type":"json-file",
                                              "Config":{"max-file":"2","max-size":"50m"}})"));
  EXPECT_EQ(host["Memory"], 512 << 20);
  EXPECT_EQ(host["NanoCpus"], 500'000'000);
  EXPECT_EQ(host["ShmSize"], 64 << 20);
  EXPECT_EQ(host["PidsLimit"], 256);
  EXPECT_EQ(host["DeviceRequests"], json::parse(R"([{"Driver":"nvidia","Count":0,
      "DeviceIDs":["GPU-1234","MIG-5678"],"Capabilities":[["gpu"]],"Options":{}}])"));
  EXPECT_EQ(host["Privileged"], true);
  EXPECT_EQ(host["CapAdd"], json({"SYS_PTRACE"}));
  EXPECT_EQ(host["Devices"], json::parse(R"([{"PathOnHost":"/dev/fuse",
      "PathInContainer":"/dev/fuse","CgroupPermissions":"rwm"}])"));
  EXPECT_EQ(host["PidMode"], "host");
  EXPECT_EQ(host["IpcMode"], "shareable");
  EXPECT_EQ(b["NetworkingConfig"],
            json::parse(R"({"EndpointsConfig":{"app-net":{"Aliases":["web"]}}})"));
}

TEST(ContainerCreateBody, LeavesUnsetOptionsToTheEngine) {
  ContainerSpec spec;
  spec.image = "ds01-test/base:latest";
  Result<json> body = ContainerCreateBody(spec);
  ASSERT_TRUE(body.ok());
  EXPECT_FALSE(body->contains("Cmd"));
  EXPECT_FALSE(body->contains("Healthcheck"));
  EXPECT_FALSE(body->contains("NetworkingConfig"));
  EXPECT_EQ((*body)["HostConfig"], json::object());
}

TEST(ContainerCreateBody, BuiltinNetworkModesGetNoEndpointConfig) {
  ContainerSpec spec;
  spec.image = "img";
  spec.network = "none";
  Result<json> body = ContainerCreateBody(spec);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)["HostConfig"]["NetworkMode"], "none");
  EXPECT_FALSE(body->contains("NetworkingConfig"));
}

TEST(ContainerCreateBody, TmpfsMountCarriesItsSize) {
  ContainerSpec spec;
  spec.image = "img";
  Mount scratch;
  scratch.type = "tmpfs";
  scratch.target = "/scratch";
  scratch.tmpfs_size_bytes = 1 << 20;
  spec.mounts = {scratch};
  Result<json> body = ContainerCreateBody(spec);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)["HostConfig"]["Mounts"][0]["TmpfsOptions"]["SizeBytes"], 1 << 20);
  EXPECT_FALSE((*body)["HostConfig"]["Mounts"][0].contains("Source"));
}

TEST(ContainerCreateBody, RefusesWhatTheEngineWouldRefuse) {
  ContainerSpec no_image;
  EXPECT_EQ(ContainerCreateBody(no_image).error().code, ErrorCode::kInvalidArgument);

  ContainerSpec bad_port;
  bad_port.image = "img";
  bad_port.ports = {{"http", "", ""}};
  EXPECT_EQ(ContainerCreateBody(bad_port).error().code, ErrorCode::kInvalidArgument);

  ContainerSpec bad_host_port = bad_port;
  bad_host_port.ports = {{"80", "", "eighty"}};
  EXPECT_EQ(ContainerCreateBody(bad_host_port).error().code, ErrorCode::kInvalidArgument);

  ContainerSpec bad_bind;
  bad_bind.image = "img";
  bad_bind.binds = {"/only-a-host-path"};
  Result<json> refused = ContainerCreateBody(bad_bind);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().hint.find("/host/path:/container/path"), std::string::npos);

  ContainerSpec both;
  both.image = "img";
  DeviceRequest count_and_ids;
  count_and_ids.driver = "nvidia";
  count_and_ids.count = 1;
  count_and_ids.device_ids = {"GPU-1"};
  both.device_requests = {count_and_ids};
  EXPECT_EQ(ContainerCreateBody(both).error().code, ErrorCode::kInvalidArgument);

  ContainerSpec bad_mount;
  bad_mount.image = "img";
  Mount nfs;
  nfs.type = "nfs";
  nfs.source = "x";
  nfs.target = "/x";
  bad_mount.mounts = {nfs};
  EXPECT_EQ(ContainerCreateBody(bad_mount).error().code, ErrorCode::kInvalidArgument);
}

TEST(DeviceRequest, RoundTripsThroughJson) {
  DeviceRequest request;
  request.driver = "nvidia";
  request.count = -1;
  request.capabilities = {{"gpu", "utility"}};
  request.options = {{"k", "v"}};
  DeviceRequest back = DeviceRequestFromJson(DeviceRequestToJson(request));
  EXPECT_EQ(back.driver, "nvidia");
  EXPECT_EQ(back.count, -1);
  EXPECT_TRUE(back.device_ids.empty());
  EXPECT_EQ(back.capabilities, request.capabilities);
  EXPECT_EQ(back.options, request.options);
}

}  // namespace
}  // namespace ds01::docker
