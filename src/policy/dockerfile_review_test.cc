#include "policy/dockerfile_review.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ds01::policy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr uid_t kUid = 1000;

Config Catalogue() {
  Config config;
  config.frameworks = {{"minimal", "debian:bookworm-slim"}, {"pytorch", "aime/pytorch:2.8.0"}};
  config.images.allowed = {"nvcr.io/nvidia/*"};
  return config;
}

DockerfileReview Reviewed(std::string_view text, std::string_view base = {},
                          const Config& config = Catalogue()) {
  auto review = ReviewDockerfile(text, kUid, config, base);
  EXPECT_TRUE(review.ok()) << text << "\n-> " << review.error().ToString();
  return review.ok() ? *review : DockerfileReview{};
}

Error Refusal(std::string_view text, std::string_view base = {},
              const Config& config = Catalogue()) {
  auto review = ReviewDockerfile(text, kUid, config, base);
  EXPECT_FALSE(review.ok()) << text << "\n-> reviewed fine";
  return review.ok() ? Error{} : review.error();
}

// The refusal of an image the user may not use, which must read as a missing image does.
void ExpectMissing(std::string_view text, std::string_view image, int line,
                   const Config& config = Catalogue()) {
  const Error error = Refusal(text, {}, config);
  EXPECT_EQ(error.code, ErrorCode::kNotFound) << text;
  EXPECT_EQ(error.message, "Image " + std::string(image) +
                               " does not exist on this host (Dockerfile line " +
                               std::to_string(line) + ")")
      << text;
}

TEST(DockerfileReview, TheUsersOwnImagesTheCatalogueAndTheAllowListPass) {
  const std::string text =
      "FROM ds01-1000/thesis\n"
      "RUN pip install numpy\n"
      "FROM debian:bookworm-slim\n"
      "FROM aime/pytorch:2.8.0\n"
      "FROM nvcr.io/nvidia/pytorch:24.01-py3\n";
  const DockerfileReview review = Reviewed(text);
  EXPECT_EQ(review.text, text);
  EXPECT_THAT(review.images, ElementsAre("ds01-1000/thesis", "debian:bookworm-slim",
                                         "aime/pytorch:2.8.0", "nvcr.io/nvidia/pytorch:24.01-py3"));
}

TEST(DockerfileReview, AnotherUsersImageReadsExactlyAsAMissingOne) {
  ExpectMissing("FROM ds01-1001/thesis\n", "ds01-1001/thesis", 1);
  ExpectMissing("FROM debian:bookworm-slim\nRUN true\nFROM ds01-1001/thesis:v2 AS x\n",
                "ds01-1001/thesis:v2", 3);
  ExpectMissing("FROM no-such/image\n", "no-such/image", 1);
  const Error refused = Refusal("FROM ds01-1001/thesis\n");
  const Error unknown = Refusal("FROM no-such/image\n");
  EXPECT_EQ(refused.hint, unknown.hint);
  EXPECT_EQ(refused.hint,
            "build it first with image-create, or start from one of the catalogue's base images: "
            "debian:bookworm-slim, aime/pytorch:2.8.0");
}

TEST(DockerfileReview, WithoutACatalogueTheHintSendsToTheAdmin) {
  Config config = Catalogue();
  config.frameworks.clear();
  const Error error = Refusal("FROM ds01-1001/thesis\n", {}, config);
  EXPECT_EQ(error.code, ErrorCode::kNotFound);
  EXPECT_THAT(error.hint, HasSubstr("ask an admin which images.allowed lists"));
}

TEST(DockerfileReview, ImageIdsAndOtherHubSpellingsAreRefused) {
  ExpectMissing("FROM sha256:0123456789abcdef\n", "sha256:0123456789abcdef", 1);
  ExpectMissing("FROM deadbeef\n", "deadbeef", 1);
  // However short, hex digits may be an id prefix the engine looks up.
  Config config = Catalogue();
  config.images.allowed = {"*", "*/*", "*/*/*"};
  ExpectMissing("FROM abc\n", "abc", 1, config);
  ExpectMissing("FROM debian:bookworm-slim\nCOPY --from=a /x /x\n", "a", 2, config);
  // The engine reads index.docker.io/ds01-1001/x as the local ds01-1001/x.
  ExpectMissing("FROM index.docker.io/ds01-1001/x\n", "index.docker.io/ds01-1001/x", 1, config);
  ExpectMissing("FROM registry-1.docker.io/ds01-1001/x\n", "registry-1.docker.io/ds01-1001/x", 1,
                config);
  EXPECT_THAT(Reviewed("FROM index.docker.io/library/debian:bookworm-slim\n").images,
              ElementsAre("index.docker.io/library/debian:bookworm-slim"));
}

TEST(DockerfileReview, ScratchIsNoImage) {
  const DockerfileReview review = Reviewed("FROM scratch\nCOPY app /app\n");
  EXPECT_THAT(review.images, IsEmpty());
}

TEST(DockerfileReview, ADockerfileWithoutFromIsRefusedWithAFix) {
  for (const char* text : {"", "# only a comment\n", "RUN echo hi\n", "ARG X=1\n"}) {
    const Error error = Refusal(text);
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument) << text;
    EXPECT_EQ(error.message, "The Dockerfile has no FROM line") << text;
    EXPECT_EQ(error.hint, "start it with FROM IMAGE, e.g. FROM debian:bookworm-slim") << text;
  }
}

TEST(DockerfileReview, GlobalArgsSupplyFromLines) {
  EXPECT_THAT(Reviewed("ARG BASE=debian\nARG TAG=bookworm-slim\nFROM $BASE:${TAG}\n").images,
              ElementsAre("debian:bookworm-slim"));
  EXPECT_THAT(Reviewed("ARG TAG\nFROM debian:${TAG:-bookworm-slim}\n").images,
              ElementsAre("debian:bookworm-slim"));
  EXPECT_THAT(Reviewed("ARG IMG=\"debian:bookworm-slim\"\nFROM ${IMG}\n").images,
              ElementsAre("debian:bookworm-slim"));
  EXPECT_THAT(Reviewed("ARG A=ds01-1001 B=${A:-ds01-1000}/x\nFROM $B\n").images,
              ElementsAre("ds01-1000/x"));
}

TEST(DockerfileReview, ArgsLeadingToAnotherUsersImageAreRefused) {
  ExpectMissing("ARG OWNER=1001\nFROM ds01-${OWNER}/thesis\n", "ds01-1001/thesis", 2);
  ExpectMissing("ARG A=ds01-1001\nARG B=${A}/x\nFROM $B\n", "ds01-1001/x", 3);
  ExpectMissing("ARG TAG\nFROM ds01-1001/x${TAG:-:latest}\n", "ds01-1001/x:latest", 2);
  ExpectMissing("ARG 'IMG'=ds01-1001/x\nFROM $IMG\n", "ds01-1001/x", 2);
  ExpectMissing("ARG IMG='ds01-1001/x'\nFROM \"$IMG\"\n", "ds01-1001/x", 2);
  // Quotes come off as the engine takes them off, whatever the allow list matches.
  Config config = Catalogue();
  config.images.allowed = {"*", "*/*", "*/*/*"};
  ExpectMissing("FROM \"ds01-1001/x\"\n", "ds01-1001/x", 1, config);
  ExpectMissing("FROM ds01-1001\\/x\n", "ds01-1001/x", 1, config);
}

TEST(DockerfileReview, AnArgWithoutValueExpandsToNothing) {
  const Error error = Refusal("ARG IMAGE\nFROM $IMAGE\n");
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(error.message, "Dockerfile line 2: the image of FROM $IMAGE is empty");
}

TEST(DockerfileReview, VariablesNoGlobalArgDeclaresAreUnset) {
  EXPECT_THAT(Reviewed("FROM ds01-1000/thesis${SUFFIX}\n").images, ElementsAre("ds01-1000/thesis"));
  EXPECT_EQ(Refusal("FROM $NOTHING\n").message,
            "Dockerfile line 1: the image of FROM $NOTHING is empty");
  // An ARG after the first FROM belongs to its stage; FROM lines do not see it.
  ExpectMissing("FROM debian:bookworm-slim\nARG TAG=bookworm-slim\nFROM debian:${TAG}\n",
                "debian:", 3);
}

TEST(DockerfileReview, AnImageDs01CannotReadIsRefusedWithTheReason) {
  const Error error = Refusal("ARG A=x\nFROM ${A/x/ds01-1001}\n");
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(error.message,
            "Dockerfile line 2: ds01 cannot read the image of FROM ${A/x/ds01-1001}: ${A…} is a "
            "substitution ds01 does not read");
  for (const char* text :
       {"ARG TARGETARCH=amd64\nFROM ds01-1000/x-${TARGETARCH}\n", "ARG A=\"ds01-1000\nFROM $A/x\n",
        "ARG $X=y\nARG A=ds01-1000\nFROM $A/x\n"}) {
    EXPECT_THAT(Refusal(text).message, HasSubstr("ds01 cannot read the image of FROM")) << text;
  }
}

TEST(DockerfileReview, StagesAreNamedCaseInsensitivelyAndAreNoImages) {
  const DockerfileReview review = Reviewed(
      "FROM debian:bookworm-slim AS Build\n"
      "RUN make\n"
      "FROM ds01-1000/runtime aS run\n"
      "COPY --from=build /out /out\n"
      "COPY --from=BUILD /more /more\n"
      "FROM BUILD\n"
      "FROM run\n");
  EXPECT_THAT(review.images, ElementsAre("debian:bookworm-slim", "ds01-1000/runtime"));
}

TEST(DockerfileReview, StageNamesAreChecked) {
  EXPECT_EQ(Refusal("FROM debian:bookworm-slim AS 1st\n").code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Refusal("FROM debian:bookworm-slim AS a\nFROM debian:bookworm-slim AS A\n").code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(Refusal("FROM debian:bookworm-slim FOR a\n").code, ErrorCode::kInvalidArgument);
}

TEST(DockerfileReview, CopyFromAnImageIsReviewedLikeFrom) {
  EXPECT_THAT(Reviewed("FROM debian:bookworm-slim\n"
                       "COPY --from=ds01-1000/thesis /data /data\n"
                       "COPY --chown=1000 --from=aime/pytorch:2.8.0 /opt /opt\n")
                  .images,
              ElementsAre("debian:bookworm-slim", "ds01-1000/thesis", "aime/pytorch:2.8.0"));
  ExpectMissing("FROM debian:bookworm-slim\nCOPY --from=ds01-1001/secret /data /data\n",
                "ds01-1001/secret", 2);
  // The flag reader takes quotes and escapes off, in its name as in its value.
  ExpectMissing("FROM debian:bookworm-slim\nCOPY --from=\"ds01-1001/secret\" /d /d\n",
                "ds01-1001/secret", 2);
  ExpectMissing("FROM debian:bookworm-slim\nCOPY --fr\"om\"=ds01-1001/secret /d /d\n",
                "ds01-1001/secret", 2);
  ExpectMissing("FROM debian:bookworm-slim\nADD --from=ds01-1001/secret /d /d\n",
                "ds01-1001/secret", 2);
}

TEST(DockerfileReview, CopyFromWithVariablesIsRefused) {
  const Error error = Refusal("ARG S=x\nFROM debian:bookworm-slim\nCOPY --from=$S /d /d\n");
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(error.message, HasSubstr("--from=$S is not a stage name"));
}

TEST(DockerfileReview, CopyFromANumberNamesAnEarlierStage) {
  EXPECT_THAT(Reviewed("FROM debian:bookworm-slim\n"
                       "FROM ds01-1000/x\n"
                       "COPY --from=0 /a /a\n"
                       "FROM ds01-1000/x\n"
                       "COPY --from=+1 /a /a\n")
                  .images,
              ElementsAre("debian:bookworm-slim", "ds01-1000/x"));
  for (const char* text : {"FROM debian:bookworm-slim\nCOPY --from=0 /a /a\n",
                           "FROM debian:bookworm-slim\nFROM scratch\nCOPY --from=1 /a /a\n",
                           "FROM debian:bookworm-slim\nFROM scratch\nCOPY --from=-1 /a /a\n"}) {
    EXPECT_THAT(Refusal(text).message, HasSubstr("names no stage before this one")) << text;
  }
}

TEST(DockerfileReview, ALaterStageIsAnImageToCopyFrom) {
  // The engine knows only the stages before the current one; "b" here is the image b:latest.
  ExpectMissing(
      "FROM debian:bookworm-slim AS a\nCOPY --from=b /x /x\nFROM debian:bookworm-slim AS b\n", "b",
      2);
  ExpectMissing("FROM debian:bookworm-slim AS a\nCOPY --from=a /x /x\n", "a", 2);
}

TEST(DockerfileReview, RunMountIsRefusedForTheLegacyBuilder) {
  const Error error = Refusal(
      "FROM debian:bookworm-slim\nRUN --mount=type=bind,from=ds01-1001/x,target=/x ls /x\n");
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(error.message,
            "Dockerfile line 2: RUN --mount needs BuildKit; ds01 builds with the legacy builder");
  EXPECT_EQ(Refusal("FROM debian:bookworm-slim\nRUN --network=none --mount=type=cache,target=/c "
                    "make\n")
                .code,
            ErrorCode::kInvalidArgument);
}

TEST(DockerfileReview, OnbuildTriggersWithFromOrMountAreRefused) {
  for (const char* text : {"FROM debian:bookworm-slim\nONBUILD COPY --from=ds01-1001/x /a /b\n",
                           "FROM debian:bookworm-slim\nonbuild copy --f\"rom\"=x /a /b\n",
                           "FROM debian:bookworm-slim\nONBUILD RUN --mount=type=bind,from=x ls\n",
                           "FROM debian:bookworm-slim\nONBU\xC4\xB0LD COPY --from=x /a /b\n"}) {
    const Error error = Refusal(text);
    EXPECT_EQ(error.code, ErrorCode::kPermissionDenied) << text;
    EXPECT_THAT(error.message, HasSubstr("ONBUILD trigger may not use --from or --mount")) << text;
  }
  EXPECT_THAT(Reviewed("FROM debian:bookworm-slim\nONBUILD RUN make\n").images,
              ElementsAre("debian:bookworm-slim"));
}

TEST(DockerfileReview, HeredocsAreRefused) {
  const Error error =
      Refusal("FROM debian:bookworm-slim\nRUN <<EOF\necho hi\nEOF\nFROM ds01-1001/x\n");
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(error.message, HasSubstr("line 2: RUN holds '<<', a heredoc"));
}

TEST(DockerfileReview, InstructionsAreCaseInsensitive) {
  ExpectMissing("from ds01-1001/x\n", "ds01-1001/x", 1);
  ExpectMissing("FROM debian:bookworm-slim\ncOpY --from=ds01-1001/x /a /b\n", "ds01-1001/x", 2);
  EXPECT_THAT(Reviewed("FrOm debian:bookworm-slim aS base\nfrom base\n").images,
              ElementsAre("debian:bookworm-slim"));
}

TEST(DockerfileReview, TheDockerfileIsReadAsTheEngineReadsIt) {
  // The FROM on line 3 is the RUN's argument, not an instruction.
  EXPECT_THAT(Reviewed("FROM debian:bookworm-slim\nRUN echo \\\nFROM ds01-1001/x\n").images,
              ElementsAre("debian:bookworm-slim"));
  EXPECT_THAT(
      Reviewed("# escape=`\nFROM debian:bookworm-slim\nRUN echo `\nFROM ds01-1001/x\n").images,
      ElementsAre("debian:bookworm-slim"));
  // Below an instruction "# escape=`" is a comment; "\" still continues lines.
  ExpectMissing("FROM debian:bookworm-slim\n# escape=`\nRUN echo `\nFROM ds01-1001/x\n",
                "ds01-1001/x", 4);
  EXPECT_EQ(Refusal("# escape=x\nFROM debian:bookworm-slim\n").message,
            "Dockerfile line 1: the escape directive names 'x'");
}

TEST(DockerfileReview, TheTextIsSentByteForByte) {
  const std::string text =
      "\xEF\xBB\xBF# syntax=docker/dockerfile:1\r\n"
      "ARG TAG=bookworm-slim\r\n"
      "FROM debian:${TAG} AS base   \r\n"
      "  RUN apt-get update && \\\r\n"
      "      apt-get install -y python3\r\n"
      "FROM scratch\r\n"
      "COPY --from=base / /snapshot";
  const DockerfileReview review = Reviewed(text);
  EXPECT_EQ(review.text, text);
  EXPECT_THAT(review.images, ElementsAre("debian:bookworm-slim"));
  ExpectMissing(
      "\xEF\xBB\xBF"
      "FROM ds01-1001/x\r\n",
      "ds01-1001/x", 1);
  // Go's white space includes NO-BREAK SPACE before an instruction.
  ExpectMissing(
      "\xC2\xA0"
      "FROM ds01-1001/x\n",
      "ds01-1001/x", 1);
}

TEST(DockerfileReview, BaseReplacesTheFirstFromKeepingPlatformAndName) {
  const DockerfileReview review = Reviewed(
      "FROM --platform=linux/amd64 debian:bookworm-slim AS build\n"
      "RUN make\n"
      "FROM debian:bookworm-slim\n"
      "COPY --from=build /out /out\n",
      "ds01-1000/thesis:v1");
  EXPECT_EQ(review.text,
            "FROM --platform=linux/amd64 ds01-1000/thesis:v1 AS build\n"
            "RUN make\n"
            "FROM debian:bookworm-slim\n"
            "COPY --from=build /out /out\n");
  EXPECT_THAT(review.images, ElementsAre("ds01-1000/thesis:v1", "debian:bookworm-slim"));
}

TEST(DockerfileReview, BaseReplacesAnImageTheUserMayNotUseOrAnArg) {
  EXPECT_EQ(Reviewed("FROM ds01-1001/x\n", "aime/pytorch:2.8.0").text, "FROM aime/pytorch:2.8.0\n");
  EXPECT_EQ(Reviewed("ARG B=debian\nFROM ${B}:bookworm-slim \\\n  AS a\n", "ds01-1000/x").text,
            "ARG B=debian\nFROM ds01-1000/x \\\n  AS a\n");
  EXPECT_EQ(Reviewed("# escape=`\nFROM `\n  debian:bookworm-slim\n", "scratch").text,
            "# escape=`\nFROM `\n  scratch\n");
}

TEST(DockerfileReview, BaseIsReviewedToo) {
  const Error error = Refusal("FROM debian:bookworm-slim\n", "ds01-1001/x");
  EXPECT_EQ(error.code, ErrorCode::kNotFound);
  EXPECT_EQ(error.message, "Image ds01-1001/x does not exist on this host");
  for (const char* base : {"debian bookworm", "$IMAGE", "--platform=x", "\"debian\"", "a\\b"}) {
    const Error bad = Refusal("FROM debian:bookworm-slim\n", base);
    EXPECT_EQ(bad.code, ErrorCode::kInvalidArgument) << base;
    EXPECT_EQ(bad.message, "Base image '" + std::string(base) + "' is not an image reference");
  }
  EXPECT_EQ(Refusal("RUN true\n", "debian:bookworm-slim").message,
            "The Dockerfile has no FROM line");
  EXPECT_THAT(Refusal("FROM debian:book\\\nworm-slim\n", "ds01-1000/x").message,
              HasSubstr("split over several lines"));
}

TEST(DockerfileReview, EachImageIsListedOnce) {
  EXPECT_THAT(Reviewed("FROM debian:bookworm-slim\nFROM debian:bookworm-slim\n"
                       "COPY --from=debian:bookworm-slim / /\n")
                  .images,
              ElementsAre("debian:bookworm-slim"));
}

TEST(DockerfileReview, DockerfilesOverOneMebibyteAreRefused) {
  std::string text = "FROM debian:bookworm-slim\n";
  text += "#" + std::string(kMaxDockerfileBytes - text.size() - 2, 'x') + "\n";
  ASSERT_EQ(text.size(), kMaxDockerfileBytes);
  EXPECT_THAT(Reviewed(text).images, ElementsAre("debian:bookworm-slim"));
  text += "\n";
  const Error error = Refusal(text);
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(error.message, HasSubstr("up to 1 MiB"));
}

TEST(DockerfileReview, ManyLinesAreReadInOnePass) {
  std::string text = "FROM debian:bookworm-slim AS a\nFROM scratch\n";
  while (text.size() < kMaxDockerfileBytes - 64) text += "COPY --from=a /x /y\n";
  EXPECT_THAT(Reviewed(text).images, ElementsAre("debian:bookworm-slim"));
  std::string continued = "FROM debian:bookworm-slim\nRUN true";
  while (continued.size() < kMaxDockerfileBytes - 64) continued += " \\\n  && true";
  EXPECT_THAT(Reviewed(continued).images, ElementsAre("debian:bookworm-slim"));
  std::string stages = "FROM debian:bookworm-slim\n";
  for (int i = 0; i < 12000; ++i) stages += fmt::format("FROM scratch AS s{}\n", i);
  stages += "FROM scratch\n";
  for (int i = 0; i < 12000; ++i) stages += fmt::format("COPY --from=s{} / /\n", i);
  EXPECT_THAT(Reviewed(stages).images, ElementsAre("debian:bookworm-slim"));
  std::string doubling = "ARG A=x\n";
  while (doubling.size() < kMaxDockerfileBytes - 64) doubling += "ARG A=$A$A\n";
  EXPECT_THAT(Refusal(doubling + "FROM ds01-1000/$A\n").message,
              HasSubstr("expands to more than 1024 bytes"));
}

}  // namespace
}  // namespace ds01::policy
