#include "cli/commands/bulk.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::MakeContainer;
using State = api::ContainerState;
using testing::TestSession;

constexpr BulkAction kPause{"pause", "Paused", Fit::kPausable};

TEST(ApplyToAll, ActsOnEachFittingContainerOfTheCallerInListOrder) {
  TestSession t;
  t.daemon.Answer(
      "GET", "/v1/containers?all=1",
      api::ContainerList{{MakeContainer("b", State::kRunning), MakeContainer("a", State::kRunning),
                          MakeContainer("c", State::kCreated)}});
  t.daemon.Answer("POST", "/v1/containers/b/pause", MakeContainer("b", State::kPaused));
  t.daemon.Answer("POST", "/v1/containers/a/pause", MakeContainer("a", State::kPaused));
  ASSERT_TRUE(ApplyToAll(t.session, kPause, std::nullopt).ok());
  ASSERT_EQ(t.daemon.requests.size(), 3u);
  EXPECT_EQ(t.daemon.requests[1].target, "/v1/containers/b/pause");
  EXPECT_EQ(t.daemon.requests[2].target, "/v1/containers/a/pause");
  EXPECT_EQ(t.out.str(), "Paused b\nPaused a\n");
}

TEST(ApplyToAll, AnotherOwnersContainersAreAddressedByOwner) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers?all=1",
                  api::ContainerList{{MakeContainer("x", State::kRunning, "1", {1002, "bob"})}});
  t.daemon.Answer("POST", "/v1/containers/x/pause?owner=bob", MakeContainer("x", State::kPaused));
  ASSERT_TRUE(ApplyToAll(t.session, kPause, std::string("bob")).ok());
  EXPECT_EQ(t.out.str(), "Paused x\n");
}

TEST(ApplyToAll, AListingThatFailsIsTheError) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers?all=1", MakeError(ErrorCode::kUnavailable, "down"));
  EXPECT_EQ(ApplyToAll(t.session, kPause, std::nullopt).error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace ds01::cli
