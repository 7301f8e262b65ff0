#include "cli/output/image_view.h"

#include <gtest/gtest.h>

#include <sstream>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::MakeImage;

const Clock::TimePoint kNow = FakeClock::DefaultStart();

std::string Render(const std::vector<api::Image>& images, OutputFormat format) {
  std::ostringstream out;
  RenderImages(out, images, format, kNow);
  return out.str();
}

api::Image Catalogue() {
  api::Image image = MakeImage("unused", 1);
  image.reference = "debian:bookworm-slim";
  image.repository = "debian";
  image.tag = "bookworm-slim";
  image.owner.reset();
  image.kind = "catalogue";
  image.size_bytes = 75 << 20;
  return image;
}

TEST(RenderImages, TableShowsTheSeedsColumnsAndWhoUsesEachImage) {
  api::Image experiment = MakeImage("experiment", 6, {}, "v2");
  experiment.created_at = kNow - std::chrono::minutes(45);
  EXPECT_EQ(Render({MakeImage("my-thesis", 8, {"thesis", "eval"}), experiment, Catalogue()},
                   OutputFormat::kTable),
            "REPOSITORY             TAG             SIZE      CREATED     USED BY\n"
            "ds01-1001/my-thesis    latest          8.0GiB    2d 3h ago   thesis, eval\n"
            "ds01-1001/experiment   v2              6.0GiB    45m ago     -\n"
            "debian                 bookworm-slim   75.0MiB   2d 3h ago   -\n");
}

TEST(RenderImages, JsonIsTheDaemonsObjectsAndSimpleOneReferenceALine) {
  const std::vector<api::Image> images{MakeImage("my-thesis"), Catalogue()};
  EXPECT_EQ(nlohmann::json::parse(Render(images, OutputFormat::kJson)), nlohmann::json(images));
  EXPECT_EQ(Render({}, OutputFormat::kJson), "[]\n");
  EXPECT_EQ(Render(images, OutputFormat::kSimple),
            "ds01-1001/my-thesis:latest\ndebian:bookworm-slim\n");
}

TEST(ImageCells, AFutureBuildTimeReadsAsJustNow) {
  api::Image image = MakeImage("clock-skew");
  image.created_at = kNow + std::chrono::minutes(5);
  EXPECT_EQ(ImageAgeCell(image, kNow), "0s ago");
  EXPECT_EQ(UsedByCell(image), "-");
  image.size_bytes = -1;
  EXPECT_EQ(ImageSizeCell(image), "0B");
}

}  // namespace
}  // namespace ds01::cli
