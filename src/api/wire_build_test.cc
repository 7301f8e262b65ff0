#include "api/wire_build.h"

#include "api/wire_test_support.h"

namespace ds01::api {
namespace {

using testing::Keys;
using testing::RoundTrip;
using Strings = std::vector<std::string>;

BuildLine::Step RunStep() { return BuildLine::Step{2, 5, "RUN pip install -r requirements.txt"}; }

TEST(WireBuild, EveryFieldSurvivesTheTrip) {
  EXPECT_EQ(RoundTrip(BuildRequest{"ds01-test/base:latest", true}),
            (BuildRequest{"ds01-test/base:latest", true}));
  BuildLine step;
  step.step = RunStep();
  EXPECT_EQ(RoundTrip(step), step);
  BuildLine output;
  output.output = "Collecting numpy\n";
  EXPECT_EQ(RoundTrip(output), output);
  BuildLine built;
  built.built = BuildLine::Built{"ds01-1001/thesis:latest", "sha256:new", "sha256:old", {"thesis"}};
  EXPECT_EQ(RoundTrip(built), built);
  BuildLine failed;
  failed.failed = BuildLine::Failed{
      ErrorBody{ErrorCode::kInvalidArgument, "returned a non-zero code: 1", ""}, RunStep()};
  EXPECT_EQ(RoundTrip(failed), failed);
}

TEST(WireBuild, KeysAreTheDocumentedOnes) {
  EXPECT_EQ(Keys(nlohmann::json(BuildRequest{})), Strings{});
  EXPECT_EQ(Keys(nlohmann::json(BuildRequest{"x", true})), (Strings{"base", "no_cache"}));
  BuildLine step;
  step.step = RunStep();
  EXPECT_EQ(Keys(nlohmann::json(step)), Strings{"step"});
  EXPECT_EQ(Keys(nlohmann::json(step)["step"]), (Strings{"instruction", "number", "of"}));
  BuildLine built;
  built.built = BuildLine::Built{"i", "sha256:x", std::nullopt, {}};
  EXPECT_EQ(Keys(nlohmann::json(built)["built"]), (Strings{"id", "image", "still_on_replaced"}));
  BuildLine failed;
  failed.failed = BuildLine::Failed{ErrorBody{}, std::nullopt};
  EXPECT_EQ(Keys(nlohmann::json(failed)["failed"]), Strings{"error"});
}

}  // namespace
}  // namespace ds01::api
