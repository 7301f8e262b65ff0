// Requests that policy refuses, each with its reason and exit status, and leaving nothing
// behind: no container in the engine, no GPU allocated.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "tests/e2e/support/e2e_fixture.h"
#include "tests/engine/support/engine_fixture.h"

namespace ds01::e2e {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

class RefusalsTest : public E2eTest {
 protected:
  // Runs container-create NAME <flags> as user 1 and expects refusal `exit_code` with every
  // word of `reasons` (case-insensitive) in stderr, and no trace of NAME afterwards.
  void ExpectCreateRefused(const std::string& name, std::vector<std::string> flags, int exit_code,
                           const std::vector<std::string>& reasons) {
    std::vector<std::string> args = {"container-create", name,
                                     "--image=" + std::string(kBaseImage)};
    args.insert(args.end(), flags.begin(), flags.end());
    ProcessResult refused = Cli(user(1), args);
    EXPECT_EQ(refused.exit_code, exit_code) << refused.Describe();
    for (const auto& reason : reasons) {
      EXPECT_NE(Lower(refused.err).find(Lower(reason)), std::string::npos)
          << "the refusal should say '" << reason << "'\n"
          << refused.Describe();
    }
    EXPECT_NE(refused.err.find("Fix:"), std::string::npos) << "a refusal names the fix\n"
                                                           << refused.Describe();
    ExpectNoTrace(name);
  }

  // Nothing called `name` exists for user 1, in the engine or in ds01d, and no GPU is held
  // for it.
  void ExpectNoTrace(const std::string& name) {
    Result<bool> exists = engine().Exists(DockerName(name, user(1).uid));
    ASSERT_TRUE(exists.ok()) << exists.error().ToString();
    EXPECT_FALSE(*exists) << "the engine has a container for a refused request";
    EXPECT_FALSE(Listed(user(1), name).has_value());
    nlohmann::json gpus = Gpus(admin());
    for (const auto& gpu : gpus.value("gpus", nlohmann::json::array())) {
      for (const auto& slot : gpu.value("slots", nlohmann::json::array())) {
        bool held_for_it = slot.contains("holder") && slot["holder"].is_object() &&
                           slot["holder"].value("container", "") == name;
        EXPECT_FALSE(held_for_it) << "a GPU is held for a refused request: " << slot.dump();
      }
    }
  }

  // POSTs a raw create body as user 1 and expects a 4xx whose message names `reason`.
  void ExpectRawCreateRefused(const std::string& name, const std::string& extra_fields,
                              const std::string& reason) {
    std::string body = R"({"name":")" + name + R"(","image":")" + std::string(kBaseImage) +
                       R"(","gpus":0,)" + extra_fields + "}";
    http::Response answer = Api(user(1), "POST", "/v1/containers", body);
    EXPECT_GE(answer.status, 400) << body << " was accepted: " << answer.body;
    EXPECT_LT(answer.status, 500) << body << ": a refusal, not a failure: " << answer.body;
    nlohmann::json parsed = nlohmann::json::parse(answer.body, nullptr, false);
    std::string message;
    if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_object()) {
      message = parsed["error"].value("message", "");
      EXPECT_FALSE(parsed["error"].value("hint", "").empty()) << answer.body;
    }
    EXPECT_NE(Lower(message).find(Lower(reason)), std::string::npos)
        << body << " was refused without saying '" << reason << "': " << answer.body;
    ExpectNoTrace(name);
  }
};

TEST_F(RefusalsTest, AWorkspaceOutsideTheUsersRootsIsRefused) {
  ExpectCreateRefused("etc", {"--workspace=/etc", "--gpu=0"}, 4, {"/etc"});
  ExpectCreateRefused("theirs", {"--workspace=" + user(2).workspace, "--gpu=0"}, 4,
                      {user(2).workspace});
}

TEST_F(RefusalsTest, DotDotAndSymlinksDoNotEscapeTheWorkspace) {
  ExpectCreateRefused(
      "dots", {"--workspace=" + user(1).workspace + "/../../ds01e2e-u2/workspace", "--gpu=0"}, 4,
      {"workspace"});
  std::string link = user(1).workspace + "/escape";
  std::filesystem::remove(link);
  std::filesystem::create_directory_symlink("/etc", link);
  ASSERT_EQ(lchown(link.c_str(), user(1).uid, user(1).gid), 0);
  // Refused for the link itself, as the user: the words never say where it points.
  ExpectCreateRefused("link", {"--workspace=" + link, "--gpu=0"}, 4, {"symlink"});
  std::filesystem::remove(link);
}

TEST_F(RefusalsTest, TheDockerSocketIsNeverAWorkspace) {
  std::string engine_socket = engine_test::TestEngineAddress();
  engine_socket.erase(0, std::string("unix://").size());
  std::string link = user(1).workspace + "/engine.sock";
  std::filesystem::remove(link);
  std::filesystem::create_symlink(engine_socket, link);
  ASSERT_EQ(lchown(link.c_str(), user(1).uid, user(1).gid), 0);
  ExpectCreateRefused("sock", {"--workspace=" + link, "--gpu=0"}, 4, {"symlink"});
  std::filesystem::remove(link);
  ExpectCreateRefused("varrun", {"--workspace=/var/run/docker.sock", "--gpu=0"}, 4, {"outside"});
}

TEST_F(RefusalsTest, PrivilegedLikeRequestsAreRefusedWithReasons) {
  ExpectRawCreateRefused("priv", R"("privileged":true)", "privileged");
  ExpectRawCreateRefused("caps", R"("cap_add":["SYS_ADMIN"])", "cap");
  ExpectRawCreateRefused("dev", R"("devices":["/dev/mem"])", "device");
  ExpectRawCreateRefused("hostnet", R"("network_mode":"host")", "network");
  ExpectRawCreateRefused("hostpid", R"("pid_mode":"host")", "pid");
  ExpectRawCreateRefused("root", R"("user":"0:0")", "0:0");
  ExpectRawCreateRefused("bind", R"("binds":[{"source":"/","target":"/host"}])", "bind");
}

TEST_F(RefusalsTest, ASpoofedDs01LabelIsRefused) {
  ExpectRawCreateRefused("spoof", R"("labels":{"ds01.user":"root"})", "ds01.");
  ExpectRawCreateRefused("spoof2", R"("labels":{"ds01.uid":"0","ds01.managed":"true"})", "ds01.");
}

TEST_F(RefusalsTest, AskingForMoreGpusThanTheLimitsAllowIsRefused) {
  ExpectCreateRefused("greedy", {"--gpu=2"}, 4, {"per-container", "at most 1"});
}

TEST_F(RefusalsTest, TheGpuLimitCountsEveryContainerOfTheUser) {
  CliOk(user(1), {"container-create", "one", "--image=" + std::string(kBaseImage), "--gpu=1"});
  CliOk(user(1), {"container-create", "two", "--image=" + std::string(kBaseImage), "--gpu=1"});
  ExpectCreateRefused("three", {"--gpu=1"}, 4, {"GPU limit reached"});
  CliOk(user(1), {"container-remove", "one"});
  CliOk(user(1), {"container-create", "three", "--image=" + std::string(kBaseImage), "--gpu=1"});
}

TEST_F(RefusalsTest, ATakenNameIsRefused) {
  CliOk(user(1), {"container-create", "twice", "--image=" + std::string(kBaseImage), "--gpu=0"});
  ProcessResult again =
      Cli(user(1), {"container-create", "twice", "--image=" + std::string(kBaseImage), "--gpu=0"});
  EXPECT_EQ(again.exit_code, 4) << again.Describe();
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.Describe();
}

TEST_F(RefusalsTest, StartingARunningContainerOrUnpausingARunningOneIsRefused) {
  CliOk(user(1), {"container-create", "up", "--image=" + std::string(kBaseImage), "--gpu=0"});
  ProcessResult pause_created = Cli(user(1), {"container-pause", "up"});
  EXPECT_EQ(pause_created.exit_code, 4) << "a created container cannot be paused\n"
                                        << pause_created.Describe();
  CliOk(user(1), {"container-start", "up"});
  ProcessResult unpause = Cli(user(1), {"container-unpause", "up"});
  EXPECT_EQ(unpause.exit_code, 4) << unpause.Describe();
  EXPECT_NE(unpause.err.find("Fix:"), std::string::npos) << unpause.Describe();
}

TEST_F(RefusalsTest, AMissingNameWithoutATerminalIsAUsageError) {
  for (const char* command : {"container-start", "container-stop", "container-remove"}) {
    ProcessResult usage = Cli(user(1), {command}, std::chrono::seconds(10));
    EXPECT_FALSE(usage.timed_out) << command << " waited for input that never comes";
    EXPECT_EQ(usage.exit_code, 2) << command << "\n" << usage.Describe();
  }
  ProcessResult bad = Cli(user(1), {"container-create", "x", "--gpu=abc"});
  EXPECT_EQ(bad.exit_code, 2) << bad.Describe();
  ExpectNoTrace("x");
}

TEST_F(RefusalsTest, AnUnreachableDaemonExitsFiveAndSaysHowToFixIt) {
  std::string missing = work_dir() + "/no-daemon-here.sock";
  ProcessResult down =
      Cli(user(1), {"container-list"}, std::chrono::seconds(10), {"DS01_SOCKET=" + missing});
  EXPECT_EQ(down.exit_code, 5) << down.Describe();
  EXPECT_NE(down.err.find("ds01d not reachable at " + missing), std::string::npos)
      << down.Describe();
}

}  // namespace
}  // namespace ds01::e2e
