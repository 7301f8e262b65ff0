#include "api/wire_workspace.h"

#include "api/wire_test_support.h"

namespace ds01::api {
namespace {

using testing::Keys;
using testing::RoundTrip;

TEST(WireWorkspace, EveryFieldSurvivesTheTripUnderItsDocumentedKey) {
  Workspace workspace;
  auto& [root, frameworks] = workspace;
  root = "/home/alice/workspace";
  frameworks = {{"pytorch", "pytorch/pytorch:latest"}, {"jax", "ds01/jax:latest"}};
  EXPECT_EQ(RoundTrip(workspace), workspace);
  EXPECT_EQ(Keys(nlohmann::json(workspace)), (std::vector<std::string>{"frameworks", "root"}));
}

}  // namespace
}  // namespace ds01::api
