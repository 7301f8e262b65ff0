#include "core/image_space.h"

#include <gtest/gtest.h>

namespace ds01::core {
namespace {

constexpr std::int64_t kMiB = 1 << 20;

LocalImage Image(std::string id, std::string parent_id, std::int64_t size_bytes,
                 std::vector<std::string> tags = {}) {
  LocalImage image;
  image.id = std::move(id);
  image.parent_id = std::move(parent_id);
  image.size_bytes = size_bytes;
  image.repo_tags = std::move(tags);
  return image;
}

// A base image, and a project built on it twice: the first build's two steps are shared by the
// second (the builder's cache); its last step and its label step are its own.
std::vector<LocalImage> TwoBuildsOnOneBase() {
  return {Image("base", "", 1000 * kMiB, {"ds01-test/base:latest"}),
          Image("step1", "base", 1100 * kMiB),
          Image("step2", "step1", 1150 * kMiB),
          Image("old-step3", "step2", 1400 * kMiB),
          Image("old", "old-step3", 1400 * kMiB),
          Image("new-step3", "step2", 1500 * kMiB),
          Image("new", "new-step3", 1500 * kMiB, {"ds01-1001/thesis:latest"})};
}

TEST(ImageSpace, AnOldBuildFreesOnlyWhatItDoesNotShareWithTheNewOne) {
  ImageSpace space(TwoBuildsOnOneBase());
  EXPECT_EQ(space.Remove("old"), 250 * kMiB) << "the steps above the shared step2";
  EXPECT_EQ(space.Remove("old"), 0) << "counted once";
}

TEST(ImageSpace, TheLastBuildOnASharedStepFreesItToo) {
  std::vector<LocalImage> images = TwoBuildsOnOneBase();
  images.back().repo_tags.clear();  // the new build is untagged as well now
  ImageSpace space(images);
  EXPECT_EQ(space.Remove("old"), 250 * kMiB);
  EXPECT_EQ(space.Remove("new"), 500 * kMiB) << "down to the tagged base, step1 and 2 with it";
}

TEST(ImageSpace, AnImageWithoutAKnownParentFreesItsWholeSize) {
  ImageSpace space({Image("loaded", "", 300 * kMiB), Image("orphan", "gone", 20 * kMiB)});
  EXPECT_EQ(space.Remove("loaded"), 300 * kMiB);
  EXPECT_EQ(space.Remove("orphan"), 20 * kMiB);
  EXPECT_EQ(space.Remove("never-listed"), 0);
}

TEST(ImageSpace, ANamedParentStaysEvenWithNoOtherChild) {
  ImageSpace space(
      {Image("base", "", 1000 * kMiB, {"debian:12"}), Image("one", "base", 1010 * kMiB)});
  EXPECT_EQ(space.Remove("one"), 10 * kMiB);
}

TEST(ImageSpace, ALoopInTheParentsEndsTheWalk) {
  ImageSpace space({Image("a", "b", 10 * kMiB), Image("b", "a", 10 * kMiB)});
  EXPECT_EQ(space.Remove("a"), 10 * kMiB);
}

}  // namespace
}  // namespace ds01::core
