// Projects (issue 10) as real users: project init writes the project into the user's own
// workspace, as them, and never over an existing one; a container of the same name mounts it.
#include <sys/stat.h>

#include <filesystem>

#include "tests/e2e/support/e2e_fixture.h"

namespace ds01::e2e {
namespace {

class ProjectsTest : public E2eTest {
 protected:
  // Workspaces outlive the tests' containers: each test starts without its project.
  void SetUp() override {
    E2eTest::SetUp();
    std::filesystem::remove_all(user(1).workspace + "/thesis");
  }
};

TEST_F(ProjectsTest, InitWritesTheProjectAsTheUserAndAContainerOfThatNameMountsIt) {
  ProcessResult made = CliOk(user(1), {"project", "init", "thesis", "--quick", "--no-git"});
  const std::string dir = user(1).workspace + "/thesis";
  EXPECT_EQ(made.out, "Created project thesis in " + dir +
                          " (minimal, ds01-test/base:latest)\nNext: project launch thesis\n");
  for (const char* file : {"Dockerfile", "pyproject.toml", "README.md", ".gitignore"}) {
    struct stat info {};
    ASSERT_EQ(::stat((dir + "/" + file).c_str(), &info), 0) << file;
    EXPECT_EQ(info.st_uid, user(1).uid) << file;
  }
  CliOk(user(1), {"container-create", "thesis", "--image=" + std::string(kBaseImage), "--gpu=0"});
  CliOk(user(1), {"container-start", "thesis"});
  EXPECT_EQ(
      CliOk(user(1), {"container-exec", "thesis", "grep", "^FROM", "/workspace/Dockerfile"}).out,
      "FROM ds01-test/base:latest\n");
}

TEST_F(ProjectsTest, AnExistingProjectIsNeverOverwritten) {
  CliOk(user(1), {"project-init", "thesis", "--quick", "--no-git"});
  const std::string dockerfile = user(1).workspace + "/thesis/Dockerfile";
  std::filesystem::resize_file(dockerfile, 0);
  ProcessResult again = Cli(user(1), {"project", "init", "thesis", "--quick", "--no-git"});
  EXPECT_EQ(again.exit_code, 4) << again.Describe();
  EXPECT_NE(again.err.find("A project already exists at " + user(1).workspace + "/thesis"),
            std::string::npos)
      << again.err;
  EXPECT_EQ(std::filesystem::file_size(dockerfile), 0u);
}

TEST_F(ProjectsTest, ANameThatLeavesTheWorkspaceIsRefusedBeforeAnythingIsWritten) {
  ProcessResult escape = Cli(user(1), {"project", "init", "../../tmp/x", "--quick", "--no-git"});
  EXPECT_EQ(escape.exit_code, 2) << escape.Describe();
  EXPECT_FALSE(std::filesystem::exists(user(1).workspace + "/../../tmp/x"));
}

}  // namespace
}  // namespace ds01::e2e
