#include "cli/run.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "api/wire_gpus.h"
#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::MakeContainer;
using State = api::ContainerState;
using testing::TestSession;

Error DaemonError(ErrorCode code, std::string message, std::string hint = {}) {
  return MakeError(code, std::move(message), std::move(hint));
}

TEST(RunCommandLine, HelpPrintsTheCommandsUsageWithoutAskingTheDaemon) {
  TestSession t;
  EXPECT_EQ(RunCommandLine(t.session, "container-create", {"--help"}), 0);
  EXPECT_TRUE(t.out.str().starts_with("Usage: container-create NAME")) << t.out.str();
  EXPECT_TRUE(t.daemon.requests.empty());
}

TEST(RunCommandLine, HelpWinsOverOtherwiseWrongFlags) {
  TestSession t;
  EXPECT_EQ(RunCommandLine(t.session, "ds01", {"container", "stop", "--bogus", "-h"}), 0);
  EXPECT_TRUE(t.out.str().starts_with("Usage: container-stop")) << t.out.str();
}

TEST(RunCommandLine, InfoAndConceptsPrintTheirOwnTexts) {
  TestSession info;
  EXPECT_EQ(RunCommandLine(info.session, "container-stop", {"--info"}), 0);
  EXPECT_TRUE(info.out.str().starts_with("container-stop — ")) << info.out.str();
  TestSession concepts;
  EXPECT_EQ(RunCommandLine(concepts.session, "container-stop", {"--concepts"}), 0);
  EXPECT_NE(concepts.out.str().find("Stop versus pause"), std::string::npos);
}

TEST(RunCommandLine, Ds01HelpListsEveryCommand) {
  TestSession t;
  EXPECT_EQ(RunCommandLine(t.session, "ds01", {"--help"}), 0);
  EXPECT_NE(t.out.str().find("container create"), std::string::npos);
  EXPECT_NE(t.out.str().find("gpus"), std::string::npos);
}

TEST(RunCommandLine, AnUnknownCommandExitsTwoListingTheCommands) {
  TestSession t;
  EXPECT_EQ(RunCommandLine(t.session, "ds01", {"container", "launch"}), 2);
  EXPECT_TRUE(t.err.str().starts_with("Error: unknown command 'ds01 container launch'\nFix: "))
      << t.err.str();
  EXPECT_NE(t.err.str().find("container remove"), std::string::npos);
}

TEST(RunCommandLine, ABadFlagValueExitsTwoWithTheFix) {
  TestSession t;
  EXPECT_EQ(RunCommandLine(t.session, "container-create", {"box", "--gpu=abc"}), 2);
  EXPECT_EQ(t.err.str(),
            "Error: --gpu takes a whole number, not 'abc'\n"
            "Fix: give a whole number of GPUs: --gpu=1 (or --gpu=0 for none)\n");
  EXPECT_TRUE(t.daemon.requests.empty());
}

TEST(RunCommandLine, NoNameWithoutATerminalExitsTwoAndNeverWaits) {
  for (const char* command :
       {"container-start", "container-stop", "container-pause", "container-unpause",
        "container-remove", "container-create", "container-deploy", "container-retire"}) {
    TestSession t;
    EXPECT_EQ(RunCommandLine(t.session, command, {}), 2) << command;
    EXPECT_TRUE(t.err.str().starts_with("Error: NAME is missing")) << t.err.str();
    EXPECT_TRUE(t.daemon.requests.empty()) << command;
  }
}

TEST(RunCommandLine, TheDaemonsRefusalsMapToExitStatuses) {
  const std::pair<ErrorCode, int> cases[] = {
      {ErrorCode::kNotFound, 3},      {ErrorCode::kConflict, 4},
      {ErrorCode::kLimitExceeded, 4}, {ErrorCode::kPermissionDenied, 4},
      {ErrorCode::kUnavailable, 5},   {ErrorCode::kInternal, 1}};
  for (const auto& [code, status] : cases) {
    TestSession t;
    t.daemon.Answer("POST", "/v1/containers/box/start", DaemonError(code, "refused", "do this"));
    EXPECT_EQ(RunCommandLine(t.session, "container-start", {"box"}), status) << ErrorCodeName(code);
    EXPECT_EQ(t.err.str(), "Error: refused\nFix: do this\n");
  }
}

TEST(RunCommandLine, AnUnreachableDaemonExitsFiveWithTheDocumentedMessage) {
  ASSERT_EQ(setenv("DS01_SOCKET", "/nonexistent-ds01-test/ds01.sock", 1), 0);
  DaemonClient daemon(DaemonSocket(std::getenv("DS01_SOCKET")));
  unsetenv("DS01_SOCKET");
  TestSession t;
  Session session{daemon, t.in, t.out, t.err, false, 1001, t.clock, t.pacer, {}};
  EXPECT_EQ(RunCommandLine(session, "container-list", {}), 5);
  EXPECT_EQ(t.err.str(),
            "Error: ds01d not reachable at /nonexistent-ds01-test/ds01.sock: No such file or "
            "directory\nFix: start it (systemctl start ds01d) or set DS01_SOCKET\n");
}

TEST(RunCommandLine, ForceIsTakenByEveryCommandAndSkipsTheQuestion) {
  TestSession t;
  t.TerminalTyping("");  // nobody would answer
  t.daemon.Answer("POST", "/v1/containers/box/start", MakeContainer("box", State::kRunning, "2"));
  EXPECT_EQ(RunCommandLine(t.session, "container-start", {"box", "--force"}), 0) << t.err.str();
  t.daemon.Answer("POST", "/v1/containers/box/remove", api::Removed{"box"});
  EXPECT_EQ(RunCommandLine(t.session, "container-remove", {"box", "-f"}), 0) << t.err.str();
  EXPECT_EQ(t.out.str().find("[y/N]"), std::string::npos) << t.out.str();
  t.daemon.Answer("GET", "/v1/gpus", api::GpuInventory{});
  EXPECT_EQ(RunCommandLine(t.session, "gpus", {"--force"}), 0) << t.err.str();
}

TEST(RunCommandLine, GuidedExplainsEachStepAroundTheResult) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers/box/start", MakeContainer("box", State::kRunning, "2"));
  EXPECT_EQ(RunCommandLine(t.session, "container-start", {"box", "--guided"}), 0);
  const std::string out = t.out.str();
  std::size_t before = out.find("Step 1 of 2: asking ds01d to start \"box\"");
  std::size_t result = out.find("Started box (GPU 2, simulated)");
  std::size_t after = out.find("Step 2 of 2: \"box\" is running (GPU 2, simulated)");
  ASSERT_NE(before, std::string::npos) << out;
  ASSERT_NE(result, std::string::npos) << out;
  ASSERT_NE(after, std::string::npos) << out;
  EXPECT_LT(before, result);
  EXPECT_LT(result, after);
}

TEST(RunCommandLine, WithoutGuidedTheOutputIsOneLine) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers/box/start", MakeContainer("box", State::kRunning, "2"));
  EXPECT_EQ(RunCommandLine(t.session, "ds01", {"container", "start", "box"}), 0);
  EXPECT_EQ(t.out.str(), "Started box (GPU 2, simulated)\n");
}

TEST(RunCommandLine, VersionNamesTheProgram) {
  TestSession t;
  EXPECT_EQ(RunCommandLine(t.session, "ds01", {"--version"}), 0);
  EXPECT_TRUE(t.out.str().starts_with("ds01 ")) << t.out.str();
}

}  // namespace
}  // namespace ds01::cli
