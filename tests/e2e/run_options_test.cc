// Seed 003's run options (issue 11), as real users: the command, restart policy, health probe,
// storage and ports container-create asks for are what the engine holds, read by docker-py
// (IndependentInspectOf); they work inside the container; and each risky one is refused the
// same way from the CLI and raw over the socket, with nothing created.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "tests/e2e/support/e2e_fixture.h"

namespace ds01::e2e {
namespace {

using nlohmann::json;
using std::chrono::seconds;

// The message of ds01d's {"error": …} answer.
std::string RefusalOf(const http::Response& response) {
  const auto body = json::parse(response.body, nullptr, false);
  return body.is_object() ? body["error"].value("message", "(none)") : "(not JSON)";
}

// The first host port of `uid`'s range under the default network.ports (20000, 10 each).
int FirstPortOf(uid_t uid) { return 20000 + static_cast<int>(uid - 1000) * 10; }

// What a TCP server on 127.0.0.1:`port` says first, or "" when none answers.
std::string Greeting(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return "";
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string said;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    char buffer[64];
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n > 0) said.assign(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  return said;
}

class RunOptionsTest : public E2eTest {
 protected:
  const std::string image_ = "--image=" + std::string(kBaseImage);

  // Sends the same create from the CLI (as `cli_flags`) and raw (as `raw_fields`), and expects
  // both refused with `status` and one message, and no container.
  void ExpectRefusedAlike(const std::vector<std::string>& cli_flags, json raw_fields, int status,
                          std::string_view saying) {
    std::vector<std::string> args = {"container-create", "risky", "--gpu=0", image_};
    args.insert(args.end(), cli_flags.begin(), cli_flags.end());
    ProcessResult cli = Cli(user(1), args);
    raw_fields.update(json{{"name", "risky"}, {"gpus", 0}, {"image", kBaseImage}});
    http::Response raw = Api(user(1), "POST", "/v1/containers", raw_fields.dump());
    EXPECT_EQ(raw.status, status) << raw.body;
    EXPECT_NE(cli.exit_code, 0) << cli.Describe();
    EXPECT_NE(RefusalOf(raw).find(saying), std::string::npos) << raw.body;
    EXPECT_NE(cli.err.find(RefusalOf(raw)), std::string::npos) << cli.err << "\n" << raw.body;
    EXPECT_FALSE(Listed(user(1), "risky").has_value()) << raw_fields.dump();
  }

  // A directory of user 1's workspace that is theirs.
  std::string OwnDirectory(const std::string& name) {
    const std::string dir = user(1).workspace + "/" + name;
    std::filesystem::create_directories(dir);
    EXPECT_EQ(::lchown(dir.c_str(), user(1).uid, user(1).gid), 0);
    return dir;
  }
};

TEST_F(RunOptionsTest, TheCommandRestartHealthAndStorageAskedForAreTheEngines) {
  const std::string data = OwnDirectory("data");
  CliOk(user(1), {"container-create",
                  "job",
                  "--gpu=0",
                  image_,
                  "--restart=on-failure:3",
                  "--health-cmd",
                  "test -e /tmp/ready",
                  "--health-interval=2s",
                  "--health-retries=2",
                  "--tmpfs",
                  "/scratch:size=64m,mode=1777",
                  "--read-only",
                  "-v",
                  data + ":/data:ro",
                  "--shell",
                  "--",
                  "echo started",
                  "&&",
                  "sleep",
                  "1000"});
  const json view = IndependentInspectOf(user(1), "job");
  ASSERT_TRUE(view.is_object());
  EXPECT_EQ(view["Config"]["Cmd"], (json{"/bin/sh", "-c", "echo started && sleep 1000"}));
  const json& host = view["HostConfig"];
  EXPECT_EQ(host["RestartPolicy"]["Name"], "on-failure");
  EXPECT_EQ(host["RestartPolicy"]["MaximumRetryCount"], 3);
  EXPECT_EQ(view["Config"]["Healthcheck"]["Test"], (json{"CMD-SHELL", "test -e /tmp/ready"}));
  EXPECT_EQ(view["Config"]["Healthcheck"]["Interval"], 2'000'000'000);
  EXPECT_EQ(view["Config"]["Healthcheck"]["Retries"], 2);
  EXPECT_EQ(host["Tmpfs"]["/scratch"], "rw,exec,nosuid,nodev,size=67108864,mode=1777");
  EXPECT_EQ(host["ReadonlyRootfs"], true);
  bool data_mounted = false;
  for (const json& mount : view["Mounts"]) {
    if (mount["Destination"] != "/data") continue;
    data_mounted = true;
    EXPECT_EQ(mount["RW"], false) << mount.dump();
  }
  EXPECT_TRUE(data_mounted) << view["Mounts"].dump();
}

TEST_F(RunOptionsTest, AReadOnlyContainerWritesOnlyToItsTmpfs) {
  CliOk(user(1),
        {"container-create", "sealed", "--gpu=0", image_, "--read-only", "--tmpfs", "/scratch"});
  CliOk(user(1), {"container-start", "sealed"});
  ProcessResult layer = Cli(user(1), {"container-exec", "sealed", "--", "touch", "/made-here"});
  EXPECT_NE(layer.exit_code, 0) << layer.Describe();
  EXPECT_NE(layer.err.find("Read-only file system"), std::string::npos) << layer.Describe();
  CliOk(user(1), {"container-exec", "sealed", "--", "touch", "/scratch/made-here"});
  EXPECT_EQ(CliOk(user(1), {"container-exec", "sealed", "--", "id", "-u"}).out,
            std::to_string(user(1).uid) + "\n")
      << "it runs as its owner, by uid";
}

TEST_F(RunOptionsTest, ExecAsJsonRecordsEachStreamAndTheExitCodeLast) {
  CliOk(user(1), {"container-create", "box", "--gpu=0", image_});
  CliOk(user(1), {"container-start", "box"});
  ProcessResult ran = Cli(user(1), {"container-exec", "box", "--format", "json", "--", "sh", "-c",
                                    "echo out; sleep 0.2; echo err >&2; exit 3"});
  EXPECT_EQ(ran.exit_code, 3) << ran.Describe();
  EXPECT_EQ(ran.err, "");
  std::vector<json> records;
  std::size_t start = 0;
  for (std::size_t end; (end = ran.out.find('\n', start)) != std::string::npos; start = end + 1) {
    records.push_back(json::parse(ran.out.substr(start, end - start)));
  }
  ASSERT_EQ(records.size(), 3u) << ran.out;
  EXPECT_EQ(records[0], (json{{"stream", "stdout"}, {"data", "out\n"}}));
  EXPECT_EQ(records[1], (json{{"stream", "stderr"}, {"data", "err\n"}}));
  EXPECT_EQ(records[2], (json{{"exit_code", 3}}));
}

TEST_F(RunOptionsTest, HealthWaitEndsOnTheVerdict) {
  CliOk(user(1), {"container-create", "web", "--gpu=0", image_, "--health-cmd",
                  "echo probe-says-yes", "--health-interval=1s", "--health-retries=1"});
  CliOk(user(1), {"container-create", "sick", "--gpu=0", image_, "--health-cmd",
                  "echo probe-says-no; exit 1", "--health-interval=1s", "--health-retries=1"});
  CliOk(user(1), {"container-create", "slow", "--gpu=0", image_, "--health-cmd", "sleep 20",
                  "--health-interval=1s", "--health-timeout=30s"});
  CliOk(user(1), {"container-create", "plain", "--gpu=0", image_});
  for (const char* name : {"web", "sick", "slow", "plain"}) {
    CliOk(user(1), {"container-start", name});
  }

  ProcessResult healthy =
      Cli(user(1), {"container-health", "web", "--wait", "--timeout=30s", "--interval=1s"});
  EXPECT_EQ(healthy.exit_code, 0) << healthy.Describe();
  EXPECT_NE(healthy.out.find("web: healthy"), std::string::npos) << healthy.out;
  EXPECT_NE(healthy.out.find("probe-says-yes"), std::string::npos) << healthy.out;

  ProcessResult unhealthy =
      Cli(user(1), {"container-health", "sick", "--wait", "--timeout=30s", "--interval=1s"});
  EXPECT_EQ(unhealthy.exit_code, 1) << unhealthy.Describe();
  EXPECT_NE(unhealthy.out.find("unhealthy"), std::string::npos) << unhealthy.out;
  EXPECT_NE(unhealthy.out.find("probe-says-no"), std::string::npos) << unhealthy.out;
  const json report =
      json::parse(CliOk(user(1), {"container-health", "sick", "--format=json"}).out);
  EXPECT_EQ(report["status"], "unhealthy");
  EXPECT_GE(report["failing_streak"].get<int>(), 1);
  ASSERT_FALSE(report["probes"].empty());
  EXPECT_EQ(report["probes"].back()["exit_code"], 1);

  ProcessResult waited =
      Cli(user(1), {"container-health", "slow", "--wait", "--timeout=2s", "--interval=1s"});
  EXPECT_EQ(waited.exit_code, 124) << waited.Describe();
  EXPECT_NE(waited.err.find("still starting"), std::string::npos) << waited.err;

  EXPECT_NE(CliOk(user(1), {"container-health", "plain"}).out.find("has no health check"),
            std::string::npos);
  ProcessResult nothing = Cli(user(1), {"container-health", "plain", "--wait"});
  EXPECT_EQ(nothing.exit_code, 4) << nothing.Describe();
  ProcessResult others = Cli(user(2), {"container-health", "web"});
  EXPECT_EQ(others.exit_code, 3) << "another user's container reads as missing: "
                                 << others.Describe();
}

TEST_F(RunOptionsTest, PortsComeFromEachUsersOwnRangeOnLoopbackAndAnswer) {
  CliOk(user(1), {"container-create", "p1", "--gpu=0", image_, "-p", "8888", "--shell", "--",
                  "while true; do echo hello | nc -l -p 8888; done"});
  CliOk(user(1), {"container-create", "p2", "--gpu=0", image_, "-p", "8888"});
  CliOk(user(2), {"container-create", "p3", "--gpu=0", image_, "-p", "8888/udp"});
  const auto binding = [this](const TestUser& who, const char* name, const char* port) {
    const json view = IndependentInspectOf(who, name);
    return view.is_object() ? view["HostConfig"]["PortBindings"][port][0] : json();
  };
  const json first = binding(user(1), "p1", "8888/tcp");
  EXPECT_EQ(first["HostIp"], "127.0.0.1");
  EXPECT_EQ(first["HostPort"], std::to_string(FirstPortOf(user(1).uid)));
  EXPECT_EQ(binding(user(1), "p2", "8888/tcp")["HostPort"],
            std::to_string(FirstPortOf(user(1).uid) + 1))
      << "the next free one of the range";
  EXPECT_EQ(binding(user(2), "p3", "8888/udp")["HostPort"],
            std::to_string(FirstPortOf(user(2).uid)));

  CliOk(user(1), {"container-start", "p1"});
  std::string said;
  EXPECT_TRUE(Eventually(
      [&] {
        said = Greeting(FirstPortOf(user(1).uid));
        return said == "hello\n";
      },
      seconds(20)))
      << "said: " << said;
}

TEST_F(RunOptionsTest, RiskyOptionsAreRefusedAlikeFromTheCliAndRaw) {
  const int first = FirstPortOf(user(1).uid);
  ExpectRefusedAlike({"-p", "80:8888"}, {{"ports", {{{"container", 8888}, {"host", 80}}}}}, 403,
                     "Host port 80 refused");
  ExpectRefusedAlike({"-p", std::to_string(first + 10) + ":8888"},
                     {{"ports", {{{"container", 8888}, {"host", first + 10}}}}}, 403,
                     "your ports are");
  ExpectRefusedAlike({"-p", "0.0.0.0::8888"},
                     {{"ports", {{{"container", 8888}, {"host_ip", "0.0.0.0"}}}}}, 403,
                     "every interface refused");
  ExpectRefusedAlike({"--restart=always"}, {{"restart", "always"}}, 403, "GPUs forever");
  ExpectRefusedAlike({"--network=lab-net"}, {{"network_mode", "lab-net"}}, 403,
                     "network 'lab-net' refused");
  ExpectRefusedAlike({"-v", "/etc:/mnt/x"},
                     {{"binds", {{{"source", "/etc"}, {"target", "/mnt/x"}}}}}, 403, "/etc");
  ExpectRefusedAlike({"--tmpfs", "/scratch:size=1g"},
                     {{"tmpfs", {{{"target", "/scratch"}, {"size", "1g"}}}}}, 409,
                     "above the container's memory");
  ExpectRefusedAlike({"--tmpfs", "/etc"}, {{"tmpfs", {{{"target", "/etc"}}}}}, 400, "system path");
  ExpectRefusedAlike({"--health-cmd=true", "--health-interval=0"},
                     {{"health", {{"cmd", "true"}, {"interval", 0}}}}, 400, "at least 1s");

  // A link inside the workspace that leads out of it is refused when the source is opened.
  const std::string link = user(1).workspace + "/out";
  std::filesystem::remove(link);
  std::filesystem::create_symlink("/etc", link);
  ASSERT_EQ(::lchown(link.c_str(), user(1).uid, user(1).gid), 0);
  ProcessResult cli =
      Cli(user(1), {"container-create", "risky", "--gpu=0", image_, "-v", link + ":/mnt/x"});
  http::Response raw = Api(user(1), "POST", "/v1/containers",
                           json{{"name", "risky"},
                                {"gpus", 0},
                                {"image", kBaseImage},
                                {"binds", {{{"source", link}, {"target", "/mnt/x"}}}}}
                               .dump());
  EXPECT_GE(raw.status, 400) << raw.body;
  EXPECT_NE(cli.exit_code, 0) << cli.Describe();
  EXPECT_NE(cli.err.find(RefusalOf(raw)), std::string::npos) << cli.err << "\n" << raw.body;
  EXPECT_FALSE(Listed(user(1), "risky").has_value());
  std::filesystem::remove(link);
}

TEST_F(RunOptionsTest, AnOnFailureRestartIsFollowedAndKeepsItsGpu) {
  CliOk(user(1), {"container-create", "flaky", "--gpu=1", image_, "--restart=on-failure:2",
                  "--shell", "--", "sleep 1; exit 3"});
  CliOk(user(1), {"container-start", "flaky"});
  EXPECT_TRUE(Eventually(
      [&] {
        auto inspect = InspectOf(user(1), "flaky");
        return inspect.ok() && inspect->restart_count == 2 && !inspect->state.running &&
               !inspect->state.restarting;
      },
      seconds(60), std::chrono::milliseconds(250)))
      << "the engine restarts it twice, then leaves it exited";
  EXPECT_TRUE(Eventually(
      [&] {
        const auto listed = Listed(user(1), "flaky");
        return listed && (*listed)["state"] == "stopped";
      },
      seconds(10)));
  const auto listed = Listed(user(1), "flaky");
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ((*listed)["gpus"].size(), 1u)
      << "its GPU is held, as after any exit: " << listed->dump();
}

}  // namespace
}  // namespace ds01::e2e
