#include "cli/commands/image_prune.h"

#include <gtest/gtest.h>

#include "api/wire_prune.h"
#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using nlohmann::json;
using testing::MinutesFromStart;
using testing::TestSession;

TEST(ImagePruneFlags, TakeDryRunOwnerAndFormat) {
  ImagePruneOptions options;
  ArgSpec spec("image-prune");
  DeclareImagePrune(spec, options);
  ASSERT_TRUE(spec.Parse({"--dry-run", "--owner=bob", "--format=simple"}).ok());
  EXPECT_TRUE(options.dry_run);
  EXPECT_EQ(options.owner, "bob");
  EXPECT_EQ(options.format, OutputFormat::kSimple);
  ArgSpec until("image-prune");
  DeclareImagePrune(until, options);
  EXPECT_FALSE(until.Parse({"--until=24h"}).ok()) << "images are pruned whatever their age";
}

TEST(RunImagePrune, PrintsEachOldBuildAndTheSpaceReclaimed) {
  TestSession t;
  api::PruneReport report;
  report.removed = {{"3f2a1b0c9d8e",
                     {1001, "alice"},
                     "thesis",
                     "sha256:3f2a1b0c9d8e",
                     1 << 30,
                     MinutesFromStart(-120)}};
  report.skipped = {{"0123456789ab", {1001, "alice"}, "project eval is being built"}};
  report.space_reclaimed_bytes = 1 << 30;
  t.daemon.Answer("POST", "/v1/images/prune", report);
  ASSERT_TRUE(RunImagePrune(t.session, {}).ok());
  EXPECT_EQ(t.daemon.requests[0].body, json::object());
  EXPECT_EQ(t.out.str(),
            "Removed image 3f2a1b0c9d8e (1.0GiB, old build of thesis from 2h 0m ago)\n"
            "Skipped image 0123456789ab: project eval is being built\n"
            "Reclaimed 1.0GiB from 1 image\n");
}

TEST(RunImagePrune, ADryRunForAnotherOwnerAsksNothingAndNothingToPruneSaysSo) {
  TestSession t;
  t.TerminalTyping("");
  t.daemon.Answer("POST", "/v1/images/prune?owner=b%20b", api::PruneReport{true, {}, {}, 0});
  ImagePruneOptions options;
  options.dry_run = true;
  options.owner = "b b";
  ASSERT_TRUE(RunImagePrune(t.session, options).ok());
  EXPECT_EQ(t.daemon.requests[0].body, (json{{"dry_run", true}}));
  EXPECT_EQ(t.out.str(),
            "Nothing to prune: no old builds of b b without a name (image-list shows the images "
            "you have).\n");
}

TEST(RunImagePrune, OnATerminalANoDeletesNothing) {
  TestSession t;
  t.TerminalTyping("\n");
  Status refused = RunImagePrune(t.session, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kCancelled);
  EXPECT_TRUE(t.daemon.requests.empty());
}

}  // namespace
}  // namespace ds01::cli
