#include "cli/commands/project_init.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/wire_workspace.h"
#include "cli/exit_status.h"
#include "cli/run.h"
#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::TestSession;

class ProjectInitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/ds01-project-init-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    root_ = dir;
    t_.daemon.Answer("GET", "/v1/workspace",
                     api::Workspace{root_, {{"jax", "ds01/jax:0.4"}, {"pytorch", "pt:2.3"}}});
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  std::string Dockerfile(const std::string& project) {
    std::ifstream in(root_ + "/" + project + "/Dockerfile");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  TestSession t_;
  std::string root_;
};

TEST_F(ProjectInitTest, ScriptsGetPytorchByDefaultAndNoQuestions) {
  ProjectInitOptions options;
  options.name = "thesis";
  options.no_git = true;
  ASSERT_TRUE(RunProjectInit(t_.session, options).ok());
  EXPECT_NE(Dockerfile("thesis").find("FROM pt:2.3\n"), std::string::npos);
  EXPECT_EQ(t_.out.str(), "Created project thesis in " + root_ + "/thesis (pytorch, pt:2.3)\n" +
                              "Next: project launch thesis\n");
}

TEST_F(ProjectInitTest, OnATerminalTheFrameworkIsChosenFromTheCatalogue) {
  t_.TerminalTyping("1\n");
  ProjectInitOptions options;
  options.name = "thesis";
  options.no_git = true;
  ASSERT_TRUE(RunProjectInit(t_.session, options).ok());
  EXPECT_NE(Dockerfile("thesis").find("FROM ds01/jax:0.4\n"), std::string::npos);
}

TEST_F(ProjectInitTest, AFrameworkOutsideTheCatalogueIsRefusedNamingThem) {
  ProjectInitOptions options;
  options.name = "thesis";
  options.type = "caffe";
  auto ran = RunProjectInit(t_.session, options);
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().hint, "choose one of: jax, pytorch");
  EXPECT_FALSE(std::filesystem::exists(root_ + "/thesis"));
}

TEST_F(ProjectInitTest, ANameThatIsNotAProjectNameTouchesNothing) {
  for (const char* name : {"../escape", "Upper", ".hidden"}) {
    ProjectInitOptions options;
    options.name = name;
    EXPECT_FALSE(RunProjectInit(t_.session, options).ok()) << name;
  }
  EXPECT_TRUE(std::filesystem::is_empty(root_));
}

TEST_F(ProjectInitTest, ItRunsAsProjectInitUnderTheGroupsLinkToo) {
  EXPECT_EQ(RunCommandLine(t_.session, "project", {"init", "p1", "--no-git", "--quick"}), kExitOk)
      << t_.err.str();
  EXPECT_TRUE(std::filesystem::exists(root_ + "/p1/pyproject.toml"));
}

}  // namespace
}  // namespace ds01::cli
