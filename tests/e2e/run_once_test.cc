// container-run --rm and container-wait (issue 11), as real users against ds01d and the real
// engine: a run's output apart on stdout and stderr, its exit code passed on, the container
// removed and its GPU freed at its exit, a detached run waited for, Ctrl-C and a reader that
// leaves each stopping it, a run that cannot start leaving nothing, and a wait that runs out of
// time cleaning up. What the engine holds is read by docker-py, not by ds01's own client.
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "tests/e2e/support/e2e_fixture.h"
#include "tests/e2e/support/raw_hand_over.h"

namespace ds01::e2e {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

// The message of ds01d's {"error": …} answer.
std::string RefusalOf(const http::Response& response) {
  const auto body = json::parse(response.body, nullptr, false);
  return body.is_object() ? body["error"].value("message", "(none)") : "(not JSON)";
}

std::string FileText(const std::string& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

class RunOnceTest : public E2eTest {
 protected:
  const std::string image_ = "--image=" + std::string(kBaseImage);

  // True when no GPU slot has a holder, as `who` sees GET /v1/gpus.
  bool EveryGpuFree(const TestUser& who) {
    const json gpus = Gpus(who);
    for (const json& gpu : gpus.value("gpus", json::array())) {
      for (const json& slot : gpu.value("slots", json::array())) {
        if (slot.contains("holder") && slot["holder"].is_object()) return false;
        if (slot.value("taken", false)) return false;
      }
    }
    return true;
  }

  // True once neither ds01d nor the engine has `who`'s container `name`.
  bool SoonGone(const TestUser& who, const std::string& name) {
    return Eventually(
        [&] {
          auto inspect = InspectOf(who, name);
          return !Listed(who, name).has_value() && !inspect.ok() &&
                 inspect.error().code == ErrorCode::kNotFound;
        },
        seconds(20));
  }

  ProcessSpec AsUser(const TestUser& who, std::vector<std::string> argv) {
    ProcessSpec spec;
    spec.path = argv.at(0).starts_with("/") ? argv.at(0) : CommandPath(argv.at(0));
    spec.argv = std::move(argv);
    spec.env = CliEnvironment(who);
    spec.as = who.credentials();
    spec.cwd = who.home;
    spec.timeout = seconds(120);
    return spec;
  }

  // Starts `argv` as `who` in the background, its output in a log; the pid.
  pid_t Spawn(const TestUser& who, std::vector<std::string> argv, const std::string& log) {
    auto pid = SpawnProcess(AsUser(who, std::move(argv)), log);
    EXPECT_TRUE(pid.ok()) << pid.error().ToString();
    return pid.ok() ? *pid : -1;
  }

  // Waits for `pid` for up to `timeout`: its exit code, -1 when a signal ended it, -2 when it
  // was still running (it is killed then).
  static int Reap(pid_t pid, milliseconds timeout) {
    int status = 0;
    const bool ended = Eventually([&] { return ::waitpid(pid, &status, WNOHANG) == pid; }, timeout,
                                  milliseconds(50));
    if (!ended) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -2;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
};

TEST_F(RunOnceTest, ARunPrintsItsStreamsApartExitsWithItsCodeAndLeavesNothing) {
  ProcessResult run =
      Cli(user(1), {"container-run", "--rm", image_, "job", "--gpu=1", "--", "sh", "-c",
                    "echo out; echo err >&2; echo $NVIDIA_VISIBLE_DEVICES >&2; exit 3"});
  EXPECT_EQ(run.exit_code, 3) << run.Describe();
  EXPECT_EQ(run.out, "out\n") << run.Describe();
  EXPECT_NE(run.err.find("err\n"), std::string::npos) << run.Describe();
  EXPECT_NE(run.err.find("GPU-"), std::string::npos) << "it ran with its GPU\n" << run.Describe();
  EXPECT_TRUE(SoonGone(user(1), "job"));
  EXPECT_TRUE(Eventually([&] { return EveryGpuFree(admin()); }, seconds(20)))
      << "the GPU outlived its container\n"
      << Gpus(admin()).dump();
}

TEST_F(RunOnceTest, TheImageAloneNamesTheRunAndTheOutputIsAllThereIsOnStdout) {
  ProcessResult run = Cli(user(1), {"container-run", "--rm", std::string(kBaseImage), "--gpu=0",
                                    "--", "sh", "-c", "seq 1 3"});
  EXPECT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_EQ(run.out, "1\n2\n3\n");
  EXPECT_TRUE(Eventually([&] { return ListAll(user(1)).empty(); }, seconds(20)));
}

TEST_F(RunOnceTest, ADetachedRunIsRemovedAtItsExitAndContainerWaitHasItsCode) {
  ProcessResult run = CliOk(user(1), {"container-run", "--rm", "-d", image_, "bg", "--gpu=0", "--",
                                      "sh", "-c", "sleep 2; echo done; exit 4"});
  EXPECT_EQ(run.out, "bg\n");
  const json view = IndependentInspectOf(user(1), "bg");
  ASSERT_TRUE(view.is_object());
  EXPECT_EQ(view["HostConfig"]["AutoRemove"], true);
  EXPECT_EQ(view["Config"]["Tty"], false) << "a run's stdout and stderr stay apart";
  ProcessResult wait = Cli(user(1), {"container-wait", "bg", "--condition=removed"});
  EXPECT_EQ(wait.exit_code, 4) << wait.Describe();
  EXPECT_EQ(wait.out, "4\n");
  EXPECT_TRUE(SoonGone(user(1), "bg"));
  ProcessResult logs = Cli(user(1), {"container-logs", "bg"});
  EXPECT_EQ(logs.exit_code, 3) << logs.Describe();
  EXPECT_NE(logs.err.find("removed it when its command exited"), std::string::npos)
      << logs.Describe();
  EXPECT_NE(logs.err.find("--rm"), std::string::npos) << logs.Describe();
  ProcessResult other = Cli(user(2), {"container-logs", "bg"});
  EXPECT_EQ(other.exit_code, 3);
  EXPECT_EQ(other.err.find("removed"), std::string::npos) << "another user learns nothing of it\n"
                                                          << other.Describe();
}

TEST_F(RunOnceTest, CtrlCStopsTheRunOnceWhichIsThenRemovedWithItsCode) {
  const std::string log = work_dir() + "/ctrl-c.log";
  const pid_t pid = Spawn(user(1),
                          {"container-run", "--rm", image_, "sig", "--gpu=1", "--", "sh", "-c",
                           "trap 'echo bye; exit 9' TERM; echo ready; "
                           "while true; do sleep 0.1; done"},
                          log);
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(
      Eventually([&] { return FileText(log).find("ready") != std::string::npos; }, seconds(30)))
      << FileText(log);
  ::kill(pid, SIGINT);
  std::this_thread::sleep_for(milliseconds(20));
  ::kill(pid, SIGINT);  // an impatient second one, while the stop is under way, changes nothing
  EXPECT_EQ(Reap(pid, seconds(30)), 9) << FileText(log);
  EXPECT_NE(FileText(log).find("bye"), std::string::npos) << FileText(log);
  EXPECT_NE(FileText(log).find("Stopping sig"), std::string::npos) << FileText(log);
  EXPECT_TRUE(SoonGone(user(1), "sig"));
  EXPECT_TRUE(Eventually([&] { return EveryGpuFree(admin()); }, seconds(20)));
}

// A Ctrl-C may come at any moment of a run's making: before the container exists, between its
// create and its start, or once it runs. Whenever it comes, nothing is left behind.
TEST_F(RunOnceTest, ACtrlCAtAnyMomentLeavesNoContainerAndNoHeldGpu) {
  for (int delay_ms : {30, 80, 150, 250, 400, 700}) {
    const std::string name = "early-" + std::to_string(delay_ms);
    const std::string log = work_dir() + "/" + name + ".log";
    const pid_t pid = Spawn(user(1),
                            {"container-run", "--rm", image_, name, "--gpu=1", "--", "sh", "-c",
                             "trap 'exit 9' TERM; while true; do sleep 0.1; done"},
                            log);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(milliseconds(delay_ms));
    ::kill(pid, SIGINT);
    EXPECT_NE(Reap(pid, seconds(30)), -2) << "still running after a Ctrl-C\n" << FileText(log);
    EXPECT_TRUE(SoonGone(user(1), name)) << "after " << delay_ms << " ms\n" << FileText(log);
  }
  EXPECT_TRUE(Eventually([&] { return EveryGpuFree(admin()); }, seconds(20)))
      << Gpus(admin()).dump();
}

TEST_F(RunOnceTest, AReaderThatLeavesStopsTheRunInsteadOfLeavingItRunning) {
  ProcessSpec spec = AsUser(user(1), {"/bin/sh", "-c",
                                      "container-run --rm " + image_ +
                                          " yes --gpu=0 -- sh -c 'while true; do echo y; done' "
                                          "| head -n 2"});
  // The run is let go of before it is stopped: an attach nobody reads held the engine's stop
  // for a minute (71 s measured), against the 10 s grace the command ignores here.
  spec.timeout = seconds(40);
  auto shell = RunProcess(spec);
  ASSERT_TRUE(shell.ok()) << shell.error().ToString();
  EXPECT_FALSE(shell->timed_out) << shell->Describe();
  EXPECT_EQ(shell->out, "y\ny\n");
  EXPECT_TRUE(SoonGone(user(1), "yes"));
}

TEST_F(RunOnceTest, ARunThatCannotStartLeavesNoContainerAndNoHeldGpu) {
  ProcessResult run =
      Cli(user(1), {"container-run", "--rm", image_, "nope", "--gpu=1", "--", "/no/such/program"});
  EXPECT_NE(run.exit_code, 0) << run.Describe();
  EXPECT_NE(run.err.find("/no/such/program"), std::string::npos) << run.Describe();
  EXPECT_TRUE(SoonGone(user(1), "nope"));
  EXPECT_TRUE(Eventually([&] { return EveryGpuFree(admin()); }, seconds(20)))
      << Gpus(admin()).dump();
}

TEST_F(RunOnceTest, RmWithARestartPolicyIsRefusedAlikeFromTheCliAndRaw) {
  ProcessResult cli = Cli(user(1), {"container-run", "--rm", image_, "twice", "--gpu=0",
                                    "--restart=on-failure", "--", "true"});
  http::Response raw = Api(user(1), "POST", "/v1/containers",
                           json{{"name", "twice"},
                                {"gpus", 0},
                                {"image", kBaseImage},
                                {"auto_remove", true},
                                {"restart", "unless-stopped"}}
                               .dump());
  EXPECT_EQ(raw.status, 400) << raw.body;
  EXPECT_NE(RefusalOf(raw).find("--rm and a restart policy"), std::string::npos) << raw.body;
  EXPECT_NE(cli.exit_code, 0);
  EXPECT_NE(cli.err.find("--rm and a restart policy"), std::string::npos) << cli.Describe();
  EXPECT_FALSE(Listed(user(1), "twice").has_value());
}

TEST_F(RunOnceTest, AWaitThatRunsOutOfTimeSaysSoStopsAsAskedAndExits124) {
  CliOk(user(1), {"container-create", "long", image_, "--gpu=0", "--", "sleep", "1000"});
  CliOk(user(1), {"container-start", "long"});
  ProcessResult wait = Cli(user(1), {"container-wait", "long", "--timeout=1", "--then-stop"});
  EXPECT_EQ(wait.exit_code, 124) << wait.Describe();
  EXPECT_NE(wait.err.find("long did not reach not-running within 1s"), std::string::npos)
      << wait.Describe();
  EXPECT_EQ(Listed(user(1), "long").value_or(json::object()).value("state", ""), "stopped");
  ProcessResult stopped = Cli(user(1), {"container-wait", "long"});
  EXPECT_EQ(stopped.exit_code, 137) << "sleep ignores SIGTERM as PID 1, so it was killed\n"
                                    << stopped.Describe();
}

TEST_F(RunOnceTest, NextExitSeesAStartThatCameAfterTheWaitBegan) {
  CliOk(user(1), {"container-create", "later", image_, "--gpu=0", "--", "sh", "-c", "exit 6"});
  const std::string log = work_dir() + "/next-exit.log";
  const pid_t pid = Spawn(user(1), {"container-wait", "later", "--condition=next-exit"}, log);
  ASSERT_GT(pid, 0);
  std::this_thread::sleep_for(milliseconds(500));
  CliOk(user(1), {"container-start", "later"});
  EXPECT_EQ(Reap(pid, seconds(30)), 6) << FileText(log);
}

TEST_F(RunOnceTest, AnotherUsersContainerIsWaitedForAndAttachedToAsAMissingOne) {
  CliOk(user(1), {"container-create", "mine", image_, "--gpu=0", "--", "sleep", "1000"});
  ProcessResult theirs = Cli(user(2), {"container-wait", "mine"});
  ProcessResult none = Cli(user(2), {"container-wait", "absent"});
  EXPECT_EQ(theirs.exit_code, 3) << theirs.Describe();
  EXPECT_EQ(Anonymise(theirs.err, "mine"), Anonymise(none.err, "absent"));
  for (const std::string route : {"/v1/containers/mine/attach", "/v1/containers/mine/wait"}) {
    http::Response raw = Api(user(2), "POST", route);
    EXPECT_EQ(raw.status, 404) << route << " " << raw.body;
  }
  http::Response plain = Api(user(1), "POST", "/v1/containers/mine/wait");
  EXPECT_EQ(plain.status, 400) << "a wait without the hand-over is refused, not held\n"
                               << plain.body;
  http::Response odd = Api(user(1), "POST", "/v1/containers/mine/wait?condition=soon");
  EXPECT_EQ(odd.status, 400) << odd.body;
  EXPECT_NE(RefusalOf(odd).find("'soon' is not a condition"), std::string::npos);
}

// The connections a wait and an attach hand over are the engine's answer and the process's
// output, nothing else: Engine API requests written into them are neither answered nor obeyed.
TEST_F(RunOnceTest, WhatTheUserWritesIntoAHandedWaitOrAttachReachesNoEngine) {
  CliOk(user(1), {"container-create", "probe", image_, "--gpu=0", "--", "sh", "-c",
                  "while true; do echo alive; sleep 0.2; done"});
  CliOk(user(1), {"container-start", "probe"});
  const std::string docker_name = DockerName("probe", user(1).uid);
  const std::string attack =
      "GET /v1.41/containers/json?all=1 HTTP/1.1\r\nHost: docker\r\n\r\n"
      "POST /v1.41/containers/" +
      docker_name + "/kill HTTP/1.1\r\nHost: docker\r\n\r\n";
  auto wait = OpenRawHandOver(user(1).credentials(), socket_path(), "POST",
                              "/v1/containers/probe/wait?condition=not-running", "ds01-wait");
  ASSERT_GE(wait->engine, 0) << wait->head;
  auto attach = OpenRawHandOver(user(1).credentials(), socket_path(), "POST",
                                "/v1/containers/probe/attach", "ds01-attach");
  ASSERT_GE(attach->engine, 0) << attach->head;
  EXPECT_EQ(attach->line.value("tty", true), true) << "a created container has a terminal\n"
                                                   << attach->line.dump();
  for (int fd : {wait->engine, attach->engine}) {
    ::send(fd, attack.data(), attack.size(), MSG_NOSIGNAL);
  }
  std::this_thread::sleep_for(seconds(1));
  EXPECT_EQ(Listed(user(1), "probe").value_or(nullptr).value("state", ""), "running")
      << "a kill written into a handed connection was obeyed";
  CliOk(user(1), {"container-stop", "probe", "--time=1"});
  const std::string waited = wait->ReadEngine();
  const std::string output = attach->ReadEngine();
  EXPECT_NE(waited.find("\"StatusCode\":137"), std::string::npos) << waited;
  EXPECT_NE(output.find("alive"), std::string::npos) << output;
  for (const std::string& stream : {waited, output}) {
    EXPECT_EQ(stream.find("HTTP/1.1"), std::string::npos) << "no engine answer in\n" << stream;
    EXPECT_EQ(stream.find(docker_name), std::string::npos) << "no listing in\n" << stream;
  }
}

TEST_F(RunOnceTest, AStoppedContainerHasNoProcessToAttachTo) {
  CliOk(user(1), {"container-create", "idle", image_, "--gpu=0", "--", "true"});
  CliOk(user(1), {"container-start", "idle"});
  ASSERT_EQ(Cli(user(1), {"container-wait", "idle"}).exit_code, 0);
  auto attach = OpenRawHandOver(user(1).credentials(), socket_path(), "POST",
                                "/v1/containers/idle/attach", "ds01-attach");
  EXPECT_TRUE(attach->head.starts_with("HTTP/1.1 409")) << attach->head;
  EXPECT_LT(attach->engine, 0);
}

}  // namespace
}  // namespace ds01::e2e
