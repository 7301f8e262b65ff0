#include "cli/commands/image_list.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::MakeImage;
using testing::TestSession;

Result<ImageListOptions> Parse(const std::vector<std::string>& args) {
  ImageListOptions options;
  ArgSpec spec("image-list");
  DeclareImageList(spec, options);
  DS01_RETURN_IF_ERROR(spec.Parse(args));
  return options;
}

TEST(ImageListFlags, TakeAllAndAFormatButNoName) {
  auto options = Parse({"--all", "--format=json"});
  ASSERT_TRUE(options.ok());
  EXPECT_TRUE(options->all);
  EXPECT_EQ(options->format, OutputFormat::kJson);
  EXPECT_FALSE(Parse({"--format=xml"}).ok());
  EXPECT_FALSE(Parse({"my-thesis"}).ok());
}

TEST(RunImageList, IsOneRequestAndAsksForTheCatalogueOnlyWithAll) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/images", api::ImageList{{MakeImage("my-thesis")}});
  api::Image base = MakeImage("base");
  base.reference = "debian:bookworm-slim";
  base.kind = "catalogue";
  base.owner.reset();
  t.daemon.Answer("GET", "/v1/images?all=1", api::ImageList{{MakeImage("my-thesis"), base}});
  ImageListOptions options;
  options.format = OutputFormat::kSimple;
  ASSERT_TRUE(RunImageList(t.session, options).ok());
  options.all = true;
  ASSERT_TRUE(RunImageList(t.session, options).ok());
  EXPECT_EQ(t.daemon.requests.size(), 2u);
  EXPECT_EQ(t.out.str(),
            "ds01-1001/my-thesis:latest\n"
            "ds01-1001/my-thesis:latest\ndebian:bookworm-slim\n");
}

TEST(RunImageList, TheTableShowsWhoUsesEachImage) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/images", api::ImageList{{MakeImage("my-thesis", 8, {"thesis"})}});
  ASSERT_TRUE(RunImageList(t.session, {}).ok());
  EXPECT_EQ(t.out.str(),
            "REPOSITORY            TAG      SIZE     CREATED     USED BY\n"
            "ds01-1001/my-thesis   latest   8.0GiB   2d 3h ago   thesis\n");
}

TEST(RunImageList, NoImagesIsSaidInWordsButIsAnEmptyListForScripts) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/images", api::ImageList{});
  ASSERT_TRUE(RunImageList(t.session, {}).ok());
  EXPECT_EQ(t.out.str(),
            "No project images of yours (image-list --all shows the frameworks' images too).\n");
  ImageListOptions json;
  json.format = OutputFormat::kJson;
  t.out.str("");
  ASSERT_TRUE(RunImageList(t.session, json).ok());
  EXPECT_EQ(t.out.str(), "[]\n");
}

}  // namespace
}  // namespace ds01::cli
