#include "cli/output/prune_view.h"

#include <gtest/gtest.h>

#include <sstream>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::MinutesFromStart;

const api::Owner kAlice{1001, "alice"};
const api::Owner kBob{1002, "bob"};

api::PruneReport Containers(bool dry_run) {
  api::PruneReport report;
  report.dry_run = dry_run;
  report.removed = {
      {"train", kAlice, "thesis", "abc123", 12 << 20, MinutesFromStart(-(3 * 24 + 2) * 60)},
      {"eval", kBob, "eval", "def456", 0, MinutesFromStart(-90)}};
  report.skipped = {{"live", kAlice, "it is running now"}};
  report.space_reclaimed_bytes = 12 << 20;
  return report;
}

std::string Render(const api::PruneReport& report, PruneKind kind, OutputFormat format,
                   uid_t viewer = 1001) {
  std::ostringstream out;
  RenderPruneReport(out, report, kind, format, FakeClock::DefaultStart(), viewer);
  return out.str();
}

TEST(PruneView, SaysWhatWentWhatStayedAndWhatWasReclaimed) {
  EXPECT_EQ(Render(Containers(false), PruneKind::kContainers, OutputFormat::kTable),
            "Removed train (12.0MiB, not run for 3d 2h)\n"
            "Removed bob/eval (0B, not run for 1h 30m)\n"
            "Skipped live: it is running now\n"
            "Reclaimed 12.0MiB from 2 containers\n");
}

TEST(PruneView, ADryRunSaysWhatWouldGo) {
  EXPECT_EQ(Render(Containers(true), PruneKind::kContainers, OutputFormat::kTable),
            "Would remove train (12.0MiB, not run for 3d 2h)\n"
            "Would remove bob/eval (0B, not run for 1h 30m)\n"
            "Skipped live: it is running now\n"
            "Would reclaim 12.0MiB from 2 containers (a dry run: nothing was removed)\n");
}

TEST(PruneView, ImagesAreNamedByTheirShortIdAndTheProjectTheyWereBuiltFor) {
  api::PruneReport report;
  report.removed = {
      {"3f2a1b0c9d8e", kAlice, "thesis", "sha256:3f2a1b0c9d8e77", 1181116006,
       MinutesFromStart(-(2 * 24 + 3) * 60)},
      {"9a8b7c6d5e4f", kBob, "eval", "sha256:9a8b7c6d5e4f11", 0, MinutesFromStart(-10)}};
  report.skipped = {{"0123456789ab", kAlice, "container thesis still uses it"}};
  report.space_reclaimed_bytes = 1181116006;
  EXPECT_EQ(Render(report, PruneKind::kImages, OutputFormat::kTable),
            "Removed image 3f2a1b0c9d8e (1.1GiB, old build of thesis from 2d 3h ago)\n"
            "Removed image 9a8b7c6d5e4f (0B, bob's old build of eval from 10m ago)\n"
            "Skipped image 0123456789ab: container thesis still uses it\n"
            "Reclaimed 1.1GiB from 2 images\n");
  EXPECT_EQ(Render(report, PruneKind::kImages, OutputFormat::kSimple),
            "sha256:3f2a1b0c9d8e77\nsha256:9a8b7c6d5e4f11\n");
}

TEST(PruneView, NothingRemovedStillSaysSoAndOneIsSingular) {
  api::PruneReport none;
  EXPECT_EQ(Render(none, PruneKind::kImages, OutputFormat::kTable), "Reclaimed 0B from 0 images\n");
  api::PruneReport one = Containers(false);
  one.removed.pop_back();
  one.skipped.clear();
  EXPECT_EQ(Render(one, PruneKind::kContainers, OutputFormat::kTable),
            "Removed train (12.0MiB, not run for 3d 2h)\nReclaimed 12.0MiB from 1 container\n");
}

TEST(PruneView, SimpleIsOneRemovedNameALineAndJsonIsTheAnswer) {
  EXPECT_EQ(Render(Containers(false), PruneKind::kContainers, OutputFormat::kSimple),
            "train\nbob/eval\n");
  const std::string json = Render(Containers(false), PruneKind::kContainers, OutputFormat::kJson);
  auto read = api::FromWire<api::PruneReport>(nlohmann::json::parse(json));
  ASSERT_TRUE(read.ok()) << json;
  EXPECT_EQ(*read, Containers(false));
}

}  // namespace
}  // namespace ds01::cli
