#include "docker/api_path.h"

#include <gtest/gtest.h>

namespace ds01::docker {
namespace {

TEST(ApiPath, EncodesSegmentsAndQueryValues) {
  ApiPath path("/containers");
  path.Segment("my app").Then("kill").Add("signal", "SIGKILL").Add("t", 10).Flag("force", true);
  path.Flag("v", false).AddEncoded("filters", "%7B%7D");
  EXPECT_EQ(path.str(), "/containers/my%20app/kill?signal=SIGKILL&t=10&force=1&filters=%7B%7D");
}

TEST(ApiPath, WithoutQueryHasNoQuestionMark) { EXPECT_EQ(ApiPath("/info").str(), "/info"); }

}  // namespace
}  // namespace ds01::docker
