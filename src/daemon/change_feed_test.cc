#include "daemon/change_feed.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace ds01::daemon {
namespace {

store::AuditEvent Event(std::string target) {
  return store::AuditEvent{7,
                           store::FromMillis(1'700'000'000'000),
                           1000,
                           "carol",
                           "stop",
                           std::move(target),
                           store::Outcome::kFailed,
                           "engine said \"no\""};
}

TEST(ChangeFeed, AUserSeesTheirOwnContainersAndAnAdminEveryonesOrOnesOwn) {
  const store::AuditEvent alices = Event("alice/train");
  EXPECT_TRUE(MaySee(Viewer{"alice", false, std::nullopt}, alices));
  EXPECT_FALSE(MaySee(Viewer{"bob", false, std::nullopt}, alices));
  EXPECT_FALSE(MaySee(Viewer{"bob", false, "alice"}, alices)) << "?owner= is for admins";
  EXPECT_FALSE(MaySee(Viewer{"alic", false, std::nullopt}, alices)) << "a whole name, not a prefix";
  EXPECT_TRUE(MaySee(Viewer{"carol", true, std::nullopt}, alices));
  EXPECT_TRUE(MaySee(Viewer{"carol", true, "alice"}, alices));
  EXPECT_FALSE(MaySee(Viewer{"carol", true, "bob"}, alices));
}

TEST(ChangeFeed, AnEventIsOneLineOfJsonWithTheTrueActor) {
  const std::string line = EventLine(Event("alice/train"));
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_EQ(nlohmann::json::parse(line), (nlohmann::json{{"id", 7},
                                                         {"time", "2023-11-14T22:13:20.000Z"},
                                                         {"actor", "carol"},
                                                         {"action", "stop"},
                                                         {"owner", "alice"},
                                                         {"container", "train"},
                                                         {"outcome", "failed"},
                                                         {"detail", "engine said \"no\""}}));
}

}  // namespace
}  // namespace ds01::daemon
