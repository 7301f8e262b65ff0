// A project image is its owner's alone: listed for them with the containers made from it,
// invisible to everyone else, answered to others' image-delete exactly as a missing image, and
// deleted only once no container of the owner's uses it.
#include "docker/images.h"

#include <nlohmann/json.hpp>
#include <string>

#include "tests/e2e/support/e2e_fixture.h"

namespace ds01::e2e {
namespace {

class ImagesTest : public E2eTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(E2eTest::SetUp());
    repository_ = "ds01-" + std::to_string(user(1).uid) + "/proj";
    // User 1's project image, as image-create would leave it: the base image under their name.
    Status tagged = Images().Tag(kBaseImage, repository_, "latest");
    ASSERT_TRUE(tagged.ok()) << tagged.error().ToString();
  }

  void TearDown() override {
    // The fixture removes containers, not images: the tag goes here, whatever the test left.
    if (!repository_.empty()) (void)Images().Remove(reference(), {.force = true});
    E2eTest::TearDown();
  }

  docker::ImageApi Images() { return docker::ImageApi(engine().engine()); }
  std::string reference() const { return repository_ + ":latest"; }
  bool Tagged() { return Images().Inspect(reference()).ok(); }

  // The image objects `who` gets from image-list --format=json; [] on failure (with a test
  // failure).
  nlohmann::json ListedImages(const TestUser& who) {
    ProcessResult listed = CliOk(who, {"image-list", "--format=json"});
    nlohmann::json images = nlohmann::json::parse(listed.out, nullptr, false);
    if (!images.is_array()) {
      ADD_FAILURE() << "image-list --format=json as " << who.name << ":\n" << listed.Describe();
      return nlohmann::json::array();
    }
    return images;
  }

  std::string repository_;
};

TEST_F(ImagesTest, TheOwnerListsTheirImageAndNobodyElseSeesIt) {
  ProcessResult table = CliOk(user(1), {"image-list"});
  EXPECT_EQ(table.out.rfind("REPOSITORY", 0), 0u) << table.out;
  EXPECT_NE(table.out.find(repository_ + "   latest"), std::string::npos) << table.out;

  const nlohmann::json images = ListedImages(user(1));
  ASSERT_EQ(images.size(), 1u) << images.dump();
  const nlohmann::json& image = images[0];
  EXPECT_EQ(image.value("reference", ""), reference());
  EXPECT_EQ(image["owner"].value("user", ""), user(1).name);
  EXPECT_EQ(image.value("kind", ""), "project");
  EXPECT_EQ(image["used_by"], nlohmann::json::array());
  auto base = Images().Inspect(kBaseImage);
  ASSERT_TRUE(base.ok());
  EXPECT_EQ(image.value("id", ""), base->id);

  for (const std::vector<std::string>& args : {std::vector<std::string>{"image-list"},
                                               {"image-list", "--all"},
                                               {"image-list", "--all", "--format=json"}}) {
    ProcessResult theirs = CliOk(user(2), args);
    EXPECT_EQ(theirs.out.find("/proj"), std::string::npos) << args.back() << ": " << theirs.out;
  }
}

TEST_F(ImagesTest, AnotherUsersImageDeleteFailsExactlyAsForAMissingImage) {
  ProcessResult theirs = Cli(user(2), {"image-delete", "proj", "--force"});
  ProcessResult missing = Cli(user(2), {"image-delete", "nothere", "--force"});
  EXPECT_EQ(theirs.exit_code, 3) << theirs.Describe();
  EXPECT_EQ(missing.exit_code, 3) << missing.Describe();
  EXPECT_NE(missing.err.find("Error: Image 'nothere' not found"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("image-list"), std::string::npos) << "the fix names image-list";
  // Quoted: "proj" alone is also part of the hint's "project".
  EXPECT_EQ(Anonymise(theirs.err, "'proj'"), Anonymise(missing.err, "'nothere'"));
  EXPECT_EQ(theirs.out, missing.out);
  // Named in full, or by the image's id: missing too.
  ProcessResult by_reference = Cli(user(2), {"image-delete", reference(), "--force"});
  EXPECT_EQ(by_reference.exit_code, 3) << by_reference.Describe();
  auto base = Images().Inspect(kBaseImage);
  ASSERT_TRUE(base.ok());
  ProcessResult by_id = Cli(user(1), {"image-delete", base->id.substr(7, 12), "--force"});
  EXPECT_EQ(by_id.exit_code, 3) << by_id.Describe();
  EXPECT_TRUE(Tagged());
  EXPECT_TRUE(Images().Inspect(kBaseImage).ok());
}

TEST_F(ImagesTest, AnImageInUseIsKeptNamingTheContainerAndGoesOnceItIsRemoved) {
  CliOk(user(1), {"container-create", "c1", "--image=" + reference(), "--gpu=0"});
  const nlohmann::json images = ListedImages(user(1));
  ASSERT_EQ(images.size(), 1u) << images.dump();
  EXPECT_EQ(images[0]["used_by"], nlohmann::json::array({"c1"}));

  ProcessResult refused = Cli(user(1), {"image-delete", "proj", "--force"});
  EXPECT_EQ(refused.exit_code, 4) << refused.Describe();
  EXPECT_NE(refused.err.find("Error: Cannot delete image proj: container c1 uses it\n"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("Fix: remove it first (container-remove c1 --stop"), std::string::npos)
      << refused.err;
  EXPECT_TRUE(Tagged());

  CliOk(user(1), {"container-remove", "c1", "--force"});
  ProcessResult deleted = CliOk(user(1), {"image-delete", "proj", "--force"});
  EXPECT_EQ(deleted.out, "Deleted image " + reference() + "\n");
  EXPECT_FALSE(Tagged());
  EXPECT_TRUE(Images().Inspect(kBaseImage).ok()) << "only the name went: the base keeps it";
  EXPECT_EQ(ListedImages(user(1)), nlohmann::json::array());
}

}  // namespace
}  // namespace ds01::e2e
