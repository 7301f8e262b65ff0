#include "api/wire_event.h"

#include "api/wire_test_support.h"

namespace ds01::api {
namespace {

using testing::Keys;
using testing::Millis;
using testing::RoundTrip;
using Strings = std::vector<std::string>;

// Every field set and none to its default; naming them all in one binding makes a member
// added later a compile error here until it is filled.
Event FullEvent() {
  Event event;
  auto& [id, time, actor, action, owner, container, outcome, detail] = event;
  id = 42;
  time = Millis(1796385600123);
  actor = "carol";
  action = "stop";
  owner = "alice";
  container = "train";
  outcome = "failed";
  detail = "GPUs held for 15m";
  return event;
}

TEST(WireEvent, EveryFieldSurvivesTheTrip) { EXPECT_EQ(RoundTrip(FullEvent()), FullEvent()); }

TEST(WireEvent, IsTheDocumentedLine) {
  const nlohmann::json json = FullEvent();
  EXPECT_EQ(Keys(json),
            (Strings{"action", "actor", "container", "detail", "id", "outcome", "owner", "time"}));
  EXPECT_EQ(json["time"], "2026-12-04T12:00:00.123Z");
}

TEST(WireEvent, AnEventWithoutATimeIsAnError) {
  nlohmann::json json = FullEvent();
  json["time"] = "soon";
  EXPECT_EQ(FromWire<Event>(json).error().message, "time is not an RFC 3339 time: soon");
}

}  // namespace
}  // namespace ds01::api
