#include "cli/output/event_view.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using nlohmann::json;

json Event(const std::string& time, const std::string& owner, const std::string& container,
           const std::string& action, const std::string& outcome, const std::string& actor,
           const std::string& detail) {
  return {{"id", 1},        {"time", time},           {"actor", actor},     {"action", action},
          {"owner", owner}, {"container", container}, {"outcome", outcome}, {"detail", detail}};
}

TEST(EventView, RowsLineUpUnderTheHeaderWithoutMeasuringThem) {
  testing::LocalTimeZone utc("UTC0");
  EXPECT_EQ(EventHeader(),
            "TIME                  CONTAINER                  ACTION                 BY           "
            "DETAIL");
  EXPECT_EQ(EventRow(Event("2024-01-01T12:00:00.000Z", "alice", "train", "start", "ok", "alice",
                           "GPU 0")),
            "2024-01-01 12:00:00   alice/train                start                  alice        "
            "GPU 0");
}

TEST(EventView, AnOutcomeOtherThanOkFollowsTheAction) {
  testing::LocalTimeZone utc("UTC0");
  EXPECT_EQ(EventRow(Event("2024-01-01T14:00:05Z", "bob", "big", "stop", "failed", "ds01d", "")),
            "2024-01-01 14:00:05   bob/big                    stop (failed)          ds01d");
}

TEST(EventView, ShowsTheTimeInTheLocalZone) {
  testing::LocalTimeZone east("EET-2");
  EXPECT_TRUE(EventRow(Event(testing::kNow, "a", "b", "start", "ok", "a", ""))
                  .starts_with("2024-01-01 02:00:00   a/b"));
}

TEST(EventView, AnEventWithoutContainerOrReadableTimeStillMakesARow) {
  EXPECT_EQ(EventRow(Event("soon", "", "", "reconcile", "ok", "ds01d", "2 adopted")),
            "soon                  -                          reconcile              ds01d        "
            "2 adopted");
  EXPECT_EQ(EventRow(json::object()), "                      -");
}

}  // namespace
}  // namespace ds01::cli
