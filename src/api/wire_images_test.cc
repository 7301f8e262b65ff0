#include "api/wire_images.h"

#include "api/wire_test_support.h"

namespace ds01::api {
namespace {

using testing::Keys;
using testing::Millis;
using testing::RoundTrip;
using Strings = std::vector<std::string>;

// Every field set and none to its default; the binding makes a member added later a compile
// error here until it is filled.
Image FullImage() {
  Image image;
  auto& [reference, repository, tag, id, size_bytes, created_at, owner, kind, used_by] = image;
  reference = "ds01-1001/my-thesis:latest";
  repository = "ds01-1001/my-thesis";
  tag = "latest";
  id = "sha256:0123abcd";
  size_bytes = 8'800'000'000;
  created_at = Millis(1704060000250);
  owner = Owner{1001, "alice"};
  kind = "project";
  used_by = {"thesis", "thesis-eval"};
  return image;
}

Image CatalogueImage() {
  Image image = FullImage();
  image.reference = "debian:bookworm-slim";
  image.repository = "debian";
  image.tag = "bookworm-slim";
  image.owner.reset();
  image.kind = "catalogue";
  image.used_by.clear();
  return image;
}

TEST(WireImages, EveryFieldSurvivesTheTrip) {
  EXPECT_EQ(RoundTrip(FullImage()), FullImage());
  EXPECT_EQ(RoundTrip(CatalogueImage()), CatalogueImage());
  EXPECT_EQ(RoundTrip(ImageList{{FullImage(), CatalogueImage()}}),
            (ImageList{{FullImage(), CatalogueImage()}}));
  EXPECT_EQ(RoundTrip(ImageRemoveRequest{true}), ImageRemoveRequest{true});
  EXPECT_EQ(RoundTrip(ImageRemoved{"ds01-1001/x:latest"}), ImageRemoved{"ds01-1001/x:latest"});
}

TEST(WireImages, KeysAreTheDocumentedOnes) {
  const nlohmann::json json = FullImage();
  EXPECT_EQ(Keys(json), (Strings{"created_at", "id", "kind", "owner", "reference", "repository",
                                 "size_bytes", "tag", "used_by"}));
  EXPECT_EQ(Keys(json["owner"]), (Strings{"uid", "user"}));
  EXPECT_FALSE(nlohmann::json(CatalogueImage()).contains("owner")) << "a catalogue image's";
  EXPECT_EQ(json["created_at"], "2023-12-31T22:00:00.250Z");
  EXPECT_EQ(Keys(nlohmann::json(ImageList{})), Strings{"images"});
  EXPECT_EQ(Keys(nlohmann::json(ImageRemoveRequest{true})), Strings{"force"});
  EXPECT_EQ(nlohmann::json(ImageRemoveRequest{}), nlohmann::json::object());
  EXPECT_EQ(Keys(nlohmann::json(ImageRemoved{})), Strings{"removed"});
}

TEST(WireImages, AMalformedImageIsAnErrorNotACrash) {
  nlohmann::json json = FullImage();
  json["kind"] = "system";
  EXPECT_EQ(FromWire<Image>(json).error().message, "unknown image kind \"system\"");
  json = FullImage();
  json.erase("used_by");
  EXPECT_EQ(FromWire<Image>(json).error().message, "key 'used_by' not found");
  json = FullImage();
  json["created_at"] = "last week";
  EXPECT_EQ(FromWire<Image>(json).error().code, ErrorCode::kProtocol);
  EXPECT_FALSE(FromWire<ImageList>(nlohmann::json::array()).ok());
}

}  // namespace
}  // namespace ds01::api
