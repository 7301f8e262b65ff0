#include "docker/containers.h"

#include <gtest/gtest.h>

namespace ds01::docker {
namespace {

TEST(ParseWaitResult, ReadsTheExitStatusAndAnError) {
  Result<WaitResult> done = ParseWaitResult(R"({"StatusCode":137,"Error":null})");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status_code, 137);
  EXPECT_EQ(done->error, "");
  Result<WaitResult> failed =
      ParseWaitResult(R"({"StatusCode":-1,"Error":{"Message":"container removed"}})");
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->error, "container removed");
}

TEST(ResourceUpdateBody, SendsOnlyWhatChanges) {
  ResourceUpdate update;
  update.memory_bytes = 256 << 20;
  update.memory_swap_bytes = 512 << 20;
  update.restart_policy = RestartPolicy{"always", 0};
  EXPECT_EQ(ResourceUpdateBody(update), nlohmann::json::parse(R"({"Memory":268435456,
      "MemorySwap":536870912,"RestartPolicy":{"Name":"always","MaximumRetryCount":0}})"));
  EXPECT_EQ(ResourceUpdateBody({}), nlohmann::json::object());
}

TEST(ParsePruneReport, ReadsDeletedAndSpace) {
  Result<PruneReport> report = ParsePruneReport(
      R"({"ContainersDeleted":["a","b"],"SpaceReclaimed":42})", "ContainersDeleted");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->deleted, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(report->space_reclaimed, 42u);
  Result<PruneReport> nothing =
      ParsePruneReport(R"({"ContainersDeleted":null,"SpaceReclaimed":0})", "ContainersDeleted");
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing->deleted.empty());
}

}  // namespace
}  // namespace ds01::docker
