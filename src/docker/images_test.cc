#include "docker/images.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace ds01::docker {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(BuildPath, CarriesTagsArgsLabelsAndNeverPulls) {
  BuildOptions options;
  options.tags = {"ds01-1000/thesis:latest", "ds01-1000/thesis:v2"};
  options.build_args = {{"PY", "3.11"}};
  options.labels = {{"ds01.project", "thesis"}};
  options.no_cache = true;
  EXPECT_EQ(BuildPath(options, "docker/Dockerfile"),
            "/build?dockerfile=docker%2FDockerfile"
            "&t=ds01-1000%2Fthesis%3Alatest&t=ds01-1000%2Fthesis%3Av2"
            "&buildargs=%7B%22PY%22%3A%223.11%22%7D"
            "&labels=%7B%22ds01.project%22%3A%22thesis%22%7D"
            "&nocache=1&rm=1&forcerm=1&pull=0");
}

TEST(BuildPath, DefaultsRemoveIntermediateContainersAndUseTheCache) {
  BuildOptions options;
  options.force_rm = false;
  options.rm = false;
  std::string path = BuildPath(options, "Dockerfile");
  EXPECT_EQ(path, "/build?dockerfile=Dockerfile&rm=0&pull=0");
  EXPECT_TRUE(BuildOptions{}.rm);
  EXPECT_FALSE(BuildOptions{}.no_cache);
}

TEST(ParseImageList, ReadsSummariesAndDropsTheUntaggedPlaceholder) {
  Result<std::vector<ImageSummary>> images = ParseImageList(R"([
    {"Containers":-1,"Created":1795329282,"Id":"sha256:4436","Labels":null,
     "ParentId":"sha256:a308","RepoTags":["<none>:<none>"],"Size":1984172},
    {"Created":1700000000,"Id":"sha256:cbb3","Labels":{"org.ds01.test":"app"},
     "RepoTags":["ds01-test/app:latest","ds01-test/app:v1"],"Size":2048}])");
  ASSERT_TRUE(images.ok()) << images.error().ToString();
  ASSERT_EQ(images->size(), 2u);
  EXPECT_EQ((*images)[0].id, "sha256:4436");
  EXPECT_THAT((*images)[0].repo_tags, IsEmpty());
  EXPECT_THAT((*images)[0].labels, IsEmpty());
  EXPECT_EQ((*images)[0].size, 1984172);
  EXPECT_EQ((*images)[0].created, 1795329282);
  EXPECT_EQ((*images)[0].parent_id, "sha256:a308");
  EXPECT_EQ((*images)[1].parent_id, "") << "no ParentId: built on nothing this engine has";
  EXPECT_THAT((*images)[1].repo_tags, ElementsAre("ds01-test/app:latest", "ds01-test/app:v1"));
  EXPECT_THAT((*images)[1].labels, ElementsAre(Pair("org.ds01.test", "app")));
}

TEST(ParseImageList, SomethingOtherThanAnArrayIsAProtocolError) {
  for (std::string_view body : {R"({"message":"x"})", "not json"}) {
    Result<std::vector<ImageSummary>> images = ParseImageList(body);
    ASSERT_FALSE(images.ok()) << body;
    EXPECT_EQ(images.error().code, ErrorCode::kProtocol);
  }
}

TEST(ParseImageInspect, ReadsTheTypedSubsetAndKeepsTheRawDocument) {
  Result<ImageInspect> image = ParseImageInspect(R"({
    "Id":"sha256:abc","RepoTags":["ds01-1000/p:latest"],"Parent":"sha256:parent",
    "Created":"2025-11-22T06:29:13.409624497Z","Size":1984172,"Architecture":"amd64","Os":"linux",
    "Config":{"Labels":{"ds01.project":"p"},"Env":["PATH=/bin","PY=3"],"Cmd":["/bin/sh"],
              "Entrypoint":null,"WorkingDir":"/workspace","User":"1000"},
    "RootFS":{"Type":"layers"}})");
  ASSERT_TRUE(image.ok()) << image.error().ToString();
  EXPECT_EQ(image->id, "sha256:abc");
  EXPECT_THAT(image->repo_tags, ElementsAre("ds01-1000/p:latest"));
  EXPECT_EQ(image->parent, "sha256:parent");
  EXPECT_EQ(image->created, "2025-11-22T06:29:13.409624497Z");
  EXPECT_EQ(image->size, 1984172);
  EXPECT_EQ(image->architecture, "amd64");
  EXPECT_EQ(image->os, "linux");
  EXPECT_THAT(image->labels, ElementsAre(Pair("ds01.project", "p")));
  EXPECT_THAT(image->env, ElementsAre("PATH=/bin", "PY=3"));
  EXPECT_THAT(image->cmd, ElementsAre("/bin/sh"));
  EXPECT_THAT(image->entrypoint, IsEmpty());
  EXPECT_EQ(image->working_dir, "/workspace");
  EXPECT_EQ(image->user, "1000");
  EXPECT_EQ(image->raw["RootFS"]["Type"], "layers");
}

TEST(ParseImageRemoval, SeparatesUntaggedReferencesFromDeletedImages) {
  Result<ImageRemoval> removal = ParseImageRemoval(
      R"([{"Untagged":"ds01-imgtest-probe:1"},{"Deleted":"sha256:da6d"},{"Deleted":"sha256:4436"}])");
  ASSERT_TRUE(removal.ok());
  EXPECT_THAT(removal->untagged, ElementsAre("ds01-imgtest-probe:1"));
  EXPECT_THAT(removal->deleted, ElementsAre("sha256:da6d", "sha256:4436"));
}

TEST(ParseImagePrune, CountsDeletedImagesAndSpace) {
  Result<PruneReport> report = ParseImagePrune(
      R"({"ImagesDeleted":[{"Untagged":"x@sha256:1"},{"Deleted":"sha256:aa"},{"Deleted":"sha256:bb"}],
          "SpaceReclaimed":4096})");
  ASSERT_TRUE(report.ok());
  EXPECT_THAT(report->deleted, ElementsAre("sha256:aa", "sha256:bb"));
  EXPECT_EQ(report->space_reclaimed, 4096u);

  Result<PruneReport> nothing = ParseImagePrune(R"({"ImagesDeleted":null,"SpaceReclaimed":0})");
  ASSERT_TRUE(nothing.ok());
  EXPECT_THAT(nothing->deleted, IsEmpty());
  EXPECT_FALSE(ParseImagePrune("{").ok());
}

}  // namespace
}  // namespace ds01::docker
