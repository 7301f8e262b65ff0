// Seed 003's create options (issue 11), as a real user: what container-create asks for is what
// the engine holds, read by an independent client (Debian's python3-docker, as root) rather
// than by ds01's own; and a risky option is refused the same way from the CLI and raw over the
// socket, with nothing created.
#include <algorithm>
#include <fstream>
#include <string>

#include "tests/e2e/support/e2e_fixture.h"

namespace ds01::e2e {
namespace {

// The message of ds01d's {"error": …} answer.
std::string RefusalOf(const http::Response& response) {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  return body.is_object() ? body["error"].value("message", "(none)") : "(not JSON)";
}

using CreateOptionsTest = E2eTest;

TEST_F(CreateOptionsTest, EnvironmentLabelsAndResourcesReachTheEngineAsAsked) {
  const std::string env_file = user(1).home + "/run.env";
  std::ofstream(env_file) << "# the experiment\nFROM_FILE=yes\nSEED=0\n";
  CliOk(user(1), {"container-create", "box", "--image=" + std::string(kBaseImage), "--gpu=0", "-e",
                  "SEED=7", "--env-file=" + env_file, "--label", "team=vision", "--memory=256M",
                  "--cpus=0.5", "--shm-size=64M", "--pids-limit=128", "--workdir=/tmp/./runs/",
                  "--hostname=trainer", "--init", "--stop-signal=int", "--stop-timeout=20"});
  const nlohmann::json view = IndependentInspectOf(user(1), "box");
  ASSERT_TRUE(view.is_object());
  const auto& env = view["Config"]["Env"];
  EXPECT_NE(std::find(env.begin(), env.end(), "SEED=7"), env.end()) << env.dump();
  EXPECT_NE(std::find(env.begin(), env.end(), "FROM_FILE=yes"), env.end()) << env.dump();
  EXPECT_EQ(view["Config"]["Labels"].value("team", ""), "vision");
  const auto& host = view["HostConfig"];
  EXPECT_EQ(host["Memory"], 256ll << 20);
  EXPECT_EQ(host["NanoCpus"], 500'000'000);
  EXPECT_EQ(host["ShmSize"], 64ll << 20);
  EXPECT_EQ(host["PidsLimit"], 128);
  EXPECT_EQ(view["Config"]["WorkingDir"], "/tmp/runs");
  EXPECT_EQ(view["Config"]["Hostname"], "trainer");
  EXPECT_EQ(host["Init"], true);
  EXPECT_EQ(view["Config"]["StopSignal"], "SIGINT");
  EXPECT_EQ(view["Config"]["StopTimeout"], 20);
}

TEST_F(CreateOptionsTest, AStopTimeoutAboveTheLimitOrABadSignalIsRefusedFromTheCliAndRaw) {
  ProcessResult cli = Cli(user(1), {"container-create", "slow", "--gpu=0",
                                    "--image=" + std::string(kBaseImage), "--stop-timeout=86400"});
  EXPECT_EQ(cli.exit_code, 4) << cli.Describe();
  http::Response raw = Api(
      user(1), "POST", "/v1/containers",
      nlohmann::json{{"name", "slow"}, {"gpus", 0}, {"image", kBaseImage}, {"stop_timeout", 86400}}
          .dump());
  EXPECT_EQ(raw.status, 409) << raw.body;
  EXPECT_NE(cli.err.find(RefusalOf(raw)), std::string::npos) << cli.err << "\n" << raw.body;
  http::Response signal = Api(
      user(1), "POST", "/v1/containers",
      nlohmann::json{
          {"name", "slow"}, {"gpus", 0}, {"image", kBaseImage}, {"stop_signal", "KILL; rm -rf /"}}
          .dump());
  EXPECT_EQ(signal.status, 400) << signal.body;
  EXPECT_FALSE(Listed(user(1), "slow").has_value());
}

TEST_F(CreateOptionsTest, ASpoofedLabelIsRefusedFromTheCliAndRawWithNothingMade) {
  ProcessResult cli = Cli(user(1), {"container-create", "spoof", "--gpu=0",
                                    "--image=" + std::string(kBaseImage), "--label=ds01.uid=0"});
  EXPECT_EQ(cli.exit_code, 4) << cli.Describe();
  EXPECT_NE(cli.err.find("ds01.* labels are set by ds01 alone"), std::string::npos) << cli.err;
  http::Response raw = Api(
      user(1), "POST", "/v1/containers",
      nlohmann::json{
          {"name", "spoof"}, {"gpus", 0}, {"image", kBaseImage}, {"labels", {{"ds01.uid", "0"}}}}
          .dump());
  EXPECT_EQ(raw.status, 403) << raw.body;
  EXPECT_NE(cli.err.find(RefusalOf(raw)), std::string::npos) << cli.err << "\n" << raw.body;
  EXPECT_FALSE(Listed(user(1), "spoof").has_value());
}

TEST_F(CreateOptionsTest, MoreMemoryThanTheLimitIsRefusedFromTheCliAndRawWithNothingMade) {
  // TestConfig gives ordinary users 512M.
  ProcessResult cli = Cli(user(1), {"container-create", "big", "--gpu=0",
                                    "--image=" + std::string(kBaseImage), "--memory=1G"});
  EXPECT_EQ(cli.exit_code, 4) << cli.Describe();
  http::Response raw = Api(
      user(1), "POST", "/v1/containers",
      nlohmann::json{{"name", "big"}, {"gpus", 0}, {"image", kBaseImage}, {"memory", "1G"}}.dump());
  EXPECT_EQ(raw.status, 409) << raw.body;
  EXPECT_NE(cli.err.find(RefusalOf(raw)), std::string::npos) << cli.err << "\n" << raw.body;
  EXPECT_FALSE(Listed(user(1), "big").has_value());
}

}  // namespace
}  // namespace ds01::e2e
