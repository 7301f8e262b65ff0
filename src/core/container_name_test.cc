#include "core/container_name.h"

#include <gtest/gtest.h>

namespace ds01::core {
namespace {

TEST(ContainerName, AcceptsTheSeedsNames) {
  for (const char* name : {"my-thesis", "exp-1", "a", "train_v2.1", "0day"}) {
    EXPECT_TRUE(ValidateContainerName(name).ok()) << name;
  }
  EXPECT_TRUE(ValidateContainerName(std::string(63, 'a')).ok());
}

TEST(ContainerName, RefusesWhatCouldNotBeADockerNameOrCouldSpoofOne) {
  for (const char* name : {"", "My-Thesis", "-lead", ".hidden", "a/b", "a b", "x._.0", "ä"}) {
    Status status = ValidateContainerName(name);
    EXPECT_FALSE(status.ok()) << name;
    if (!status.ok()) {
      EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
      EXPECT_FALSE(status.error().hint.empty());
    }
  }
  EXPECT_FALSE(ValidateContainerName(std::string(64, 'a')).ok());
  EXPECT_FALSE(ValidateProjectName("..").ok());
}

TEST(ContainerName, DockerNamesAndProjectImagesCarryTheUid) {
  EXPECT_EQ(DockerName("my-thesis", 1001), "my-thesis._.1001");
  EXPECT_EQ(ProjectImage(1001, "my-thesis"), "ds01-1001/my-thesis:latest");
}

}  // namespace
}  // namespace ds01::core
