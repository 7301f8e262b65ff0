#include "docker/container_info.h"

#include <gtest/gtest.h>

namespace ds01::docker {
namespace {

// Trimmed from a real docker 20.10 inspect, with a GPU request and a health log added.
constexpr std::string_view kInspect = R"({
  "Id": "ac11bc7d1940b29d", "Created": "2026-11-22T06:40:44.018971015Z", "SizeRw": 12582912,
  "Name": "/ds01t-probe-x", "RestartCount": 2, "Image": "sha256:cbb343ba",
  "State": {"Status": "running", "Running": true, "Paused": false, "Restarting": false,
            "OOMKilled": false, "Dead": false, "Pid": 11741, "ExitCode": 0, "Error": "",
            "StartedAt": "2026-11-22T06:40:44.358917022Z", "FinishedAt": "0001-01-01T00:00:00Z",
            "Health": {"Status": "unhealthy", "FailingStreak": 3,
                       "Log": [{"Start": "s", "End": "e", "ExitCode": 1, "Output": "down\n"}]}},
  "HostConfig": {"Binds": ["/home/a/ws:/workspace"], "NetworkMode": "default",
                 "Mounts": [{"Type": "bind", "Source": "/var/lib/ds01/mounts/1000/x/0",
                             "Target": "/data", "ReadOnly": true}],
                 "RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 3},
                 "AutoRemove": false, "ReadonlyRootfs": true, "ShmSize": 67108864,
                 "Memory": 536870912, "NanoCpus": 500000000, "PidsLimit": null, "Init": true,
                 "Tmpfs": {"/tmp": "size=100m"},
                 "DeviceRequests": [{"Driver": "nvidia", "Count": 0, "DeviceIDs": ["GPU-1"],
                                     "Capabilities": [["gpu"]], "Options": {}}]},
  "Config": {"Hostname": "box", "User": "1000:1000", "Tty": true, "OpenStdin": false,
             "Env": ["PATH=/bin", "DEBUG=1"], "Cmd": ["sleep", "30"], "Image": "ds01-test/base:latest",
             "WorkingDir": "/app", "Labels": {"a": "b"}, "StopSignal": "SIGINT"}
})";

TEST(ParseContainerInspect, ReadsTheTypedSubset) {
  Result<ContainerInspect> inspect = ParseContainerInspect(kInspect);
  ASSERT_TRUE(inspect.ok()) << inspect.error().ToString();
  EXPECT_EQ(inspect->id, "ac11bc7d1940b29d");
  EXPECT_EQ(inspect->name, "ds01t-probe-x");
  EXPECT_EQ(inspect->restart_count, 2);
  EXPECT_EQ(inspect->state.status, "running");
  EXPECT_TRUE(inspect->state.running);
  EXPECT_EQ(inspect->state.pid, 11741);
  ASSERT_TRUE(inspect->state.health.has_value());
  EXPECT_EQ(inspect->state.health->status, "unhealthy");
  EXPECT_EQ(inspect->state.health->failing_streak, 3);
  ASSERT_EQ(inspect->state.health->log.size(), 1u);
  EXPECT_EQ(inspect->state.health->log[0].exit_code, 1);
  EXPECT_EQ(inspect->state.health->log[0].output, "down\n");
  EXPECT_EQ(inspect->image, "ds01-test/base:latest");
  EXPECT_EQ(inspect->env, (std::vector<std::string>{"PATH=/bin", "DEBUG=1"}));
  EXPECT_EQ(inspect->labels.at("a"), "b");
  EXPECT_TRUE(inspect->tty);
  EXPECT_EQ(inspect->stop_signal, "SIGINT");
  EXPECT_EQ(inspect->binds, (std::vector<std::string>{"/home/a/ws:/workspace"}));
  ASSERT_EQ(inspect->mounts.size(), 1u);
  EXPECT_EQ(inspect->mounts[0].type, "bind");
  EXPECT_EQ(inspect->mounts[0].source, "/var/lib/ds01/mounts/1000/x/0");
  EXPECT_EQ(inspect->mounts[0].target, "/data");
  EXPECT_TRUE(inspect->mounts[0].read_only);
  EXPECT_EQ(inspect->restart_policy.name, "on-failure");
  EXPECT_EQ(inspect->restart_policy.maximum_retry_count, 3);
  EXPECT_TRUE(inspect->init);
  EXPECT_TRUE(inspect->read_only_rootfs);
  EXPECT_EQ(inspect->memory_bytes, 536870912);
  EXPECT_EQ(inspect->nano_cpus, 500000000);
  EXPECT_EQ(inspect->pids_limit, 0);  // null: no limit
  EXPECT_EQ(inspect->tmpfs.at("/tmp"), "size=100m");
  ASSERT_EQ(inspect->device_requests.size(), 1u);
  EXPECT_EQ(inspect->device_requests[0].device_ids, std::vector<std::string>{"GPU-1"});
  EXPECT_EQ(inspect->raw["Config"]["Hostname"], "box");  // raw keeps the document as sent
  EXPECT_EQ(inspect->raw["HostConfig"]["ShmSize"], 67108864);
  EXPECT_EQ(inspect->size_rw, 12582912);  // only there when asked for (?size=1)
}

TEST(ParseContainerInspect, NoHealthcheckMeansNoHealth) {
  Result<ContainerInspect> inspect =
      ParseContainerInspect(R"({"Id":"x","State":{"Status":"exited","ExitCode":137}})");
  ASSERT_TRUE(inspect.ok());
  EXPECT_FALSE(inspect->state.health.has_value());
  EXPECT_EQ(inspect->state.exit_code, 137);
}

TEST(ParseContainerInspect, MalformedBodyIsAProtocolError) {
  EXPECT_EQ(ParseContainerInspect("{").error().code, ErrorCode::kProtocol);
  EXPECT_EQ(ParseContainerInspect("[]").error().code, ErrorCode::kProtocol);
}

TEST(ParseContainerList, ReadsSummariesWithoutLeadingSlashes) {
  Result<std::vector<ContainerSummary>> list = ParseContainerList(R"json([
    {"Id":"ac11bc7d1940b29d2c74","Names":["/web"],"Image":"ds01-test/base:latest",
     "ImageID":"sha256:cb","Command":"sleep 30","Created":1795329644,
     "Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"}],
     "Labels":{"a":"b"},"State":"running","Status":"Up 3 seconds (healthy)"},
    {"Id":"0123456789abcdef0123","Names":null,"Labels":null}])json");
  ASSERT_TRUE(list.ok()) << list.error().ToString();
  ASSERT_EQ(list->size(), 2u);
  const ContainerSummary& web = (*list)[0];
  EXPECT_EQ(web.name(), "web");
  EXPECT_EQ(web.state, "running");
  EXPECT_EQ(web.created, 1795329644);
  EXPECT_EQ(web.labels.at("a"), "b");
  ASSERT_EQ(web.ports.size(), 1u);
  EXPECT_EQ(web.ports[0].public_port, 8080);
  EXPECT_EQ((*list)[1].name(), "0123456789ab");
}

TEST(ParseContainerList, ObjectInsteadOfArrayIsAProtocolError) {
  EXPECT_EQ(ParseContainerList("{}").error().code, ErrorCode::kProtocol);
}

}  // namespace
}  // namespace ds01::docker
