#include "core/container_name.h"

#include <gtest/gtest.h>

namespace ds01::core {
namespace {

TEST(ContainerName, DockerNamesAndProjectImagesCarryTheUid) {
  EXPECT_EQ(DockerName("my-thesis", 1001), "my-thesis._.1001");
  EXPECT_EQ(ProjectImage(1001, "my-thesis"), "ds01-1001/my-thesis:latest");
}

}  // namespace
}  // namespace ds01::core
