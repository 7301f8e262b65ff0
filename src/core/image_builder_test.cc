#include "core/image_builder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "core/fake_container_engine_for_test.h"
#include "docker/file_archive.h"
#include "policy/test_files.h"

// Runs as root (as every test of the daemon does): the project is read as another uid.
namespace ds01::core {
namespace {

using ::testing::HasSubstr;

constexpr uid_t kAlice = 64101;
constexpr uid_t kBob = 64102;

class ImageBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(geteuid(), 0u) << "the builder reads projects as their owner: run as root";
    ASSERT_EQ(chmod(dir_.path().c_str(), 0755), 0);
    config_.workspaces.root = dir_.path("home/{user}/workspace");
    config_.frameworks = {{"minimal", "ds01-test/base:latest"}};
    engine_.AddImage("ds01-test/base:latest");
    Project("thesis", "FROM ds01-test/base:latest\nRUN echo hi\n");
  }

  // Writes alice's project `name` with `dockerfile`, owned by her and closed to others.
  void Project(const std::string& name, const std::string& dockerfile) {
    dir_.MakeDir("home/alice/workspace/" + name);
    dir_.WriteFile("home/alice/workspace/" + name + "/Dockerfile", dockerfile);
    for (const char* path : {"home/alice", "home/alice/workspace"}) {
      ASSERT_EQ(chown(dir_.path(path).c_str(), kAlice, kAlice), 0);
      ASSERT_EQ(chmod(dir_.path(path).c_str(), 0700), 0);
    }
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(dir_.path("home/alice/workspace"))) {
      ASSERT_EQ(lchown(entry.path().c_str(), kAlice, kAlice), 0);
    }
  }

  Result<BuiltImage> Build(const BuildAsk& ask, const policy::Identity& who = kAliceId) {
    auto prepared = builder_.Prepare(who, ask, config_);
    if (!prepared.ok()) return std::move(prepared).error();
    return builder_.Run(std::move(*prepared), [this](const docker::BuildEvent& event) {
      lines_.push_back(event.text);
      return true;
    });
  }

  // The Dockerfile the engine was handed in the last build's context.
  std::string SentDockerfile() {
    const auto builds = engine_.builds();
    if (builds.empty()) return {};
    auto text =
        docker::FileIn(builds.back().context.tar, builds.back().context.dockerfile, 1 << 20);
    return text.ok() ? *text : std::string();
  }

  static inline const policy::Identity kAliceId{kAlice, kAlice, "alice", {}};
  policy::testing::TempDir dir_;
  policy::Config config_;
  FakeContainerEngine engine_;
  policy::Limits limits_{.memory_bytes = 8ull << 30, .cpus = 2.5, .shm_size_bytes = 1ull << 30};
  ImageBuilder builder_{engine_, [this](uid_t) { return limits_; }};
  std::vector<std::string> lines_;
};

TEST_F(ImageBuilderTest, BuildsTheProjectIntoTheOwnersImageUnderTheirLimits) {
  auto built = Build({.project = "thesis"});
  ASSERT_TRUE(built.ok()) << built.error().ToString();
  EXPECT_EQ(built->reference, "ds01-64101/thesis:latest");
  EXPECT_FALSE(built->replaced.has_value());
  EXPECT_TRUE(engine_.HasImage("ds01-64101/thesis:latest"));
  ASSERT_EQ(lines_.size(), 3u) << "the Dockerfile's two steps and ds01's LABEL";
  EXPECT_EQ(lines_[1], "Step 2/3 : RUN echo hi\n");
  const ImageBuild sent = engine_.builds().back();
  EXPECT_EQ(sent.memory_bytes, 8ll << 30);
  EXPECT_EQ(sent.cpus, 2.5);
  EXPECT_EQ(sent.shm_bytes, 1ll << 30);
  EXPECT_EQ(SentDockerfile(),
            "FROM ds01-test/base:latest\nRUN echo hi\n"
            "LABEL \"ds01.image.project\"=\"thesis\" \"ds01.image.uid\"=\"64101\" "
            "\"ds01.image.user\"=\"alice\"\n");
}

TEST_F(ImageBuilderTest, ARebuildSaysWhichImageItReplaced) {
  auto first = Build({.project = "thesis"});
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  auto second = Build({.project = "thesis", .no_cache = true});
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  ASSERT_TRUE(second->replaced.has_value());
  EXPECT_EQ(*second->replaced, first->id);
  EXPECT_TRUE(engine_.builds().back().no_cache);
}

TEST_F(ImageBuilderTest, BaseReplacesTheFirstFromAndIsWhatTheEngineBuilds) {
  engine_.AddImage("ds01-test/other:latest");
  config_.frameworks["other"] = "ds01-test/other:latest";
  auto built = Build({.project = "thesis", .base = "ds01-test/other:latest"});
  ASSERT_TRUE(built.ok()) << built.error().ToString();
  EXPECT_THAT(SentDockerfile(), HasSubstr("FROM ds01-test/other:latest"));
}

TEST_F(ImageBuilderTest, AnotherUsersImageReadsExactlyAsAMissingOne) {
  engine_.AddImage("ds01-64102/secret:latest");
  Project("steal", "FROM ds01-64102/secret:latest\n");
  Project("typo", "FROM ds01-64101/never-built:latest\n");
  auto refused = Build({.project = "steal"});
  auto missing = Build({.project = "typo"});
  ASSERT_FALSE(refused.ok());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().code, refused.error().code);
  EXPECT_EQ(refused.error().message,
            "Image ds01-64102/secret:latest does not exist on this host (Dockerfile line 1)");
  EXPECT_EQ(missing.error().message,
            "Image ds01-64101/never-built:latest does not exist on this host (Dockerfile line 1)");
  EXPECT_EQ(missing.error().hint, refused.error().hint);
  EXPECT_TRUE(engine_.builds().empty());
}

TEST_F(ImageBuilderTest, AMissingBaseImageIsRefusedBeforeTheEngineBuilds) {
  Project("nobase", "FROM ds01-test/base:latest\nCOPY --from=ds01-64101/gone:latest /x /x\n");
  auto built = Build({.project = "nobase"});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(built.error().message,
            "Image ds01-64101/gone:latest does not exist on this host (Dockerfile line 2)");
  EXPECT_TRUE(engine_.builds().empty());
}

TEST_F(ImageBuilderTest, AMissingProjectOrDockerfileNamesTheFix) {
  auto no_project = Build({.project = "nothing"});
  ASSERT_FALSE(no_project.ok());
  EXPECT_EQ(no_project.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(no_project.error().message, HasSubstr("No project 'nothing'"));
  EXPECT_EQ(no_project.error().hint, "create it with: project init nothing");

  Project("empty", "");
  std::filesystem::remove(dir_.path("home/alice/workspace/empty/Dockerfile"));
  auto no_dockerfile = Build({.project = "empty"});
  ASSERT_FALSE(no_dockerfile.ok());
  EXPECT_THAT(no_dockerfile.error().message, HasSubstr("has no Dockerfile"));
}

TEST_F(ImageBuilderTest, ANameThatClimbsOutIsRefusedBeforeAnythingIsRead) {
  for (const std::string project : {"../bob/workspace/x", "..", "a/b", ""}) {
    auto built = Build({.project = project});
    ASSERT_FALSE(built.ok()) << project;
    EXPECT_EQ(built.error().code, ErrorCode::kInvalidArgument) << project;
  }
}

TEST_F(ImageBuilderTest, AnotherUserCannotBuildFromAProjectTheyCannotRead) {
  // bob's workspace root resolves to his own directory; alice's is closed to him even through
  // a link bob leaves in his workspace.
  dir_.MakeDir("home/bob/workspace");
  std::filesystem::create_directory_symlink(dir_.path("home/alice/workspace/thesis"),
                                            dir_.path("home/bob/workspace/thesis"));
  ASSERT_EQ(lchown(dir_.path("home/bob/workspace/thesis").c_str(), kBob, kBob), 0);
  auto built = Build({.project = "thesis"}, policy::Identity{kBob, kBob, "bob", {}});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code, ErrorCode::kPermissionDenied) << built.error().ToString();
  EXPECT_TRUE(engine_.builds().empty());
}

TEST_F(ImageBuilderTest, ALinkOutOfTheProjectIsRefused) {
  std::filesystem::create_directory_symlink("/etc", dir_.path("home/alice/workspace/thesis/etc"));
  auto built = Build({.project = "thesis"});
  ASSERT_FALSE(built.ok());
  EXPECT_THAT(built.error().message, HasSubstr("etc is a symbolic link to /etc"));
}

TEST_F(ImageBuilderTest, TheEngineBuildsTheReviewedTextNotAFileSwappedAfterwards) {
  auto prepared = builder_.Prepare(kAliceId, {.project = "thesis"}, config_);
  ASSERT_TRUE(prepared.ok()) << prepared.error().ToString();
  dir_.WriteFile("home/alice/workspace/thesis/Dockerfile", "FROM ds01-64102/secret:latest\n");
  auto built = builder_.Run(std::move(*prepared), {});
  ASSERT_TRUE(built.ok()) << built.error().ToString();
  EXPECT_EQ(SentDockerfile().rfind("FROM ds01-test/base:latest\nRUN echo hi\nLABEL ", 0), 0u);
}

TEST_F(ImageBuilderTest, AnImageThatSetsADs01LabelIsNeverTagged) {
  engine_.AddBuildLabel("ds01.mounts", R"([{"source":"/etc","target":"/workspace"}])");
  auto built = Build({.project = "thesis"});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code, ErrorCode::kPermissionDenied);
  EXPECT_THAT(built.error().message, HasSubstr("sets the label ds01.mounts"));
  EXPECT_FALSE(engine_.HasImage("ds01-64101/thesis:latest"));
}

TEST_F(ImageBuilderTest, AFailedBuildLeavesTheTagWhereItWas) {
  auto first = Build({.project = "thesis"});
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  engine_.FailNext("build",
                   MakeError(ErrorCode::kInvalidArgument,
                             "The command '/bin/sh -c false' returned a non-zero code: 1"));
  auto failed = Build({.project = "thesis"});
  ASSERT_FALSE(failed.ok());
  auto tagged = engine_.FindImage("ds01-64101/thesis:latest");
  ASSERT_TRUE(tagged.ok());
  EXPECT_EQ(tagged->id, first->id);
}

TEST_F(ImageBuilderTest, ALastLineThatContinuesIsRefusedRatherThanJoinedToDs01sLabel) {
  Project("dangling", "FROM ds01-test/base:latest\nRUN echo hi \\\n");
  auto built = Build({.project = "dangling"});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(built.error().message, HasSubstr("last line continues"));
  EXPECT_TRUE(engine_.builds().empty());
}

TEST_F(ImageBuilderTest, OneBuildOfAProjectAtATime) {
  auto held = builder_.Claim(kAlice, "thesis");
  ASSERT_TRUE(held.has_value());
  EXPECT_FALSE(builder_.Claim(kAlice, "thesis").has_value());
  EXPECT_TRUE(builder_.Claim(kAlice, "other").has_value());
  EXPECT_TRUE(builder_.Claim(kBob, "thesis").has_value());
}

}  // namespace
}  // namespace ds01::core
