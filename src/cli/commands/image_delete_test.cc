#include "cli/commands/image_delete.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using nlohmann::json;
using testing::MakeImage;
using testing::TestSession;

constexpr const char* kRoute = "/v1/images/my-thesis/remove";

TEST(ImageDeleteFlags, TakeOneName) {
  ImageDeleteOptions options;
  ArgSpec spec("image-delete");
  DeclareImageDelete(spec, options);
  ASSERT_TRUE(spec.Parse({"my-thesis"}).ok());
  EXPECT_EQ(options.name, "my-thesis");
  EXPECT_FALSE(spec.Parse({"a", "b"}).ok());
}

TEST(ProjectNamed, TakesTheCallersOwnReferenceAsImageListShowsIt) {
  EXPECT_EQ(ProjectNamed("my-thesis", 1001), "my-thesis");
  EXPECT_EQ(ProjectNamed("ds01-1001/my-thesis", 1001), "my-thesis");
  EXPECT_EQ(ProjectNamed("ds01-1001/my-thesis:latest", 1001), "my-thesis");
  EXPECT_EQ(ProjectNamed("ds01-1002/theirs:latest", 1001), "ds01-1002/theirs:latest")
      << "sent as it is: ds01d answers it as missing";
}

TEST(OwnLatestProject, IsTheProjectOfTheCallersOwnLatestImageOnly) {
  EXPECT_EQ(OwnLatestProject("ds01-1001/my-thesis:latest", 1001), "my-thesis");
  EXPECT_EQ(OwnLatestProject("ds01-1001/my-thesis", 1001), "my-thesis");
  EXPECT_EQ(OwnLatestProject("docker.io/ds01-1001/my-thesis", 1001), "my-thesis");
  EXPECT_EQ(OwnLatestProject("ds01-1001/my-thesis:v1", 1001), std::nullopt);
  EXPECT_EQ(OwnLatestProject("ds01-1002/theirs:latest", 1001), std::nullopt);
  EXPECT_EQ(OwnLatestProject("ds01-10010/x:latest", 1001), std::nullopt);
  EXPECT_EQ(OwnLatestProject("aime/pytorch:2.8.0", 1001), std::nullopt);
  EXPECT_EQ(ProjectImageReference("my-thesis", 1001), "ds01-1001/my-thesis:latest");
}

TEST(RunImageDelete, SendsForceOnlyWithForceAndReportsTheReference) {
  TestSession t;
  t.daemon.Answer("POST", kRoute, api::ImageRemoved{"ds01-1001/my-thesis:latest"});
  ImageDeleteOptions options;
  options.name = "ds01-1001/my-thesis:latest";
  ASSERT_TRUE(RunImageDelete(t.session, options).ok());
  t.session.force = true;
  ASSERT_TRUE(RunImageDelete(t.session, options).ok());
  ASSERT_EQ(t.daemon.requests.size(), 2u);
  EXPECT_EQ(t.daemon.requests[0].target, kRoute);
  EXPECT_EQ(t.daemon.requests[0].body, json::object());
  EXPECT_EQ(t.daemon.requests[1].body, (json{{"force", true}}));
  EXPECT_EQ(t.out.str(),
            "Deleted image ds01-1001/my-thesis:latest\n"
            "Deleted image ds01-1001/my-thesis:latest\n");
}

TEST(RunImageDelete, ARefusalComesBackAsTheDaemonWordedIt) {
  TestSession t;
  t.daemon.Answer(
      "POST", kRoute,
      MakeError(ErrorCode::kConflict, "Cannot delete image my-thesis: container thesis uses it",
                "remove it first (container-remove thesis --stop, or container "
                "retire thesis), then image-delete my-thesis"));
  ImageDeleteOptions options;
  options.name = "my-thesis";
  Status status = RunImageDelete(t.session, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kConflict);
  EXPECT_EQ(t.out.str(), "");
}

TEST(RunImageDelete, WithoutANameOrATerminalItIsAUsageErrorAtOnce) {
  TestSession t;
  Status status = RunImageDelete(t.session, {});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(t.daemon.requests.empty());
}

TEST(RunImageDelete, OnATerminalAMenuOffersTheCallersProjectImagesThenAsks) {
  TestSession t;
  api::Image tagged = MakeImage("old", 2, {}, "v1");
  api::Image base = MakeImage("base");
  base.repository = "debian";
  base.kind = "catalogue";
  t.daemon.Answer("GET", "/v1/images",
                  api::ImageList{{MakeImage("experiment", 6), MakeImage("my-thesis", 8, {"thesis"}),
                                  tagged, base}});
  t.daemon.Answer("POST", kRoute, api::ImageRemoved{"ds01-1001/my-thesis:latest"});
  t.TerminalTyping("2\ny\n");
  ASSERT_TRUE(RunImageDelete(t.session, {}).ok());
  const std::string out = t.out.str();
  EXPECT_NE(out.find("Which image to delete?\n"
                     "  1)   experiment   6.0GiB   2d 3h ago\n"
                     "  2)   my-thesis    8.0GiB   2d 3h ago   used by thesis\n"
                     "Choose 1-2"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Delete image ds01-1001/my-thesis:latest? "), std::string::npos) << out;
  EXPECT_NE(out.find("Deleted image ds01-1001/my-thesis:latest\n"), std::string::npos) << out;
}

TEST(RunImageDelete, OnATerminalANoDeletesNothing) {
  TestSession t;
  t.TerminalTyping("n\n");
  ImageDeleteOptions options;
  options.name = "my-thesis";
  Status status = RunImageDelete(t.session, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kCancelled);
  EXPECT_TRUE(t.daemon.requests.empty());
}

TEST(RunImageDelete, AMenuWithNothingToOfferSaysSo) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/images", api::ImageList{});
  t.TerminalTyping("1\n");
  Status status = RunImageDelete(t.session, {});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace ds01::cli
