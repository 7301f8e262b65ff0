// The e2e harness proves its own parts: real accounts, processes run as them, connections
// that the server sees as theirs, the config it writes, the systemd stand-in.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "policy/config.h"
#include "tests/e2e/support/engine_view.h"
#include "tests/e2e/support/notify_listener.h"
#include "tests/e2e/support/process.h"
#include "tests/e2e/support/request_as.h"
#include "tests/e2e/support/test_config.h"
#include "tests/e2e/support/test_users.h"

namespace ds01::e2e {
namespace {

class HarnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(geteuid(), 0u) << "the e2e harness creates Unix users: run it as root";
    Result<TestUser> account = EnsureUser("ds01e2e-u1");
    ASSERT_TRUE(account.ok()) << account.error().ToString();
    user_ = *account;
    char pattern[] = "/tmp/ds01e2e-harness-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    ASSERT_EQ(chmod(dir_.c_str(), 0755), 0);
  }
  void TearDown() override {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }

  ProcessResult RunAsUser(std::vector<std::string> argv,
                          std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    ProcessSpec spec;
    spec.path = argv.at(0);
    spec.argv = std::move(argv);
    spec.env = {"PATH=/usr/bin:/bin", "HOME=" + user_.home};
    spec.as = user_.credentials();
    spec.timeout = timeout;
    Result<ProcessResult> ran = RunProcess(spec);
    EXPECT_TRUE(ran.ok()) << ran.error().ToString();
    return ran.ok() ? *ran : ProcessResult{};
  }

  TestUser user_;
  std::string dir_;
};

TEST_F(HarnessTest, EnsuringAnAccountTwiceGivesTheSameAccount) {
  Result<TestUser> again = EnsureUser("ds01e2e-u1");
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(again->uid, user_.uid);
  EXPECT_NE(user_.uid, 0u);
  EXPECT_EQ(user_.home, std::string(kTestHomeRoot) + "/ds01e2e-u1");
}

TEST_F(HarnessTest, TheWorkspaceBelongsToTheUser) {
  struct stat info {};
  ASSERT_EQ(stat(user_.workspace.c_str(), &info), 0) << user_.workspace;
  EXPECT_TRUE(S_ISDIR(info.st_mode));
  EXPECT_EQ(info.st_uid, user_.uid);
  EXPECT_EQ(info.st_gid, user_.gid);
}

TEST_F(HarnessTest, TheAdminAccountIsInTheAdminGroup) {
  Result<TestUser> admin = EnsureUser("ds01e2e-admin", {std::string(kTestAdminGroup)});
  ASSERT_TRUE(admin.ok()) << admin.error().ToString();
  ProcessSpec spec;
  spec.path = "/usr/bin/id";
  spec.argv = {"id", "-Gn"};
  spec.as = admin->credentials();
  Result<ProcessResult> ran = RunProcess(spec);
  ASSERT_TRUE(ran.ok()) << ran.error().ToString();
  EXPECT_NE(ran->out.find(std::string(kTestAdminGroup)), std::string::npos) << ran->Describe();
  EXPECT_EQ(user_.groups.size(), 1u) << "an ordinary test user has only their own group";
}

TEST_F(HarnessTest, RunsAProgramAsTheUser) {
  ProcessResult uid = RunAsUser({"/usr/bin/id", "-u"});
  EXPECT_EQ(uid.exit_code, 0) << uid.Describe();
  EXPECT_EQ(uid.out, std::to_string(user_.uid) + "\n");
  ProcessResult gid = RunAsUser({"/usr/bin/id", "-g"});
  EXPECT_EQ(gid.out, std::to_string(user_.gid) + "\n");
  ProcessResult home = RunAsUser({"/bin/sh", "-c", "echo $HOME"});
  EXPECT_EQ(home.out, user_.home + "\n");
}

TEST_F(HarnessTest, TheUserCannotDoWhatRootCan) {
  ProcessResult shadow = RunAsUser({"/bin/cat", "/etc/shadow"});
  EXPECT_NE(shadow.exit_code, 0) << shadow.Describe();
  EXPECT_NE(shadow.err.find("Permission denied"), std::string::npos) << shadow.Describe();
}

TEST_F(HarnessTest, CapturesStderrAndTheExitCode) {
  ProcessResult ran = RunAsUser({"/bin/sh", "-c", "echo out; echo oops >&2; exit 7"});
  EXPECT_EQ(ran.exit_code, 7);
  EXPECT_EQ(ran.out, "out\n");
  EXPECT_EQ(ran.err, "oops\n");
  EXPECT_FALSE(ran.timed_out);
}

TEST_F(HarnessTest, KillsAProgramThatOutlivesItsTimeout) {
  auto started = std::chrono::steady_clock::now();
  ProcessResult ran =
      RunAsUser({"/bin/sh", "-c", "sleep 30 & sleep 30"}, std::chrono::milliseconds(300));
  EXPECT_TRUE(ran.timed_out);
  EXPECT_EQ(ran.signal, SIGKILL);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST_F(HarnessTest, AMissingProgramIsAnError) {
  ProcessSpec spec;
  spec.path = dir_ + "/no-such-program";
  Result<ProcessResult> ran = RunProcess(spec);
  ASSERT_FALSE(ran.ok());
  EXPECT_NE(ran.error().message.find("No such file"), std::string::npos) << ran.error().message;
}

// A one-shot HTTP server: answers the first request with the peer's uid as the body.
void AnswerWithPeerUid(int listener) {
  int connection = accept(listener, nullptr, nullptr);
  if (connection < 0) return;
  ucred peer{};
  socklen_t length = sizeof peer;
  getsockopt(connection, SOL_SOCKET, SO_PEERCRED, &peer, &length);
  char buffer[4096];
  [[maybe_unused]] ssize_t got = read(connection, buffer, sizeof buffer);
  std::string body = "{\"uid\":" + std::to_string(peer.uid) + "}";
  std::string response =
      "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  [[maybe_unused]] ssize_t wrote = write(connection, response.data(), response.size());
  close(connection);
}

TEST_F(HarnessTest, ARawRequestReachesTheServerAsTheUser) {
  std::string path = dir_ + "/server.sock";
  int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strcpy(address.sun_path, path.c_str());
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(chmod(path.c_str(), 0666), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  std::thread server(AnswerWithPeerUid, listener);

  Result<http::Response> response =
      RequestAs(user_.credentials(), path, "POST", "/v1/containers", R"({"name":"x"})");
  server.join();
  close(listener);
  ASSERT_TRUE(response.ok()) << response.error().ToString();
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, "{\"uid\":" + std::to_string(user_.uid) + "}");
}

TEST_F(HarnessTest, ConnectingToAMissingSocketSaysSo) {
  Result<int> fd = ConnectAs(user_.credentials(), dir_ + "/absent.sock");
  ASSERT_FALSE(fd.ok());
  EXPECT_EQ(fd.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(fd.error().message.find("connect() failed"), std::string::npos);
}

TEST_F(HarnessTest, TheTestConfigIsAValidDs01Config) {
  TestConfig config;
  config.workspace_root = std::string(kTestWorkspaceRoot);
  config.admin_group = std::string(kTestAdminGroup);
  config.max_gpus = 2;
  config.gpu_hold_after_stop = "3s";
  Result<policy::Config> parsed = policy::ParseConfig(config.Yaml(), "e2e.yaml");
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString() << "\n" << config.Yaml();
  EXPECT_EQ(parsed->gpus.size(), 8u);
  EXPECT_EQ(parsed->defaults.max_gpus, 2.0);
  EXPECT_EQ(parsed->defaults.gpu_hold_after_stop, std::chrono::seconds(3));
  ASSERT_EQ(parsed->groups.size(), 1u);
  EXPECT_TRUE(parsed->groups[0].admin);
  EXPECT_EQ(parsed->groups[0].unix_group, kTestAdminGroup);
  EXPECT_EQ(parsed->workspaces.RootFor("ds01e2e-u1"), user_.workspace);
}

TEST_F(HarnessTest, TheNotifyStandInHearsReady) {
  Result<NotifyListener> listener = NotifyListener::Bind(dir_ + "/notify.sock");
  ASSERT_TRUE(listener.ok()) << listener.error().ToString();
  int sender = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strcpy(address.sun_path, listener->path().c_str());
  std::string message = "STATUS=starting\nREADY=1";
  ASSERT_EQ(sendto(sender, message.data(), message.size(), 0, reinterpret_cast<sockaddr*>(&address),
                   sizeof address),
            static_cast<ssize_t>(message.size()));
  close(sender);
  EXPECT_TRUE(listener->WaitFor("READY=1", std::chrono::seconds(2)));
  EXPECT_FALSE(listener->WaitFor("STOPPING=1", std::chrono::milliseconds(50)));
  EXPECT_EQ(listener->lines().front(), "STATUS=starting");
}

TEST(EngineViewHelpers, NamesAndListsFollowTheDesign) {
  EXPECT_EQ(DockerName("my-thesis", 1001), "my-thesis._.1001");
  EXPECT_EQ(SplitList("GPU-SIM-0001,GPU-SIM-0003"),
            (std::vector<std::string>{"GPU-SIM-0001", "GPU-SIM-0003"}));
  EXPECT_TRUE(SplitList("").empty());
}

}  // namespace
}  // namespace ds01::e2e
