// Shells and commands in containers (issue 10), as real users against ds01d and the real
// engine: container-exec's streams and exit codes, container-attach fed a script as seed
// 000's Scripts do, who the user is inside, and the refusals. The TTY tests drive a real
// pseudo-terminal. Every attempt to get past ds01d through a handed-over connection stays.
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "api/wire_exec.h"
#include "http/fd_passing.h"
#include "tests/e2e/support/e2e_fixture.h"
#include "tests/e2e/support/request_as.h"
#include "tests/e2e/support/terminal.h"

namespace ds01::e2e {
namespace {

using std::chrono::seconds;

class ShellsTest : public E2eTest {
 protected:
  // Creates and starts `name` for `who` from `image`, its project directory at /workspace.
  void Running(const TestUser& who, std::string_view name, std::string_view image = kBaseImage) {
    std::filesystem::create_directories(who.workspace + "/" + std::string(name));
    ASSERT_EQ(::chown((who.workspace + "/" + std::string(name)).c_str(), who.uid, who.gid), 0);
    CliOk(who, {"container-create", std::string(name), "--image=" + std::string(image), "--gpu=0",
                "--project=" + std::string(name)});
    CliOk(who, {"container-start", std::string(name)});
  }

  std::unique_ptr<Terminal> OnTerminal(const TestUser& who, std::vector<std::string> args) {
    ProcessSpec spec;
    spec.path = CommandPath(args.at(0));
    spec.argv = std::move(args);
    spec.env = CliEnvironment(who);
    spec.env.push_back("TERM=xterm");
    spec.as = who.credentials();
    spec.cwd = who.home;
    auto terminal = Terminal::Start(spec, 24, 80);
    EXPECT_TRUE(terminal.ok()) << terminal.error().ToString();
    return terminal.ok() ? std::move(*terminal) : nullptr;
  }
};

TEST_F(ShellsTest, ExecKeepsStdoutAndStderrApartAndEndsWithTheCommandsExitCode) {
  Running(user(1), "job");
  ProcessResult ran = Cli(
      user(1), {"container-exec", "job", "--", "sh", "-c", "echo to-out; echo to-err >&2; exit 7"});
  EXPECT_EQ(ran.exit_code, 7) << ran.Describe();
  EXPECT_EQ(ran.out, "to-out\n");
  EXPECT_EQ(ran.err, "to-err\n");
  EXPECT_EQ(CliOk(user(1), {"container-exec", "job", "true"}).out, "");
}

TEST_F(ShellsTest, ExecPassesStdinThroughAndTheCommandReadsItsEnd) {
  Running(user(1), "job");
  ProcessResult ran =
      CliFed(user(1), {"container-exec", "job", "--", "wc", "-c"}, std::string(200'000, 'x'));
  EXPECT_EQ(ran.exit_code, 0) << ran.Describe();
  EXPECT_EQ(ran.out.substr(ran.out.find_first_not_of(' ')), "200000\n");
}

TEST_F(ShellsTest, ExecTakesEnvironmentWorkdirAndRunsDetached) {
  Running(user(1), "job");
  ProcessResult ran = CliOk(user(1), {"container-exec", "-e", "SEED=41", "-w", "/tmp", "job", "--",
                                      "sh", "-c", "echo $SEED $(pwd)"});
  EXPECT_EQ(ran.out, "41 /tmp\n");
  CliOk(user(1), {"container-exec", "-d", "job", "--", "sh", "-c", "echo done > $HOME/detached"});
  EXPECT_TRUE(Eventually(
      [&] {
        return Cli(user(1), {"container-exec", "job", "sh", "-c", "cat $HOME/detached"}).out ==
               "done\n";
      },
      seconds(10)));
}

TEST_F(ShellsTest, InsideTheUserIsThemselvesWithAHomeAndTheContainersName) {
  Running(user(1), "thesis");
  ProcessResult ran = CliOk(
      user(1), {"container-exec", "thesis", "--", "sh", "-c",
                "whoami; id -u; id -g; echo $HOME; hostname; pwd; touch $HOME/x && echo home-ok"});
  EXPECT_EQ(ran.out, user(1).name + "\n" + std::to_string(user(1).uid) + "\n" +
                         std::to_string(user(1).gid) + "\n/home/" + user(1).name +
                         "\nthesis\n/workspace\nhome-ok\n");
  // The image itself is unchanged: a container of another user does not know user 1.
  Running(user(2), "other");
  EXPECT_EQ(CliOk(user(2), {"container-exec", "other", "whoami"}).out, user(2).name + "\n");
  EXPECT_EQ(Cli(user(2), {"container-exec", "other", "id", user(1).name}).exit_code, 1);
}

TEST_F(ShellsTest, AttachRunsAHereDocumentAndEndsWithItsExitCode) {
  Running(user(1), "test-proj");
  // Seed 000, Script 2, the part that runs inside.
  ProcessResult ran = CliFed(user(1), {"container-attach", "test-proj"},
                             "cd /workspace\n"
                             "echo running in $(pwd) as $(whoami)\n"
                             "false\n"
                             "EXIT_CODE=$?\n"
                             "exit $EXIT_CODE\n");
  EXPECT_EQ(ran.exit_code, 1) << ran.Describe();
  EXPECT_EQ(ran.out, "running in /workspace as " + user(1).name + "\n");
  // The shell left; the container did not.
  EXPECT_EQ(Listed(user(1), "test-proj").value_or(nullptr).value("state", ""), "running");
  EXPECT_EQ(CliFed(user(1), {"container-attach", "test-proj"}, "exit 0\n").exit_code, 0);
}

TEST_F(ShellsTest, AContainerWhoseCommandIsAShellStaysUpAndContainerRunEntersIt) {
  std::filesystem::create_directories(user(1).workspace + "/shelly");
  CliOk(user(1), {"container-create", "shelly", "--image=" + std::string(kShellImage), "--gpu=0"});
  ProcessResult ran = CliFed(user(1), {"container-run", "shelly"}, "echo inside\n");
  EXPECT_EQ(ran.exit_code, 0) << ran.Describe();
  EXPECT_NE(ran.out.find("Started shelly"), std::string::npos) << ran.out;
  EXPECT_NE(ran.out.find("inside\n"), std::string::npos) << ran.out;
  std::this_thread::sleep_for(seconds(1));
  EXPECT_EQ(Listed(user(1), "shelly").value_or(nullptr).value("state", ""), "running");
}

TEST_F(ShellsTest, ANotRunningContainerIsRefusedNamingTheFix) {
  CliOk(user(1), {"container-create", "idle", "--image=" + std::string(kBaseImage), "--gpu=0"});
  ProcessResult ran = Cli(user(1), {"container-attach", "idle"});
  EXPECT_EQ(ran.exit_code, 4) << ran.Describe();
  EXPECT_NE(ran.err.find("Cannot enter container idle: it is created, not running"),
            std::string::npos)
      << ran.err;
  EXPECT_NE(ran.err.find("container-run idle"), std::string::npos) << ran.err;
}

TEST_F(ShellsTest, AnotherUsersContainerIsMissingAndRootIsNeverGiven) {
  Running(user(1), "mine");
  ProcessResult theirs = Cli(user(2), {"container-exec", "mine", "true"});
  ProcessResult absent = Cli(user(2), {"container-exec", "absent", "true"});
  EXPECT_EQ(theirs.exit_code, 3) << theirs.Describe();
  EXPECT_EQ(Anonymise(theirs.err, "mine"), Anonymise(absent.err, "absent"));
  for (const char* who : {"root", "0", "0:0"}) {
    ProcessResult root = Cli(user(1), {"container-exec", "-u", who, "mine", "id", "-u"});
    EXPECT_EQ(root.exit_code, 4) << who << ": " << root.Describe();
    EXPECT_EQ(root.out, "");
  }
  ProcessResult other =
      Cli(user(1), {"container-exec", "-u", std::to_string(user(2).uid), "mine", "id", "-u"});
  EXPECT_EQ(other.exit_code, 4) << other.Describe();
  EXPECT_EQ(CliOk(user(1), {"container-exec", "-u", user(1).name, "mine", "id", "-u"}).out,
            std::to_string(user(1).uid) + "\n");
}

TEST_F(ShellsTest, AnotherUsersExecIdIsMissingToo) {
  Running(user(1), "mine");
  Running(user(2), "theirs");
  http::Response started =
      Api(user(1), "POST", "/v1/containers/mine/exec", R"({"cmd":["sleep","30"],"detach":true})");
  ASSERT_EQ(started.status, 201) << started.body;
  const std::string id = nlohmann::json::parse(started.body).value("exec_id", "");
  // User 2 names user 1's exec through their own container: as missing as a made-up one.
  http::Response probe = Api(user(2), "GET", "/v1/containers/theirs/exec/" + id);
  EXPECT_EQ(probe.status, 404) << probe.body;
  http::Response resize = Api(user(2), "POST", "/v1/containers/theirs/exec/" + id + "/resize",
                              R"({"height":10,"width":10})");
  EXPECT_EQ(resize.status, 404) << resize.body;
  EXPECT_EQ(Api(user(1), "GET", "/v1/containers/mine/exec/" + id).status, 200);
}

// The handed-over connection is the exec's stdio and nothing else: an Engine API request
// written into it is what the process reads, never a request the engine answers.
TEST_F(ShellsTest, WhatTheUserWritesIntoTheHandedConnectionOnlyFeedsTheProcess) {
  Running(user(1), "probe");
  const std::string request =
      "GET /containers/json?all=1 HTTP/1.1\r\nHost: docker\r\n\r\n"
      "POST /containers/probe._." +
      std::to_string(user(1).uid) + "/kill HTTP/1.1\r\nHost: docker\r\n\r\n";
  ProcessResult ran = CliFed(user(1), {"container-exec", "probe", "cat"}, request);
  EXPECT_EQ(ran.exit_code, 0) << ran.Describe();
  EXPECT_EQ(ran.out, request);  // echoed by cat, byte for byte: no engine answer among it
  EXPECT_EQ(Listed(user(1), "probe").value_or(nullptr).value("state", ""), "running");
}

TEST_F(ShellsTest, OnATerminalTheShellIsRawResizesFollowAndCtrlCStaysInside) {
  Running(user(1), "tty");
  auto terminal = OnTerminal(user(1), {"container-attach", "tty"});
  ASSERT_NE(terminal, nullptr);
  ASSERT_TRUE(terminal->Expect("$ ")) << terminal->screen();
  terminal->Type("whoami\r");
  EXPECT_TRUE(terminal->Expect(user(1).name)) << terminal->screen();
  terminal->Type("stty size\r");
  EXPECT_TRUE(terminal->Expect("24 80")) << terminal->screen();
  terminal->Resize(40, 120);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  terminal->Type("stty size\r");
  EXPECT_TRUE(terminal->Expect("40 120")) << terminal->screen();
  // Ctrl-C interrupts the program inside; the shell and ds01 carry on. (The terminal echoes
  // what is typed, so what the shell would print is written differently.)
  terminal->Type("sleep 30; echo after-$((6*7))\r");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  terminal->Type("\x03");
  terminal->Type("echo still-here\r");
  EXPECT_TRUE(terminal->Expect("still-here\r\n")) << terminal->screen();
  terminal->Type("exit 3\r");
  EXPECT_EQ(terminal->Wait(), 3) << terminal->screen();
  EXPECT_EQ(terminal->screen().find("after-42"), std::string::npos) << terminal->screen();
  EXPECT_EQ(Listed(user(1), "tty").value_or(nullptr).value("state", ""), "running");
}

TEST_F(ShellsTest, CtrlDLeavesTheShellAndContainerExitToo) {
  Running(user(1), "tty");
  auto terminal = OnTerminal(user(1), {"container-attach", "tty"});
  ASSERT_NE(terminal, nullptr);
  ASSERT_TRUE(terminal->Expect("$ ")) << terminal->screen();
  terminal->Type("\x04");
  EXPECT_EQ(terminal->Wait(), 0) << terminal->screen();
  auto again = OnTerminal(user(1), {"container-attach", "tty"});
  ASSERT_NE(again, nullptr);
  ASSERT_TRUE(again->Expect("$ ")) << again->screen();
  again->Type("container-exit\r");
  EXPECT_NE(again->Wait(), -1) << again->screen();
  EXPECT_EQ(Listed(user(1), "tty").value_or(nullptr).value("state", ""), "running");
}

TEST_F(ShellsTest, CreateMountsTheProjectOfTheSameNameWhenItExists) {
  const std::string project = user(1).workspace + "/paper";
  std::filesystem::create_directories(project);
  std::ofstream(project + "/notes.txt") << "draft\n";
  ASSERT_EQ(::chown(project.c_str(), user(1).uid, user(1).gid), 0);
  CliOk(user(1), {"container-create", "paper", "--image=" + std::string(kBaseImage), "--gpu=0"});
  CliOk(user(1), {"container-start", "paper"});
  EXPECT_EQ(CliOk(user(1), {"container-exec", "paper", "cat", "/workspace/notes.txt"}).out,
            "draft\n");
  // No directory of that name: no mount, and the create is not refused for it.
  CliOk(user(1), {"container-create", "nodir", "--image=" + std::string(kBaseImage), "--gpu=0"});
  CliOk(user(1), {"container-start", "nodir"});
  EXPECT_EQ(CliOk(user(1), {"container-exec", "nodir", "ls", "-A", "/workspace"}).out, "");
}

}  // namespace
}  // namespace ds01::e2e
