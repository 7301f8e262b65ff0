#include "docker/build_progress.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ds01::docker {
namespace {

using ::testing::HasSubstr;

// Lines as Docker 20.10's legacy builder sends them.
const std::vector<std::string> kSucceeded = {
    R"({"stream":"Step 1/2 : FROM ds01-test/base:latest"})",
    R"({"stream":"\n"})",
    R"({"stream":" ---\u003e cbb343baf5e3\n"})",
    R"({"stream":"Step 2/2 : RUN echo ok"})",
    R"({"stream":"\n"})",
    R"({"stream":" ---\u003e Running in 397fcce845e7\n"})",
    R"({"stream":"ok\n"})",
    R"({"stream":" ---\u003e da6d056d447d\n"})",
    R"({"aux":{"ID":"sha256:da6d056d447d17b8bb5cdd012d5147fbea625823ec60b066ce90aafee4a9c64c"}})",
    R"({"stream":"Successfully built da6d056d447d\n"})",
    R"({"stream":"Successfully tagged ds01-imgtest-probe:1\n"})",
};

const std::vector<std::string> kFailed = {
    R"({"stream":"Step 2/2 : RUN exit 3"})",
    R"({"stream":"\n"})",
    R"({"stream":" ---\u003e Running in bdb25e1d7363\n"})",
    R"({"errorDetail":{"code":3,"message":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"},"error":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"})",
};

BuildEvent ParseOne(std::string_view line) {
  Result<std::optional<BuildEvent>> event = ParseBuildLine(line);
  EXPECT_TRUE(event.ok()) << event.error().ToString();
  EXPECT_TRUE(event.ok() && event->has_value()) << line;
  return event.ok() && event->has_value() ? **event : BuildEvent{};
}

TEST(ParseStepHeader, ReadsTheLegacyBuildersStepLine) {
  auto header = ParseStepHeader("Step 2/5 : RUN pip install -r requirements.txt\n");
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(header->number, 2);
  EXPECT_EQ(header->of, 5);
  EXPECT_EQ(header->instruction, "RUN pip install -r requirements.txt");
}

TEST(ParseStepHeader, AnythingElseIsOutput) {
  for (const char* text :
       {" ---> Running in 1f2e\n", "Step 2 of 5\n", "Step 6/5 : RUN x\n", "Step 0/5 : RUN x\n",
        "Step x/5 : RUN x\n", "Step 2/5: RUN\n", "Successfully built 1f2e\n", ""}) {
    EXPECT_FALSE(ParseStepHeader(text).has_value()) << text;
  }
}

TEST(ParseBuildLine, StreamTextIsKeptVerbatim) {
  BuildEvent event = ParseOne(R"({"stream":" ---\u003e Running in 397fcce845e7\n"})");
  EXPECT_EQ(event.kind, BuildEvent::Kind::kStream);
  EXPECT_EQ(event.text, " ---> Running in 397fcce845e7\n");
}

TEST(ParseBuildLine, StatusCarriesItsIdAndProgress) {
  BuildEvent event = ParseOne(
      R"({"status":"Downloading","progressDetail":{"current":10,"total":20},"progress":"[=====>  ]","id":"a1b2"})");
  EXPECT_EQ(event.kind, BuildEvent::Kind::kStatus);
  EXPECT_EQ(event.text, "Downloading");
  EXPECT_EQ(event.id, "a1b2");
  EXPECT_EQ(event.progress, "[=====>  ]");
}

TEST(ParseBuildLine, AuxRecordGivesTheImageId) {
  BuildEvent event = ParseOne(kSucceeded[8]);
  EXPECT_EQ(event.kind, BuildEvent::Kind::kImageId);
  EXPECT_EQ(event.text, "sha256:da6d056d447d17b8bb5cdd012d5147fbea625823ec60b066ce90aafee4a9c64c");
}

TEST(ParseBuildLine, ErrorDetailIsPreferredAndErrorAloneIsEnough) {
  EXPECT_EQ(ParseOne(R"({"errorDetail":{"message":"detailed"},"error":"short"})").text, "detailed");
  BuildEvent bare = ParseOne(R"({"error":"only this"})");
  EXPECT_EQ(bare.kind, BuildEvent::Kind::kError);
  EXPECT_EQ(bare.text, "only this");
}

TEST(ParseBuildLine, BlankLinesAndRecordsWithoutUseGiveNothing) {
  for (std::string_view line : {"", "  \r", R"({"aux":{"Other":1}})", R"({"unknown":true})"}) {
    Result<std::optional<BuildEvent>> event = ParseBuildLine(line);
    ASSERT_TRUE(event.ok()) << line;
    EXPECT_FALSE(event->has_value()) << line;
  }
}

TEST(ParseBuildLine, MalformedLinesAreProtocolErrors) {
  for (std::string_view line : {"{\"stream\":", "[1,2]", "Step 1/2"}) {
    Result<std::optional<BuildEvent>> event = ParseBuildLine(line);
    ASSERT_FALSE(event.ok()) << line;
    EXPECT_EQ(event.error().code, ErrorCode::kProtocol) << line;
  }
}

TEST(BuildProgress, SuccessfulStreamYieldsTheImageId) {
  BuildProgress progress;
  std::string output;
  for (const std::string& line : kSucceeded) {
    Result<std::optional<BuildEvent>> event = progress.Feed(line);
    ASSERT_TRUE(event.ok());
    if (event->has_value() && (*event)->kind == BuildEvent::Kind::kStream) output += (*event)->text;
  }
  EXPECT_THAT(output, HasSubstr("Step 2/2 : RUN echo ok\n"));
  Result<std::string> outcome = progress.Outcome();
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  EXPECT_EQ(*outcome, "sha256:da6d056d447d17b8bb5cdd012d5147fbea625823ec60b066ce90aafee4a9c64c");
}

TEST(BuildProgress, ErrorInTheStreamIsABuildFailureWithTheEnginesMessage) {
  BuildProgress progress;
  for (const std::string& line : kFailed) ASSERT_TRUE(progress.Feed(line).ok());
  Result<std::string> outcome = progress.Outcome();
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(outcome.error().message,
            "Image build failed: The command '/bin/sh -c exit 3' returned a non-zero code: 3");
  EXPECT_THAT(outcome.error().hint, HasSubstr("Dockerfile"));
}

TEST(BuildProgress, ErrorWinsOverAnEarlierImageId) {
  BuildProgress progress;
  ASSERT_TRUE(progress.Feed(kSucceeded[8]).ok());
  ASSERT_TRUE(progress.Feed(R"({"error":"failed to tag"})").ok());
  EXPECT_FALSE(progress.Outcome().ok());
}

TEST(BuildProgress, StreamEndingWithNeitherIsAProtocolError) {
  BuildProgress progress;
  ASSERT_TRUE(progress.Feed(kSucceeded[0]).ok());
  Result<std::string> outcome = progress.Outcome();
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().code, ErrorCode::kProtocol);
}

}  // namespace
}  // namespace ds01::docker
