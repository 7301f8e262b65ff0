// Image builds (issue 10) as real users: image-create reads the project as its owner, builds
// the Dockerfile ds01d reviewed with the owner's limits, and tags ds01-<uid>/<project>:latest;
// a failing step, a link out of the project, another user's image or a ds01.* label leave
// nothing new behind; image-update names the containers still on the old image.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "docker/containers.h"
#include "docker/images.h"
#include "tests/e2e/support/e2e_fixture.h"

namespace ds01::e2e {
namespace {

namespace fs = std::filesystem;

class BuildsTest : public E2eTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(E2eTest::SetUp());
    for (int n : {1, 2}) fs::remove_all(user(n).workspace + "/thesis");
    RemoveImages();
  }

  void TearDown() override {
    RemoveImages();
    E2eTest::TearDown();
  }

  docker::ImageApi Images() { return docker::ImageApi(engine().engine()); }

  std::string Reference(const TestUser& who) const {
    return "ds01-" + std::to_string(who.uid) + "/thesis:latest";
  }

  void RemoveImages() {
    for (int n : {1, 2}) (void)Images().Remove(Reference(user(n)), {.force = true});
  }

  // Writes `who`'s project thesis with `files` (path → text), owned by them.
  void WriteProject(const TestUser& who, const std::map<std::string, std::string>& files) {
    const std::string dir = who.workspace + "/thesis";
    fs::create_directories(dir);
    for (const auto& [path, text] : files) {
      fs::create_directories(fs::path(dir + "/" + path).parent_path());
      std::ofstream(dir + "/" + path, std::ios::trunc) << text;
    }
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      ASSERT_EQ(::lchown(entry.path().c_str(), who.uid, who.gid), 0) << entry.path();
    }
    ASSERT_EQ(::lchown(dir.c_str(), who.uid, who.gid), 0);
  }

  std::optional<std::string> ImageId(const TestUser& who) {
    auto image = Images().Inspect(Reference(who));
    if (!image.ok()) return std::nullopt;
    return image->id;
  }

  // Containers the engine has whose command mentions `marker` (a build's step containers).
  int StepContainersWith(const std::string& marker) {
    auto containers = docker::ContainerApi(engine().engine()).List();
    EXPECT_TRUE(containers.ok());
    int found = 0;
    if (containers.ok()) {
      for (const auto& container : *containers) {
        if (container.command.find(marker) != std::string::npos) ++found;
      }
    }
    return found;
  }
};

TEST_F(BuildsTest, InitBuildCreateExecAndRetireAsTheSeedWritesThem) {
  CliOk(user(1), {"project", "init", "thesis", "--quick", "--no-git"});
  const std::string dockerfile = user(1).workspace + "/thesis/Dockerfile";
  std::ofstream(dockerfile, std::ios::app) << "RUN echo built-by-ds01 > /built.txt\n";

  ProcessResult built = CliOk(user(1), {"image-create", "thesis"});
  EXPECT_NE(built.out.find("Step 1/3 : FROM ds01-test/base:latest\n"), std::string::npos)
      << built.out;
  EXPECT_NE(built.out.find("Step 3/3 : RUN echo built-by-ds01 > /built.txt\n"), std::string::npos)
      << built.out;
  EXPECT_NE(built.out.find("Built " + Reference(user(1)) + " in "), std::string::npos) << built.out;
  auto image = Images().Inspect(Reference(user(1)));
  ASSERT_TRUE(image.ok()) << image.error().ToString();
  EXPECT_EQ(image->labels["ds01.image.user"], user(1).name);
  EXPECT_EQ(image->labels["ds01.image.project"], "thesis");

  // container-create NAME uses the project's image and mounts the project.
  CliOk(user(1), {"container-create", "thesis", "--gpu=0"});
  CliOk(user(1), {"container-start", "thesis"});
  EXPECT_EQ(CliOk(user(1), {"container-exec", "thesis", "cat", "/built.txt"}).out,
            "built-by-ds01\n");
  ProcessResult in_use = Cli(user(1), {"image-delete", "thesis", "--force"});
  EXPECT_EQ(in_use.exit_code, 4) << in_use.Describe();
  CliOk(user(1), {"container", "retire", "thesis", "--force"});
  CliOk(user(1), {"image-delete", "thesis", "--force"});
  EXPECT_FALSE(ImageId(user(1)).has_value());
}

TEST_F(BuildsTest, AFailingStepShowsItsErrorAndLeavesNoTagAndNoStepContainer) {
  const std::string marker = "ds01-e2e-fails-" + std::to_string(::getpid());
  WriteProject(user(1),
               {{"Dockerfile", "FROM ds01-test/base:latest\nRUN echo " + marker + " && exit 7\n"}});
  ProcessResult failed = Cli(user(1), {"image-create", "thesis"});
  EXPECT_EQ(failed.exit_code, 1) << failed.Describe();
  EXPECT_NE(failed.out.find(marker + "\n"), std::string::npos) << failed.out;
  EXPECT_NE(failed.err.find("The build of thesis failed at step 2/2 (RUN echo " + marker),
            std::string::npos)
      << failed.err;
  EXPECT_NE(failed.err.find("returned a non-zero code: 7"), std::string::npos) << failed.err;
  EXPECT_FALSE(ImageId(user(1)).has_value());
  EXPECT_EQ(StepContainersWith(marker), 0);
}

TEST_F(BuildsTest, ARebuildKeepsTheOldImageOnAFailureAndUpdateNamesTheContainersOnIt) {
  WriteProject(user(1), {{"Dockerfile", "FROM ds01-test/base:latest\nRUN echo one > /v\n"}});
  CliOk(user(1), {"image-create", "thesis"});
  const auto first = ImageId(user(1));
  ASSERT_TRUE(first.has_value());
  CliOk(user(1), {"container-create", "thesis", "--gpu=0"});

  WriteProject(user(1), {{"Dockerfile", "FROM ds01-test/base:latest\nRUN exit 3\n"}});
  EXPECT_EQ(Cli(user(1), {"image-update", "thesis"}).exit_code, 1);
  EXPECT_EQ(ImageId(user(1)), first) << "a failed rebuild moved the tag";

  WriteProject(user(1), {{"Dockerfile", "FROM ds01-test/base:latest\nRUN echo two > /v\n"}});
  ProcessResult updated = CliOk(user(1), {"image-update", "thesis"});
  EXPECT_NE(ImageId(user(1)), first);
  EXPECT_NE(updated.out.find("  container-remove thesis --stop && container-create thesis\n"),
            std::string::npos)
      << updated.out;
  // Seed 000 Workflow 4, as written.
  CliOk(user(1), {"container-remove", "thesis", "--stop"});
  CliOk(user(1), {"container-create", "thesis", "--gpu=0"});
  CliOk(user(1), {"container-start", "thesis"});
  EXPECT_EQ(CliOk(user(1), {"container-exec", "thesis", "cat", "/v"}).out, "two\n");
}

TEST_F(BuildsTest, AnotherUsersImageIsMissingToABuildAndToACreate) {
  WriteProject(user(1), {{"Dockerfile", "FROM ds01-test/base:latest\nRUN echo secret > /s\n"}});
  CliOk(user(1), {"image-create", "thesis"});

  WriteProject(user(2), {{"Dockerfile", "FROM " + Reference(user(1)) + "\n"}});
  ProcessResult stolen = Cli(user(2), {"image-create", "thesis"});
  EXPECT_EQ(stolen.exit_code, 3) << stolen.Describe();
  EXPECT_NE(stolen.err.find("Image " + Reference(user(1)) +
                            " does not exist on this host (Dockerfile line 1)"),
            std::string::npos)
      << stolen.err;
  // Same words for an image nobody has.
  WriteProject(user(2), {{"Dockerfile",
                          "FROM ds01-" + std::to_string(user(1).uid) + "/never-built:latest\n"}});
  ProcessResult missing = Cli(user(2), {"image-create", "thesis"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_EQ(Anonymise(missing.err, "never-built"), Anonymise(stolen.err, "thesis"));
  // --base names it too: the same refusal.
  WriteProject(user(2), {{"Dockerfile", "FROM ds01-test/base:latest\n"}});
  EXPECT_EQ(Cli(user(2), {"image-create", "thesis", "--base=" + Reference(user(1))}).exit_code, 3);
  EXPECT_FALSE(ImageId(user(2)).has_value());

  ProcessResult create = Cli(user(2), {"container-create", "x", "--image=" + Reference(user(1))});
  EXPECT_EQ(create.exit_code, 3) << create.Describe();
  EXPECT_EQ(Cli(user(2), {"image-delete", Reference(user(1)), "--force"}).exit_code, 3);
  EXPECT_TRUE(ImageId(user(1)).has_value());
}

TEST_F(BuildsTest, TheProjectIsReadAsItsOwnerNeverAsRoot) {
  // A link out of the project is refused by name; a file the owner cannot read stops the build.
  WriteProject(user(1), {{"Dockerfile", "FROM ds01-test/base:latest\nCOPY . /ctx\n"}});
  const std::string dir = user(1).workspace + "/thesis";
  fs::create_directory_symlink("/etc", dir + "/etc");
  ProcessResult linked = Cli(user(1), {"image-create", "thesis"});
  EXPECT_EQ(linked.exit_code, 2) << linked.Describe();
  EXPECT_NE(linked.err.find("etc is a symbolic link to /etc, outside the project"),
            std::string::npos)
      << linked.err;
  std::ofstream(dir + "/.dockerignore") << "etc\n";
  ASSERT_EQ(::lchown((dir + "/.dockerignore").c_str(), user(1).uid, user(1).gid), 0);

  std::ofstream(dir + "/root-only.txt") << "root's";
  ASSERT_EQ(::chmod((dir + "/root-only.txt").c_str(), 0600), 0);  // root's, not the owner's
  ProcessResult unreadable = Cli(user(1), {"image-create", "thesis"});
  EXPECT_NE(unreadable.exit_code, 0) << unreadable.Describe();
  EXPECT_NE(unreadable.err.find("root-only.txt"), std::string::npos) << unreadable.err;
  EXPECT_FALSE(ImageId(user(1)).has_value());

  fs::remove(dir + "/root-only.txt");
  CliOk(user(1), {"image-create", "thesis"});
}

TEST_F(BuildsTest, ADockerfileThatSetsADs01LabelIsNeverTagged) {
  WriteProject(user(1), {{"Dockerfile",
                          "FROM ds01-test/base:latest\n"
                          "LABEL ds01.mounts='[{\"source\":\"/etc\"}]'\n"}});
  ProcessResult labelled = Cli(user(1), {"image-create", "thesis"});
  EXPECT_EQ(labelled.exit_code, 4) << labelled.Describe();
  EXPECT_NE(labelled.err.find("sets the label ds01.mounts"), std::string::npos) << labelled.err;
  EXPECT_FALSE(ImageId(user(1)).has_value());
}

TEST_F(BuildsTest, ASecondBuildOfTheSameProjectIsBusyAndABuildRunsUnderTheOwnersMemoryCap) {
  // The step waits so that a second request arrives while it runs, and reports the memory cap
  // the engine gave its container (cgroup v1 or v2).
  const std::string marker = "ds01-e2e-busy-" + std::to_string(::getpid());
  WriteProject(user(1), {{"Dockerfile",
                          "FROM ds01-test/base:latest\n"
                          "RUN echo " +
                              marker +
                              "; sleep 3; "
                              "cat /sys/fs/cgroup/memory/memory.limit_in_bytes "
                              "/sys/fs/cgroup/memory.max 2>/dev/null; true\n"}});
  ProcessResult first;
  std::thread building([&] { first = Cli(user(1), {"image-create", "thesis", "--no-cache"}); });
  const bool running =
      Eventually([&] { return StepContainersWith(marker) > 0; }, std::chrono::seconds(20));
  const int second = running ? Api(user(1), "POST", "/v1/images/thesis/build", "{}").status : 0;
  building.join();
  ASSERT_TRUE(running) << first.Describe();
  EXPECT_EQ(second, 409);
  EXPECT_EQ(first.exit_code, 0) << first.Describe();
  EXPECT_NE(first.out.find(std::to_string(512ull << 20)), std::string::npos)  // TestConfig's
      << first.out;
}

TEST_F(BuildsTest, LaunchBuildsWhenToldThenCreatesStartsAndLeavesARunningProjectAlone) {
  CliOk(user(1), {"project", "init", "thesis", "--quick", "--no-git", "--gpu=0"});
  // Seed 001, "Image not found": deploy names both ways to build it.
  ProcessResult deploy = Cli(user(1), {"container", "deploy", "thesis", "--background"});
  EXPECT_EQ(deploy.exit_code, 3) << deploy.Describe();
  EXPECT_NE(deploy.err.find("project launch thesis"), std::string::npos) << deploy.err;
  EXPECT_NE(deploy.err.find("image-create thesis"), std::string::npos) << deploy.err;

  ProcessResult unasked = Cli(user(1), {"project", "launch", "thesis", "--background"});
  EXPECT_EQ(unasked.exit_code, 3) << unasked.Describe();
  EXPECT_NE(unasked.err.find("project launch thesis --yes"), std::string::npos) << unasked.err;
  EXPECT_FALSE(Listed(user(1), "thesis").has_value());

  const auto containers_in_use = [&] {
    return nlohmann::json::parse(Api(user(1), "GET", "/v1/limits").body)["usage"]["containers"];
  };
  EXPECT_EQ(containers_in_use(), 0);
  ProcessResult launched = CliOk(user(1), {"project", "launch", "thesis", "--yes", "--background"});
  EXPECT_EQ(containers_in_use(), 1);
  EXPECT_NE(CliOk(user(1), {"check-limits"}).out.find("(1 in use, 1 running)"), std::string::npos);
  EXPECT_NE(launched.out.find("Built " + Reference(user(1))), std::string::npos) << launched.out;
  EXPECT_EQ(Listed(user(1), "thesis").value_or(nullptr).value("state", ""), "running");
  EXPECT_EQ(CliOk(user(1), {"container-exec", "thesis", "ls", "/workspace/Dockerfile"}).out,
            "/workspace/Dockerfile\n");

  ProcessResult again = Cli(user(1), {"project-launch", "thesis"});
  EXPECT_EQ(again.exit_code, 4) << again.Describe();
  EXPECT_NE(again.err.find("Container thesis already exists and is running"), std::string::npos)
      << again.err;
  EXPECT_NE(again.err.find("container-attach thesis"), std::string::npos) << again.err;

  CliOk(user(1), {"container-stop", "thesis"});
  CliOk(user(1), {"project", "launch", "thesis", "--background"});  // the image is there now
  EXPECT_EQ(Listed(user(1), "thesis").value_or(nullptr).value("state", ""), "running");
  CliOk(user(1), {"container", "retire", "thesis", "--force"});
  EXPECT_EQ(containers_in_use(), 0);
}

}  // namespace
}  // namespace ds01::e2e
