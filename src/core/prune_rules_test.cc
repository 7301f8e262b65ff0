#include "core/prune_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ds01::core {
namespace {

using std::chrono::hours;
using ::testing::ElementsAre;

const store::TimePoint kNow = store::TimePoint(std::chrono::seconds(1'800'000'000));

store::ContainerRecord Record(store::ContainerState state, store::TimePoint created,
                              std::optional<store::TimePoint> stopped = std::nullopt) {
  store::ContainerRecord record;
  record.name = "train";
  record.state = state;
  record.created_at = created;
  record.stopped_at = stopped;
  return record;
}

TEST(PruneCheck, OnlyContainersWithoutProcessesGo) {
  using State = store::ContainerState;
  const PruneAsk any{kNow, std::nullopt};
  EXPECT_TRUE(PruneCheck(Record(State::kCreated, kNow), any).ok());
  EXPECT_TRUE(PruneCheck(Record(State::kStopped, kNow - hours(1), kNow), any).ok());
  EXPECT_EQ(PruneCheck(Record(State::kRunning, kNow), any).error().message, "it is running now");
  EXPECT_EQ(PruneCheck(Record(State::kPaused, kNow), any).error().message, "it is paused now");
  EXPECT_EQ(PruneCheck(Record(State::kCreating, kNow), any).error().message,
            "it is still being created");
  EXPECT_EQ(PruneCheck(Record(State::kRunning, kNow), any).error().code, ErrorCode::kConflict);
}

TEST(PruneCheck, UntilCountsFromTheLastStopNotFromTheCreation) {
  using State = store::ContainerState;
  const PruneAsk day{kNow, hours(24)};
  // Made a month ago, stopped an hour ago: docker's until (creation) would take it; ds01 keeps it.
  const auto month_old = kNow - hours(24 * 30);
  EXPECT_EQ(PruneCheck(Record(State::kStopped, month_old, kNow - hours(1)), day).error().message,
            "it stopped less than 1d 0h ago");
  EXPECT_TRUE(PruneCheck(Record(State::kStopped, month_old, kNow - hours(25)), day).ok());
  // Never started: idle since its creation.
  EXPECT_TRUE(PruneCheck(Record(State::kCreated, kNow - hours(25)), day).ok());
  EXPECT_EQ(PruneCheck(Record(State::kCreated, kNow - hours(23)), day).error().message,
            "it was created less than 1d 0h ago");
  // Exactly at the cutoff is old enough; zero takes everything without processes.
  EXPECT_TRUE(PruneCheck(Record(State::kStopped, month_old, kNow - hours(24)), day).ok());
  EXPECT_TRUE(PruneCheck(Record(State::kStopped, month_old, kNow), PruneAsk{kNow, hours(0)}).ok());
}

TEST(IdleSince, AStoppedRecordWithoutAStopTimeFallsBackToItsStartThenItsCreation) {
  store::ContainerRecord record = Record(store::ContainerState::kStopped, kNow - hours(3));
  EXPECT_EQ(IdleSince(record), kNow - hours(3));
  record.started_at = kNow - hours(2);
  EXPECT_EQ(IdleSince(record), kNow - hours(2));
  record.stopped_at = kNow - hours(1);
  EXPECT_EQ(IdleSince(record), kNow - hours(1));
  record.state = store::ContainerState::kRunning;
  EXPECT_EQ(IdleSince(record), std::nullopt);
}

LocalImage Built(std::string id, uid_t uid, std::string user, std::string project,
                 std::vector<std::string> tags = {}, std::string parent_id = "base") {
  LocalImage image;
  image.id = std::move(id);
  image.repo_tags = std::move(tags);
  image.labels = ProjectImageLabels(uid, user, project);
  image.parent_id = std::move(parent_id);
  return image;
}

std::vector<std::string> Ids(const std::vector<PrunableImage>& images) {
  std::vector<std::string> ids;
  for (const PrunableImage& prunable : images) ids.push_back(prunable.image.id);
  return ids;
}

TEST(PrunableImages, AUsersOwnUntaggedBuildsThatNothingIsBuiltOn) {
  LocalImage base;
  base.id = "base";
  base.repo_tags = {"ds01-test/base:latest"};
  LocalImage dangling_base;  // untagged, not ds01's: a failed build's step, a pulled image
  dangling_base.id = "someone's";
  const std::vector<LocalImage> images = {
      base,
      dangling_base,
      Built("alice-current", 1001, "alice", "thesis", {"ds01-1001/thesis:latest"}),
      Built("alice-old", 1001, "alice", "thesis"),
      Built("alice-older-but-a-base", 1001, "alice", "thesis"),
      Built("bob-on-alices-old", 1002, "bob", "eval", {}, "alice-older-but-a-base"),
      Built("bob-old", 1002, "bob", "eval"),
  };
  EXPECT_THAT(Ids(PrunableImages(images, ImageScope{1001, std::nullopt})),
              ElementsAre("alice-old"));
  EXPECT_THAT(Ids(PrunableImages(images, ImageScope{std::nullopt, "bob"})),
              ElementsAre("bob-old", "bob-on-alices-old"));
  EXPECT_THAT(Ids(PrunableImages(images, ImageScope{})),
              ElementsAre("alice-old", "bob-old", "bob-on-alices-old"));
  EXPECT_TRUE(PrunableImages(images, ImageScope{1003, std::nullopt}).empty());
  const auto owner = PrunableImages(images, ImageScope{1001, std::nullopt}).front().owner;
  EXPECT_EQ(owner.user, "alice");
  EXPECT_EQ(owner.project, "thesis");
}

TEST(ShortImageId, TwelveHexDigitsWithoutTheAlgorithm) {
  EXPECT_EQ(ShortImageId("sha256:3f2a1b0c9d8e7f6a5b4c"), "3f2a1b0c9d8e");
  EXPECT_EQ(ShortImageId("3f2a1b0c9d8e7f6a5b4c"), "3f2a1b0c9d8e");
  EXPECT_EQ(ShortImageId("sha256:abc"), "abc");
}

}  // namespace
}  // namespace ds01::core
