#include "cli/commands/container_prune.h"

#include <gtest/gtest.h>

#include "api/wire_prune.h"
#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using nlohmann::json;
using testing::MinutesFromStart;
using testing::TestSession;

api::PruneReport OneRemoved(bool dry_run = false) {
  api::PruneReport report;
  report.dry_run = dry_run;
  report.removed = {{"train", {1001, "alice"}, "thesis", "abc", 2048, MinutesFromStart(-60)}};
  report.space_reclaimed_bytes = 2048;
  return report;
}

TEST(ContainerPruneFlags, TakeUntilDryRunOwnerAndFormat) {
  ContainerPruneOptions options;
  ArgSpec spec("container-prune");
  DeclareContainerPrune(spec, options);
  ASSERT_TRUE(spec.Parse({"--until=1d12h", "--dry-run", "--owner", "bob", "--format=json"}).ok());
  EXPECT_EQ(options.until, std::chrono::hours(36));
  EXPECT_TRUE(options.dry_run);
  EXPECT_EQ(options.owner, "bob");
  EXPECT_EQ(options.format, OutputFormat::kJson);
}

TEST(ContainerPruneFlags, AnOddDurationIsAUsageErrorNamingIt) {
  for (const char* odd :
       {"24", "1.5h", "-1h", "24H", "soon", "", "2h 30m", "99999999999999999999d"}) {
    ContainerPruneOptions options;
    ArgSpec spec("container-prune");
    DeclareContainerPrune(spec, options);
    Status parsed = spec.Parse({std::string("--until=") + odd});
    ASSERT_FALSE(parsed.ok()) << odd;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << odd;
    EXPECT_FALSE(options.until.has_value()) << odd;
  }
}

TEST(RunContainerPrune, SendsUntilInSecondsAndTheOwnerAndPrintsWhatWent) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers/prune?owner=bob", OneRemoved());
  ContainerPruneOptions options;
  options.until = std::chrono::hours(24);
  options.owner = "bob";
  ASSERT_TRUE(RunContainerPrune(t.session, options).ok());
  ASSERT_EQ(t.daemon.requests.size(), 1u);
  EXPECT_EQ(t.daemon.requests[0].body, (json{{"until", 86400}}));
  EXPECT_EQ(t.out.str(),
            "Removed train (2.0KiB, not run for 1h 0m)\nReclaimed 2.0KiB from 1 container\n");
}

TEST(RunContainerPrune, ADryRunAsksNothingAndSaysNothingWasRemoved) {
  TestSession t;
  t.TerminalTyping("");
  t.daemon.Answer("POST", "/v1/containers/prune", OneRemoved(true));
  ContainerPruneOptions options;
  options.dry_run = true;
  ASSERT_TRUE(RunContainerPrune(t.session, options).ok());
  EXPECT_EQ(t.daemon.requests[0].body, (json{{"dry_run", true}}));
  EXPECT_EQ(t.out.str(),
            "Would remove train (2.0KiB, not run for 1h 0m)\n"
            "Would reclaim 2.0KiB from 1 container (a dry run: nothing was removed)\n");
}

TEST(RunContainerPrune, OnATerminalItAsksAndANoSendsNothing) {
  TestSession no;
  no.TerminalTyping("n\n");
  Status refused = RunContainerPrune(no.session, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kCancelled);
  EXPECT_TRUE(no.daemon.requests.empty());
  EXPECT_NE(no.out.str().find("Remove the created and stopped containers?"), std::string::npos)
      << no.out.str();

  TestSession yes;
  yes.TerminalTyping("y\n");
  yes.daemon.Answer("POST", "/v1/containers/prune", OneRemoved());
  ASSERT_TRUE(RunContainerPrune(yes.session, {}).ok());
  EXPECT_EQ(yes.daemon.requests.size(), 1u);

  TestSession forced;
  forced.TerminalTyping("");
  forced.session.force = true;
  forced.daemon.Answer("POST", "/v1/containers/prune", OneRemoved());
  ASSERT_TRUE(RunContainerPrune(forced.session, {}).ok());
  EXPECT_EQ(forced.daemon.requests.size(), 1u);
}

TEST(RunContainerPrune, NothingToPruneSaysSoPlainly) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers/prune", api::PruneReport{});
  ContainerPruneOptions options;
  options.until = std::chrono::minutes(30);
  ASSERT_TRUE(RunContainerPrune(t.session, options).ok());
  EXPECT_EQ(t.out.str(),
            "Nothing to prune: no created or stopped containers not run for longer than 30m.\n");
  TestSession json_format;
  json_format.daemon.Answer("POST", "/v1/containers/prune", api::PruneReport{});
  options.format = OutputFormat::kJson;
  ASSERT_TRUE(RunContainerPrune(json_format.session, options).ok());
  EXPECT_EQ(json::parse(json_format.out.str())["removed"], json::array());
}

TEST(RunContainerPrune, TheDaemonsRefusalIsTheCommandsError) {
  TestSession t;
  t.daemon.Answer(
      "POST", "/v1/containers/prune?owner=alice",
      MakeError(ErrorCode::kPermissionDenied, "Only an admin may prune another user's containers"));
  ContainerPruneOptions options;
  options.owner = "alice";
  Status refused = RunContainerPrune(t.session, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(t.out.str(), "");
}

}  // namespace
}  // namespace ds01::cli
