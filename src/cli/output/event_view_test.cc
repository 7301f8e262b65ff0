#include "cli/output/event_view.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

api::Event Event(int minutes, const std::string& owner, const std::string& container,
                 const std::string& action, const std::string& outcome, const std::string& actor,
                 const std::string& detail) {
  return {1, testing::MinutesFromStart(minutes), actor, action, owner, container, outcome, detail};
}

TEST(EventView, RowsLineUpUnderTheHeaderWithoutMeasuringThem) {
  testing::LocalTimeZone utc("UTC0");
  EXPECT_EQ(EventHeader(),
            "TIME                  CONTAINER                  ACTION                 BY           "
            "DETAIL");
  EXPECT_EQ(EventRow(Event(12 * 60, "alice", "train", "start", "ok", "alice", "GPU 0")),
            "2024-01-01 12:00:00   alice/train                start                  alice        "
            "GPU 0");
}

TEST(EventView, AnOutcomeOtherThanOkFollowsTheAction) {
  testing::LocalTimeZone utc("UTC0");
  EXPECT_EQ(EventRow(Event(14 * 60, "bob", "big", "stop", "failed", "ds01d", "")),
            "2024-01-01 14:00:00   bob/big                    stop (failed)          ds01d");
}

TEST(EventView, ShowsTheTimeInTheLocalZone) {
  testing::LocalTimeZone east("EET-2");
  EXPECT_TRUE(EventRow(Event(0, "a", "b", "start", "ok", "a", ""))
                  .starts_with("2024-01-01 02:00:00   a/b"));
}

TEST(EventView, AnEventWithoutAContainerStillMakesARow) {
  testing::LocalTimeZone utc("UTC0");
  EXPECT_EQ(EventRow(Event(0, "", "", "reconcile", "ok", "ds01d", "2 adopted")),
            "2024-01-01 00:00:00   -                          reconcile              ds01d        "
            "2 adopted");
}

}  // namespace
}  // namespace ds01::cli
