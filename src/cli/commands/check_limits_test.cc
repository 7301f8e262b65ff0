#include "cli/commands/check_limits.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "api/wire_container.h"
#include "cli/exit_status.h"
#include "cli/run.h"
#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using State = api::ContainerState;
using testing::MakeCallerLimits;
using testing::MakeContainer;
using testing::MinutesFromStart;
using testing::TestSession;

// What ds01d answers alice: one container running on GPU 0, and one stopped 15 minutes ago
// whose GPU 1 is held for 30 more minutes.
void AnswerAlice(testing::FakeDaemon& daemon) {
  api::Container old = MakeContainer("old", State::kStopped, "1");
  old.stopped_at = MinutesFromStart(-15);
  old.hold_expires_at = MinutesFromStart(30);
  daemon.Answer("GET", "/v1/limits", MakeCallerLimits());
  daemon.Answer("GET", "/v1/containers?all=1",
                api::ContainerList{{MakeContainer("train", State::kRunning, "0"), old}});
}

TEST(CheckLimitsFlags, TakeAFormatAndNoName) {
  CheckLimitsOptions options;
  ArgSpec spec("check-limits");
  DeclareCheckLimits(spec, options);
  ASSERT_TRUE(spec.Parse({"--format=json"}).ok());
  EXPECT_EQ(options.format, OutputFormat::kJson);
  EXPECT_FALSE(spec.Parse({"NAME"}).ok());
}

TEST(RunCheckLimits, ShowsTheLimitsBesideTheUseAndTheHoldsTimeLeft) {
  TestSession t;
  AnswerAlice(t.daemon);
  EXPECT_EQ(RunCommandLine(t.session, "check-limits", {}), kExitOk) << t.err.str();
  // The whole table is limits_view_test's; here, that both answers reach it.
  const std::string out = t.out.str();
  EXPECT_EQ(out.substr(0, out.find('\n')), "Limits of alice (uid 1001)");
  EXPECT_NE(out.find("max_containers              3 (2 in use, 1 running)\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find("old         stopped   GPU-1   held, 30m left   23h 45m\n"), std::string::npos)
      << out;
  ASSERT_EQ(t.daemon.requests.size(), 2U);
  EXPECT_EQ(t.daemon.requests[0].target, "/v1/limits");
  EXPECT_EQ(t.daemon.requests[1].target, "/v1/containers?all=1");
}

TEST(RunCheckLimits, TheHoldsTimeLeftFollowsTheClock) {
  TestSession t;
  AnswerAlice(t.daemon);
  t.clock.Advance(std::chrono::minutes(20));
  ASSERT_TRUE(RunCheckLimits(t.session, {}).ok());
  EXPECT_NE(t.out.str().find("old         stopped   GPU-1   held, 10m left   23h 25m\n"),
            std::string::npos)
      << t.out.str();
}

TEST(RunCheckLimits, IsAlsoDs01CheckLimits) {
  TestSession t;
  AnswerAlice(t.daemon);
  EXPECT_EQ(RunCommandLine(t.session, "ds01", {"check", "limits", "--format=simple"}), kExitOk)
      << t.err.str();
  EXPECT_NE(t.out.str().find("\ngpu_hold_after_stop_seconds 900\n"), std::string::npos)
      << t.out.str();
  EXPECT_TRUE(
      t.out.str().ends_with("hold train running allocated 0 - -\n"
                            "hold old stopped held 1 1800 85500\n"))
      << t.out.str();
}

TEST(RunCheckLimits, JsonIsOneObjectOfLimitsUsageAndHolds) {
  TestSession t;
  AnswerAlice(t.daemon);
  EXPECT_EQ(RunCommandLine(t.session, "check-limits", {"--format=json"}), kExitOk) << t.err.str();
  const auto json = nlohmann::json::parse(t.out.str());
  EXPECT_EQ(json.at("limits"), nlohmann::json(MakeCallerLimits().limits));
  EXPECT_EQ(json.at("usage"), nlohmann::json(MakeCallerLimits().usage));
  ASSERT_EQ(json.at("holds").size(), 2U);
  EXPECT_EQ(json["holds"][1]["name"], "old");
  EXPECT_EQ(json["holds"][1]["hold_expires_at"], "2024-01-01T00:30:00.000Z");
}

TEST(RunCheckLimits, TheDaemonsErrorIsTheErrorAndNothingIsPrinted) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/limits",
                  MakeError(ErrorCode::kInternal, "reading the limits failed: disk I/O error",
                            "see journalctl -u ds01d"));
  EXPECT_EQ(RunCommandLine(t.session, "check-limits", {}), kExitError);
  EXPECT_EQ(t.out.str(), "");
  EXPECT_EQ(t.err.str(),
            "Error: reading the limits failed: disk I/O error\nFix: see journalctl -u ds01d\n");
  EXPECT_EQ(t.daemon.requests.size(), 1U);
}

TEST(RunCheckLimits, AFailedContainerListIsTheErrorToo) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/limits", MakeCallerLimits());
  t.daemon.Answer("GET", "/v1/containers?all=1",
                  MakeError(ErrorCode::kUnavailable, "the Docker engine is not reachable",
                            "ask an administrator to check the docker service"));
  EXPECT_EQ(RunCommandLine(t.session, "check-limits", {}), kExitUnreachable);
  EXPECT_EQ(t.out.str(), "");
  EXPECT_EQ(t.err.str(),
            "Error: the Docker engine is not reachable\n"
            "Fix: ask an administrator to check the docker service\n");
}

TEST(RunCheckLimits, AMalformedAnswerIsAProtocolError) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/limits", Result<nlohmann::json>(nlohmann::json{{"user", "alice"}}));
  EXPECT_EQ(RunCommandLine(t.session, "check-limits", {}), kExitError);
  EXPECT_TRUE(t.err.str().starts_with("Error: ds01d answered GET /v1/limits with a malformed "))
      << t.err.str();
}

}  // namespace
}  // namespace ds01::cli
