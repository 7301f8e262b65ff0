#include "cli/commands/image_create.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using nlohmann::json;
using testing::TestSession;

constexpr const char* kRoute = "/v1/images/my-thesis/build";

std::string StepLine(int number, int of, const std::string& instruction) {
  return json{{"step", {{"number", number}, {"of", of}, {"instruction", instruction}}}}.dump();
}

std::string OutputLine(const std::string& text) { return json{{"output", text}}.dump(); }

std::string BuiltLine(const json& replaced, const std::vector<std::string>& still) {
  json built = {
      {"image", "ds01-1001/my-thesis:latest"}, {"id", "sha256:new"}, {"still_on_replaced", still}};
  if (!replaced.is_null()) built["replaced"] = replaced;
  return json{{"built", built}}.dump();
}

TEST(ImageCreateFlags, TakeAProjectNoCacheAndABase) {
  ImageCreateOptions options;
  ArgSpec spec("image-create");
  DeclareImageCreate(spec, options);
  ASSERT_TRUE(spec.Parse({"my-thesis", "--no-cache", "--base=ds01-test/base:latest"}).ok());
  EXPECT_EQ(options.project, "my-thesis");
  EXPECT_TRUE(options.no_cache);
  EXPECT_EQ(options.base, "ds01-test/base:latest");
}

TEST(RunImageCreate, SendsTheRequestAndShowsEachStepAsPlainLinesOffATerminal) {
  TestSession t;
  t.daemon.StreamAnswer(
      "POST", kRoute,
      {StepLine(1, 2, "FROM ds01-test/base:latest"), OutputLine(" ---> 1f2e\n"),
       StepLine(2, 2, "RUN make"), OutputLine("compiling\n"), BuiltLine(nullptr, {})});
  ImageCreateOptions options;
  options.project = "my-thesis";
  options.no_cache = true;
  ASSERT_TRUE(RunImageCreate(t.session, options).ok());
  ASSERT_EQ(t.daemon.requests.size(), 1u);
  EXPECT_EQ(t.daemon.requests[0].body, (json{{"no_cache", true}}));
  EXPECT_EQ(t.out.str(),
            "Building image of project my-thesis\n"
            "Step 1/2 : FROM ds01-test/base:latest\n"
            "Step 2/2 : RUN make\n"
            "compiling\n"
            "Built ds01-1001/my-thesis:latest in 0:00\n");
}

TEST(RunImageCreate, AFailedStepIsAnErrorNamingTheStepAndTheFix) {
  TestSession t;
  json failed = {{"failed",
                  {{"error",
                    {{"code", "invalid_argument"},
                     {"message", "The command '/bin/sh -c exit 7' returned a non-zero code: 7"},
                     {"hint", ""}}},
                   {"step", {{"number", 2}, {"of", 2}, {"instruction", "RUN exit 7"}}}}}};
  t.daemon.StreamAnswer("POST", kRoute, {StepLine(2, 2, "RUN exit 7"), failed.dump()});
  ImageCreateOptions options;
  options.project = "my-thesis";
  Status built = RunImageCreate(t.session, options);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code, ErrorCode::kInternal) << "exit 1, as docker build";
  EXPECT_EQ(built.error().message,
            "The build of my-thesis failed at step 2/2 (RUN exit 7): The command '/bin/sh -c exit "
            "7' returned a non-zero code: 7");
  EXPECT_EQ(built.error().hint,
            "fix that step in the project's Dockerfile, then image-create my-thesis again; the "
            "image you had is unchanged");
}

TEST(RunImageCreate, AStreamThatEndsWithoutAnOutcomeIsNotASuccess) {
  TestSession t;
  t.daemon.StreamAnswer("POST", kRoute, {StepLine(1, 1, "FROM x")});
  ImageCreateOptions options;
  options.project = "my-thesis";
  Status built = RunImageCreate(t.session, options);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code, ErrorCode::kUnavailable);
}

TEST(RunImageCreate, WithoutAProjectOrATerminalIsAUsageError) {
  TestSession t;
  Status built = RunImageCreate(t.session, ImageCreateOptions{});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(t.daemon.requests.empty());
}

TEST(RunImageUpdate, NamesTheContainersStillOnTheReplacedImageWithTheirRecreateCommands) {
  TestSession t;
  t.daemon.StreamAnswer("POST", kRoute, {BuiltLine("sha256:old", {"my-thesis", "exp-1"})});
  ImageCreateOptions options;
  options.project = "my-thesis";
  ASSERT_TRUE(RunImageUpdate(t.session, options).ok());
  EXPECT_NE(t.out.str().find("  container-remove my-thesis --stop && container-create my-thesis\n"
                             "  container-remove exp-1 --stop && container-create exp-1 "
                             "--project=my-thesis\n"),
            std::string::npos)
      << t.out.str();
}

TEST(RunImageUpdate, SaysSoWhenNothingChanged) {
  TestSession t;
  t.daemon.StreamAnswer("POST", kRoute, {BuiltLine(nullptr, {})});
  ImageCreateOptions options;
  options.project = "my-thesis";
  ASSERT_TRUE(RunImageUpdate(t.session, options).ok());
  EXPECT_NE(t.out.str().find("did not change"), std::string::npos);
}

}  // namespace
}  // namespace ds01::cli
