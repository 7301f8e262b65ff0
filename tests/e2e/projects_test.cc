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

TEST_F(ProjectsTest, DeployStartsFromAnImageAndRetireTakesItAwayGpuAndAll) {
  ProcessResult deployed = CliOk(
      user(1), {"container", "deploy", "d1", "--image=" + std::string(kBaseImage), "--background"});
  EXPECT_NE(deployed.out.find("Enter it with container-attach d1"), std::string::npos)
      << deployed.out;
  EXPECT_EQ(Listed(user(1), "d1").value_or(nullptr).value("state", ""), "running");
  EXPECT_EQ(
      CliFed(user(1),
             {"container-deploy", "d2", "--image=" + std::string(kBaseImage), "--gpu=0", "--open"},
             "exit 6\n")
          .exit_code,
      6);
  CliOk(user(1), {"container", "retire", "d1", "--force"});
  CliOk(user(1), {"container-retire", "d2"});
  EXPECT_FALSE(Listed(user(1), "d1").has_value());
  EXPECT_FALSE(Listed(user(1), "d2").has_value());
  http::Response limits = Api(user(1), "GET", "/v1/limits");
  EXPECT_EQ(nlohmann::json::parse(limits.body)["usage"]["gpus"], 0) << limits.body;
}

TEST_F(ProjectsTest, DeployFromAMissingImageLeavesNothing) {
  ProcessResult missing = Cli(user(1), {"container-deploy", "gone", "--background"});
  EXPECT_EQ(missing.exit_code, 3) << missing.Describe();
  EXPECT_FALSE(Listed(user(1), "gone").has_value());
}

}  // namespace
}  // namespace ds01::e2e
