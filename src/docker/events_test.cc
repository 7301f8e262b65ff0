#include "docker/events.h"

#include <gtest/gtest.h>

#include "docker/engine.h"
#include "http/percent_encode.h"

namespace ds01::docker {
namespace {

TEST(EventsPath, CarriesTheWindowAndEncodedFilters) {
  EventQuery query;
  query.since = 100;
  query.until = 200;
  query.filters = {{"event", {"start", "die"}}, {"label", {"ds01.managed=true"}}};
  EXPECT_EQ(EventsPath(query),
            "/events?since=100&until=200&filters=" +
                http::PercentEncode(R"({"event":["start","die"],"label":["ds01.managed=true"]})"));
  EXPECT_EQ(EventsPath({}), "/events");
}

TEST(ParseEvent, ReadsTypeActionActorAndTime) {
  Result<Event> event = ParseEvent(
      R"({"status":"die","id":"abc","from":"ds01-test/base:latest","Type":"container",
          "Action":"die","Actor":{"ID":"abc","Attributes":{"exitCode":"137","name":"web"}},
          "scope":"local","time":1700000000,"timeNano":1700000000123456789})");
  ASSERT_TRUE(event.ok()) << event.error().ToString();
  EXPECT_EQ(event->type, "container");
  EXPECT_EQ(event->action, "die");
  EXPECT_EQ(event->actor_id, "abc");
  EXPECT_EQ(event->attributes.at("exitCode"), "137");
  EXPECT_EQ(event->time_nano, 1700000000123456789);
}

TEST(ParseEvent, FallsBackToSecondsWithoutNanos) {
  Result<Event> event = ParseEvent(R"({"Type":"image","Action":"delete","time":5})");
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->time_nano, 5'000'000'000);
}

TEST(ParseEvent, MalformedLineIsAProtocolError) {
  EXPECT_EQ(ParseEvent("{\"Type\":").error().code, ErrorCode::kProtocol);
}

}  // namespace
}  // namespace ds01::docker
