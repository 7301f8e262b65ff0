#include "api/names.h"

#include <gtest/gtest.h>

#include <string>

namespace ds01::api {
namespace {

TEST(Names, AcceptsTheSeedsNames) {
  for (const char* name : {"my-thesis", "exp-1", "a", "train_v2.1", "0day"}) {
    EXPECT_TRUE(ValidateContainerName(name).ok()) << name;
  }
  EXPECT_TRUE(ValidateContainerName(std::string(63, 'a')).ok());
}

TEST(Names, RefusesWhatCouldNotBeADockerNameOrCouldSpoofOne) {
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

}  // namespace
}  // namespace ds01::api
